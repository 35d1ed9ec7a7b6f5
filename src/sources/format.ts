/**
 * What an input format is to the sources stage: a name, how to recognise it from an input's first bytes,
 * and how to read it. The formats are listed in `formats.ts`; detection (`detect.ts`) and reading
 * (`read.ts`) iterate that list and know no format by name.
 */
import type { Readable } from 'node:stream'
import type { Accounting, SourceTally } from '../common/accounting.js'
import type { DocSelection, RawEntry } from './types.js'

/** The start of an input as detection sees it (inflated if gzip, a byte-order mark removed). */
export interface FormatHead {
  /** The text from its first non-blank character. */
  text: string
  /** Its non-blank lines, without `\r`; the last one only if it is complete. */
  lines: readonly string[]
  /** Which format an object parsed from one line belongs to, by every format's `object` test in order. */
  classify(value: Record<string, unknown>): string | undefined
}

/**
 * How a format is recognised. Detection runs one phase per input, each over every format in the list's
 * order, and the first test that holds names the format:
 * - text that starts with `{`: `document` (the whole head, e.g. one pretty-printed document), then `object`
 *   on the first line that parses alone, or `keys` on the head's text when none does (a line longer than the
 *   peek);
 * - any other text: `text`.
 */
export interface FormatSniff {
  text?(head: FormatHead): boolean
  document?(head: FormatHead): boolean
  object?(value: Record<string, unknown>): boolean
  keys?(start: string): boolean
}

/** One opened input, handed to its format's reader. */
export interface FormatInput {
  display: string
  /** Set for regular files (the input can be reopened, or scanned by byte ranges). */
  path?: string
  gzip: boolean
  /** The input's first bytes, inflated if gzip (at most `PEEK_BYTES`). */
  head: Buffer
  accounting: Accounting
  /** The source tally the reader counts bytes and lines into. */
  tally: SourceTally
  /** What the consumer reads of each document (`DocSelection`); a reader may drop the rest early. */
  selection?: DocSelection
  /** The input's bytes as stored (still compressed for gzip). Call at most once, and not with `chunks`. */
  bytes(): Readable
  /** The input's bytes, inflated if gzip and counted into `tally`. Call at most once, and not with `bytes`. */
  chunks(): AsyncIterable<Buffer>
}

export interface InputFormatDefinition<Name extends string = string> {
  /** The `--input-format` value and the name in the source tally. */
  name: Name
  /** File names a directory reads without sniffing their first bytes (`inputs.ts`); logs are named there. */
  fileNames?: RegExp
  sniff: FormatSniff
  /** The input's documents in api_json layout. Read errors are thrown as the input's (`asInputError`). */
  read(input: FormatInput): AsyncIterable<RawEntry>
}

/** A definition, its name kept as a literal type (so the list in `formats.ts` yields the union of names). */
export function defineFormat<const Name extends string>(
  definition: InputFormatDefinition<Name>,
): InputFormatDefinition<Name> {
  return definition
}
