/**
 * One copy of each string that many records repeat: the user agent, client IP and path of a group's
 * requests, and a person's ids, userName and emails. `JSON.parse` makes a new string for every value longer
 * than ten characters, so without this a run keeps the same `Okta SCIM Client 1.0.0` once per request.
 *
 * The pool is bounded: past `MAX_ENTRIES` it starts again, which only costs sharing, never correctness.
 */
const MAX_ENTRIES = 1 << 20
const MAX_LENGTH = 256

export class StringPool {
  private readonly pool = new Map<string, string>()
  private pooling = true

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /**
   * Stop pooling in this thread: a read worker that normalises (`analysis/parallel/prepare-segment.ts`)
   * keeps no record, and the main thread pools what it unpacks.
   */
  stop(): void {
    this.pooling = false
    this.pool.clear()
  }

  /** How many strings are pooled now. */
  get size(): number {
    return this.pool.size
  }

  /** The pooled copy of `text` (equal to it), `text` itself when new or too long to be worth it. */
  intern(text: string): string
  intern(text: string | undefined): string | undefined
  intern(text: string | undefined): string | undefined {
    if (text === undefined || text.length > MAX_LENGTH || !this.pooling) return text
    const pooled = this.pool.get(text)
    if (pooled !== undefined) return pooled
    if (this.pool.size >= this.maxEntries) this.pool.clear()
    this.pool.set(text, text)
    return text
  }
}

/** The pool of the records stage (`normalise`, `buildBody`): shared by every record this thread makes. */
export const recordStrings = new StringPool()
