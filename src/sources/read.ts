/**
 * `readEntries`: expand inputs, detect each one's format, and hand it to the reader for that format.
 * api_json logs go to the fast reader in `./apiLog/`; exports to the readers in `./exports/`.
 */

import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { Accounting, SourceTally } from '../common/accounting.js'
import { InputError, UserError } from '../common/errors.js'
import { detectContainer, readContainerLog } from './apiLog/container.js'
import { type DocSelection, readApiLog } from './apiLog/index.js'
import { MAX_LINE_BYTES } from './apiLog/scanner.js'
import { Selector } from './apiLog/select.js'
import { detectFormat, inflateHead, isGzip, PEEK_BYTES } from './detect.js'
import { countBytes, type ExportContext } from './exports/entries.js'
import { readEsJson } from './exports/esJson.js'
import { readKibanaCsv } from './exports/kibanaCsv.js'
import { readKibanaNdjson } from './exports/ndjson.js'
import { inputErrorFor } from './fsErrors.js'
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
  format: Exclude<InputFormat, 'auto'>
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
  return { format: detected === 'unknown' ? 'api-json' : detected, tallyAs: detected, gzip }
}

/** Read one expanded input; `onTally` sees the source tally it counts into (for progress). */
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
  if (choice.format === 'api-json') {
    // Container runtimes' and gitlab-logger's wrappers go to their own reader (lines split in parts must
    // be joined first); plain NDJSON keeps the fast path.
    const shape = detectContainer(choice.gzip ? inflateHead(opened.head) : opened.head)
    if (shape) {
      const context: ExportContext = { display: opened.display, accounting, tally }
      try {
        yield* readContainerLog(
          countBytes(decompressed(opened, choice.gzip), context),
          opened.display,
          { accounting, tally },
          MAX_LINE_BYTES,
          Selector.of(options.selection),
        )
      } catch (error) {
        throw asInputError(opened.display, error)
      }
      return
    }
    // A regular file is passed by path, so the reader can scan a plain one by byte ranges in parallel and
    // inflate a gzipped one in a worker.
    const input =
      opened.path !== undefined
        ? { display: opened.display, path: opened.path, gzip: choice.gzip }
        : { display: opened.display, stream: opened.bytes(), gzip: choice.gzip }
    yield* readApiLog(input, { accounting, tally }, options.selection ? { selection: options.selection } : {})
    return
  }
  const context: ExportContext = { display: opened.display, accounting, tally }
  const chunks = countBytes(decompressed(opened, choice.gzip), context)
  const entries =
    choice.format === 'es-json'
      ? readEsJson(chunks, context)
      : choice.format === 'kibana-csv'
        ? readKibanaCsv(chunks, context)
        : readKibanaNdjson(chunks, context)
  try {
    yield* entries
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
