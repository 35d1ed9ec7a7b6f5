/**
 * Types at the boundary of the sources stage: where bytes and documents come in.
 *
 * A source turns files, stdin or exports into `RawEntry` values: one API log document each,
 * already in GitLab's `api_json.log` field layout (Kibana's `json.*` nesting and dotted keys are
 * undone here), together with where it came from.
 */
import type { Origin } from '../common/origin.js'

export type { Origin, SkipReason } from '../common/origin.js'

/** One GitLab API log document in `api_json.log` layout (`time`, `status`, `method`, `path`, `params`, …). */
export type LogDoc = Record<string, unknown>

/** What a consumer reads of each API log document, so a reader can drop the rest early (`apiLog/select.ts`). */
export interface DocSelection {
  /** Top-level fields to keep; the others are dropped right after parsing. */
  fields: readonly string[]
  /**
   * Documents whose `path` is a string without this text are not wanted: they are counted as other
   * traffic. Documents without a string `path` are kept (the consumer decides what they are).
   */
  pathIncludes?: string
}

export interface RawEntry {
  doc: LogDoc
  origin: Origin
}

/** The input formats a source can read; `auto` detects per file. */
export const INPUT_FORMATS = ['auto', 'api-json', 'kibana-ndjson', 'es-json', 'kibana-csv'] as const
export type InputFormat = (typeof INPUT_FORMATS)[number]

/**
 * What detection found for one input. `unknown` inputs are still read as `api-json` (whose reader skips and
 * counts lines it cannot use), but the format is recorded as `unknown` in the source tally so the CLI can warn.
 */
export type DetectedFormat = Exclude<InputFormat, 'auto'> | 'unknown'
