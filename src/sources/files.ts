/**
 * Files, directories and stdin as `Source`s (`source.ts`): one per argument as given, on top of
 * `readEntries`'s expansion and readers. The arguments are expanded together, as `readEntries` does (every
 * explicit input checked before any is read, a file named twice read once, stdin at most once), when the
 * engine checks the first source.
 */
import { open, stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { SourceTally } from '../common/accounting.js'
import { isGzip } from './detect.js'
import { type ExpandOptions, expandInputs, type InputSpec } from './inputs.js'
import { type ReadOptions, readSpec } from './read.js'
import type { Source, SourceContext, SourceProgress } from './source.js'
import type { InputFormat, RawEntry } from './types.js'

export interface FileSourceOptions {
  /** What `-` reads; defaults to `process.stdin`. */
  stdin?: NodeJS.ReadableStream | Readable
  /** Force one format for every input (`--input-format`); `auto` or absent detects per input. */
  format?: InputFormat
}

/** Bytes on disk of a file argument, and whether it is gzip (directories and stdin are not measured). */
async function measure(input: string): Promise<{ size: number; gzip: boolean } | undefined> {
  if (input === '-') return undefined
  try {
    const info = await stat(input)
    if (!info.isFile()) return undefined
    const handle = await open(input, 'r')
    try {
      const magic = Buffer.alloc(2)
      await handle.read(magic, 0, 2, 0)
      return { size: info.size, gzip: isGzip(magic) }
    } finally {
      await handle.close()
    }
  } catch {
    return undefined // reported by the reader with a proper message
  }
}

/** `inputs` (paths, directories, `-`) as sources, in order. */
export function fileSources(inputs: readonly string[], options: FileSourceOptions = {}): Source[] {
  let expanded: Promise<InputSpec[][]> | undefined
  const expand = (context: SourceContext): Promise<InputSpec[][]> => {
    const expandOptions: ExpandOptions = {}
    if (context.debug) expandOptions.debug = context.debug
    if (context.warn) expandOptions.warn = context.warn
    expanded ??= expandInputs(inputs, expandOptions).then((specs) => {
      const byInput: InputSpec[][] = inputs.map(() => [])
      for (const spec of specs) byInput[spec.input ?? 0]?.push(spec)
      return byInput
    })
    return expanded
  }
  return inputs.map((input, index) => new FileSource(input, index, expand, options))
}

class FileSource implements Source {
  private readonly tallies: SourceTally[] = []
  private measured: { size: number; gzip: boolean } | undefined

  constructor(
    readonly description: string,
    private readonly index: number,
    private readonly expand: (context: SourceContext) => Promise<InputSpec[][]>,
    private readonly options: FileSourceOptions,
  ) {}

  async check(context: SourceContext): Promise<void> {
    this.measured = await measure(this.description)
    await this.expand(context)
  }

  async *entries(context: SourceContext): AsyncGenerator<RawEntry> {
    const specs = (await this.expand(context))[this.index] ?? []
    const read: ReadOptions = { accounting: context.accounting }
    if (this.options.stdin) read.stdin = this.options.stdin
    if (this.options.format) read.format = this.options.format
    if (context.selection) read.selection = context.selection
    if (context.debug) read.debug = context.debug
    if (context.warn) read.warn = context.warn
    for (const spec of specs) {
      context.signal?.throwIfAborted()
      yield* readSpec(spec, read, (tally) => this.tallies.push(tally))
    }
  }

  progress(): SourceProgress {
    let done = 0
    for (const tally of this.tallies) done += tally.bytes
    const progress: SourceProgress = { unit: 'bytes', done }
    if (this.measured) {
      progress.size = this.measured.size
      // Reading counts inflated bytes: against a gzip file's size on disk a percentage would be wrong.
      if (!this.measured.gzip) progress.total = this.measured.size
    }
    return progress
  }
}
