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

/** What a consumer reads of each API log document, so a reader can drop the rest early (`api-log/select.ts`). */
export interface DocSelection {
  /** Top-level fields to keep; the others are dropped right after parsing. */
  fields: readonly string[]
  /**
   * Documents whose `path` is a string without this text are not wanted: they are counted as other
   * traffic. Documents without a string `path` are kept (the consumer decides what they are).
   */
  pathIncludes?: string
  /**
   * A module (URL) a read worker may load to do the consumer's first step itself: it exports
   * `prepareSegment` (`api-log/worker.ts` `SegmentPreparer`), which turns a segment's parsed candidates into
   * a form the consumer unpacks (the records stage's `transfer.ts`). Without it workers hand over text.
   */
  preparer?: string
}

export interface RawEntry {
  doc: LogDoc
  origin: Origin
  /**
   * A whole segment a read worker prepared (`DocSelection.preparer`), in place of its documents: opaque to
   * the sources. `doc` is then empty and `origin.line` is the line before the segment's first.
   */
  prepared?: unknown
}

/** The input format names (`formats.ts` lists the formats). */
export type { DetectedFormat, FormatName, InputFormat } from './formats.js'
