import type { Origin, SkipReason } from './origin.js'

/** How many skipped locations are remembered per reason; the rest are only counted. */
const MAX_LOCATIONS_PER_REASON = 5

export interface SkipTally {
  count: number
  /** The first few places, so a user can look at them. */
  first: Origin[]
}

export interface SourceTally {
  name: string
  format: string
  bytes: number
  lines: number
}

export interface AccountingSnapshot {
  /** Lines (or documents, for JSON exports) read across all inputs. */
  lines: number
  bytes: number
  /** Lines that were SCIM requests and became records. */
  scim: number
  /** Lines that were valid API log entries but not SCIM requests (or, on the fast path, had no SCIM marker). */
  other: number
  skipped: number
  skippedByReason: Partial<Record<SkipReason, SkipTally>>
  sources: SourceTally[]
}

/**
 * Counts every line the pipeline sees, so a run can always say what it read, used and skipped.
 * Shared by the sources and records stages; plain data, cheap to update on the hot path.
 */
export class Accounting {
  lines = 0
  bytes = 0
  scim = 0
  other = 0
  private readonly skips = new Map<SkipReason, SkipTally>()
  private readonly sources: SourceTally[] = []

  addSource(tally: SourceTally): SourceTally {
    this.sources.push(tally)
    return tally
  }

  skip(reason: SkipReason, origin: Origin): void {
    let tally = this.skips.get(reason)
    if (!tally) {
      tally = { count: 0, first: [] }
      this.skips.set(reason, tally)
    }
    tally.count++
    if (tally.first.length < MAX_LOCATIONS_PER_REASON) tally.first.push(origin)
  }

  /** Add counts gathered elsewhere (the explorer's `--follow` carries on from the first read's counts). */
  merge(other: AccountingSnapshot): void {
    this.lines += other.lines
    this.bytes += other.bytes
    this.scim += other.scim
    this.other += other.other
    for (const [reason, tally] of Object.entries(other.skippedByReason) as [SkipReason, SkipTally][]) {
      for (const origin of tally.first) this.skip(reason, origin)
      const mine = this.skips.get(reason)
      if (mine) mine.count += tally.count - tally.first.length
      else this.skips.set(reason, { count: tally.count, first: [] })
    }
  }

  get skipped(): number {
    let total = 0
    for (const tally of this.skips.values()) total += tally.count
    return total
  }

  snapshot(): AccountingSnapshot {
    return {
      lines: this.lines,
      bytes: this.bytes,
      scim: this.scim,
      other: this.other,
      skipped: this.skipped,
      skippedByReason: Object.fromEntries(
        [...this.skips].map(([reason, tally]) => [reason, { count: tally.count, first: [...tally.first] }]),
      ),
      sources: this.sources.map((s) => ({ ...s })),
    }
  }
}
