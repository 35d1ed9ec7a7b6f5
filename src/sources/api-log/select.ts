/**
 * Dropping what the consumer will not read as early as possible, in the thread that scanned the line.
 *
 * A candidate line (one holding `scim`) is a whole API log entry: ~40 top-level fields, of which the records
 * stage reads about ten, and a quarter of candidates on a busy instance are not SCIM requests at all (a
 * project named `scim-bridge`, a label `scim`). With a `DocSelection`, a line whose bytes cannot hold the
 * path marker is counted as other traffic without being decoded, a parsed document whose `path` lacks the
 * marker is counted as other traffic, and the rest keep only `fields`. In a read worker the kept fields are
 * re-serialised, so the main thread parses ~560 bytes instead of ~1.4 KB per SCIM line.
 *
 * Measured on the bench file's 12,718 candidate lines (17.5 MB; Node 20.20, 2-core EPYC VM): JSON.parse of
 * the whole lines 53–75 ms; JSON.parse of the 8,007 selected, trimmed documents (4.5 MB) 17–19 ms;
 * trimming and re-serialising them 21–25 ms (in the worker). Posting the trimmed objects by structured clone
 * instead cost 20 ms to serialise and 30 ms to deserialise, more than text.
 */
import type { DocSelection, LogDoc } from '../types.js'

export type { DocSelection }

/** A `DocSelection` compiled for the hot path. */
export class Selector {
  private readonly fields: readonly string[]
  private readonly mark: string | undefined
  /** The mark as it appears in the raw line: as is, and with `/` written `\/` (JSON allows both). */
  private readonly needles: Buffer[]

  /** The selector for `selection`, or none (every candidate kept whole). */
  static of(selection: DocSelection | undefined): Selector | undefined {
    return selection ? new Selector(selection) : undefined
  }

  constructor(selection: DocSelection) {
    // `__proto__` would set the kept object's prototype instead of a field.
    this.fields = [...new Set(selection.fields)].filter((f) => f !== '__proto__')
    this.mark = selection.pathIncludes || undefined
    this.needles =
      this.mark === undefined
        ? []
        : [...new Set([this.mark, this.mark.replaceAll('/', '\\/')])].map((s) => Buffer.from(s, 'utf8'))
  }

  /**
   * Whether the raw bytes of a line can hold a wanted document. A path written with `\u` escapes for the
   * mark's own characters would be missed; GitLab's JSON writer never escapes those.
   */
  mayMatch(bytes: Buffer): boolean {
    if (this.needles.length === 0) return true
    const needles = this.needles
    for (let i = 0; i < needles.length; i++) if (bytes.indexOf(needles[i] as Buffer) >= 0) return true
    return false
  }

  /** The wanted part of a parsed document, or `undefined` when it is other traffic. */
  pick(doc: LogDoc): LogDoc | undefined {
    const path = doc.path
    if (this.mark !== undefined && typeof path === 'string' && !path.includes(this.mark)) return undefined
    const kept: LogDoc = {}
    const fields = this.fields
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as string
      const value = doc[field]
      if (value !== undefined) kept[field] = value
    }
    return kept
  }
}
