/**
 * `readEntries`: expand inputs, detect each one's format, and hand it to that format's reader (`formats.ts`).
 */

import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { Accounting, SourceTally } from '../common/accounting.js'
import { InputError, UserError } from '../common/errors.js'
import type { DocSelection } from './api-log/index.js'
import { detectFormat, inflateHead, isGzip, PEEK_BYTES } from './detect.js'
import { countBytes } from './exports/entries.js'
import type { FormatInput } from './format.js'
import { FALLBACK_FORMAT, type FormatName, formatNamed } from './formats.js'
import { inputErrorFor } from './fs-errors.js'
import { gunzipChunks } from './gunzip.js'
import { type ExpandOptions, expandInputs, type InputSpec } from './inputs.js'
import { type OpenedInput, openFile, openStream } from './open.js'
import type { DetectedFormat, InputFormat, RawEntry } from './types.js'

export interface ReadOptions extends ExpandOptions {
  /** Force one format for every input (`--input-format`); `auto` or absent detects per input. */
  format?: InputFormat
  accounting: Accounting
  /** What `-` reads; defaults to `process.stdin`. */
  stdin?: NodeJS.ReadableStream | Readable
  /**
   * What the consumer will read of each api_json document (the records stage's `RECORD_SELECTION`): the
   * fast reader then drops other fields, and documents whose path lacks the marker, while scanning.
   * Exports are read whole either way.
   */
  selection?: DocSelection
}

export interface InputFormatChoice {
  /** The reader to use. */
  format: FormatName
  /** What to record in the source tally: `unknown` when detection failed (read as api-json anyway). */
  tallyAs: DetectedFormat
  gzip: boolean
}

/**
 * Every log document in `inputs` (paths, directories, or `-` for stdin), in input order and, within a
 * directory, oldest file first. All explicit inputs are checked before the first one is read.
 */
export async function* readEntries(
  inputs: readonly string[],
  options: ReadOptions,
): AsyncGenerator<RawEntry> {
  const specs = await expandInputs(inputs, options)
  for (const spec of specs) yield* readSpec(spec, options)
}

/** Read one expanded input: softly if a directory gave it (`readSoftly`), else as `readInput` does. */
export function readSpec(
  spec: InputSpec,
  options: ReadOptions,
  onTally?: (tally: SourceTally) => void,
): AsyncGenerator<RawEntry> {
  return spec.kind === 'file' && spec.inDirectory
    ? readSoftly(spec, options, onTally)
    : readInput(spec, options, onTally)
}

/**
 * A file found in a directory: if it cannot be read (a dangling link, a truncated or corrupt gzip, a read
 * error), what was read of it stays, the rest is one line skipped as `unreadable`, and the run goes on.
 */
async function* readSoftly(
  spec: InputSpec & { kind: 'file' },
  options: ReadOptions,
  onTally?: (tally: SourceTally) => void,
): AsyncGenerator<RawEntry> {
  try {
    yield* readInput(spec, options, onTally)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    const { accounting } = options
    accounting.lines++
    accounting.skip('unreadable', { source: spec.display })
    options.warn?.(`${error.message}; skipped the rest of it`)
  }
}

/** Decide how to read an opened input: gzip by magic bytes, then the (inner) format unless forced. */
export function chooseFormat(opened: OpenedInput, forced?: InputFormat): InputFormatChoice {
  const gzip = isGzip(opened.head)
  if (forced && forced !== 'auto') return { format: forced, tallyAs: forced, gzip }
  const head = gzip ? inflateHead(opened.head) : opened.head
  const complete = opened.complete && (!gzip || head.length < PEEK_BYTES)
  const detected = detectFormat(head, { complete })
  return { format: detected === 'unknown' ? FALLBACK_FORMAT : detected, tallyAs: detected, gzip }
}

/** Read one expanded input with its format's reader; `onTally` sees the source tally it counts into. */
export async function* readInput(
  spec: InputSpec,
  options: ReadOptions,
  onTally?: (tally: SourceTally) => void,
): AsyncGenerator<RawEntry> {
  const opened =
    spec.kind === 'stdin'
      ? await openStdin(options.stdin ?? process.stdin)
      : await openFile(spec.path, spec.display)
  const choice = chooseFormat(opened, options.format)
  const { accounting } = options
  const tally = accounting.addSource({ name: opened.display, format: choice.tallyAs, bytes: 0, lines: 0 })
  onTally?.(tally)
  const { gzip } = choice
  const input: FormatInput = {
    display: opened.display,
    gzip,
    head: gzip ? inflateHead(opened.head) : opened.head,
    accounting,
    tally,
    bytes: () => opened.bytes(),
    chunks: () => countBytes(decompressed(opened, gzip), { display: opened.display, accounting, tally }),
  }
  if (opened.path !== undefined) input.path = opened.path
  if (options.selection) input.selection = options.selection
  try {
    yield* formatNamed(choice.format).read(input)
  } catch (error) {
    throw asInputError(opened.display, error)
  }
}

async function openStdin(stream: NodeJS.ReadableStream | Readable): Promise<OpenedInput> {
  try {
    return await openStream(stream, '-')
  } catch (error) {
    throw inputErrorFor('-', error)
  }
}

function decompressed(opened: OpenedInput, gzip: boolean): AsyncIterable<Buffer> {
  const bytes = opened.bytes()
  if (!gzip) return bytes
  const path = opened.path
  return gunzipChunks(bytes, 64 << 10, path !== undefined ? () => createReadStream(path) : undefined)
}

/** Read errors while streaming (a corrupt gzip member, a vanished file) are the input's fault, not ours. */
function asInputError(display: string, error: unknown): unknown {
  if (error instanceof UserError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof code === 'string' && code.startsWith('Z_')) {
    const reason = error instanceof Error ? error.message : String(error)
    return new InputError(`cannot read '${display}': not valid gzip data (${reason})`)
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return inputErrorFor(display, error)
  return error
}
