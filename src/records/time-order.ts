/**
 * Records handed on in time order as they are read, one input at a time (`search` writes its matches this
 * way instead of sorting them all at the end).
 *
 * An API log is written in time order, give or take the requests that Puma's workers finish at the same
 * moment: a line may come a little after a later one. So each record waits until the input has shown a
 * request `windowMs` later than it, and the waiting ones leave in time order (equal times in reading order).
 * Memory then follows the matches of one window, not of the input.
 *
 * An input that does not go forward in time (a Kibana export, newest first) is told apart at its start:
 * it is held whole and sorted when it ends, as every input was before. A record that comes later than the
 * window, in an input that did go forward, is handed on at once (it can no longer be put in its place) and
 * counted, so the caller can say so. When reading pauses (`idle`: a log piped as it is written), what waits
 * is handed on without waiting for later requests.
 */
import type { ScimRecord } from './types.js'

/** How far out of time order an API log's lines may be and still come out in order. */
export const ORDER_WINDOW_MS = 60_000

type Mode = 'probing' | 'streaming' | 'sorting'

interface Waiting {
  record: ScimRecord
  /** Reading order, for equal times. */
  seq: number
}

function before(a: Waiting, b: Waiting): boolean {
  return a.record.timeMs < b.record.timeMs || (a.record.timeMs === b.record.timeMs && a.seq < b.seq)
}

/** A binary min-heap of waiting records, earliest first. */
class WaitingHeap {
  private readonly items: Waiting[] = []

  get size(): number {
    return this.items.length
  }

  peek(): Waiting | undefined {
    return this.items[0]
  }

  push(item: Waiting): void {
    const items = this.items
    items.push(item)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(item, items[parent] as Waiting)) break
      items[i] = items[parent] as Waiting
      i = parent
    }
    items[i] = item
  }

  pop(): Waiting | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (top === undefined || last === undefined || items.length === 0) return top
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= items.length) break
      const right = left + 1
      const child =
        right < items.length && before(items[right] as Waiting, items[left] as Waiting) ? right : left
      if (!before(items[child] as Waiting, last)) break
      items[i] = items[child] as Waiting
      i = child
    }
    items[i] = last
    return top
  }
}

/** What one input's ordering saw, for the caller's closing message. */
export interface OrderTally {
  source: string
  /** Records handed on out of place: later than the window in an input that goes forward in time. */
  late: number
}

export class TimeOrder {
  private source: string | undefined
  private mode: Mode = 'probing'
  private firstMs = 0
  private latestMs = Number.NEGATIVE_INFINITY
  private lastOutMs = Number.NEGATIVE_INFINITY
  private late = 0
  private seq = 0
  private waiting = new WaitingHeap()
  private readonly tallies: OrderTally[] = []

  /** `emit` gets each record kept, in order. */
  constructor(
    private readonly emit: (record: ScimRecord) => void,
    private readonly windowMs = ORDER_WINDOW_MS,
  ) {}

  /**
   * Every record read, in reading order: `keep` says whether it is handed on. The others still move time
   * forward (a rare match waits no longer than the window, however sparse the matches).
   */
  add(record: ScimRecord, keep: boolean): void {
    if (record.origin.source !== this.source) this.startInput(record)
    const time = record.timeMs
    if (keep) this.waiting.push({ record, seq: this.seq++ })
    if (time > this.latestMs) this.latestMs = time
    if (this.mode === 'probing') {
      if (time < this.firstMs - this.windowMs) this.mode = 'sorting'
      else if (this.latestMs >= this.firstMs + this.windowMs) this.mode = 'streaming'
    }
    if (this.mode === 'streaming') this.release(this.latestMs - this.windowMs)
  }

  /**
   * Reading has paused (a log piped as it is written, with nothing new for a while): hand on what waits,
   * unless the input goes back in time. What comes later and earlier than those is counted as late.
   */
  idle(): void {
    if (this.source === undefined || this.mode === 'sorting' || this.waiting.size === 0) return
    this.mode = 'streaming'
    this.release(Number.POSITIVE_INFINITY)
  }

  /** The end of reading: hand on what waits, and say how each input went. */
  end(): OrderTally[] {
    this.endInput()
    return this.tallies
  }

  private startInput(record: ScimRecord): void {
    this.endInput()
    this.source = record.origin.source
    this.mode = 'probing'
    this.firstMs = record.timeMs
    this.latestMs = record.timeMs
    this.lastOutMs = Number.NEGATIVE_INFINITY
    this.late = 0
  }

  private endInput(): void {
    if (this.source === undefined) return
    this.release(Number.POSITIVE_INFINITY)
    this.tallies.push({ source: this.source, late: this.late })
    this.source = undefined
  }

  private release(upToMs: number): void {
    for (let top = this.waiting.peek(); top && top.record.timeMs <= upToMs; top = this.waiting.peek()) {
      this.waiting.pop()
      const time = top.record.timeMs
      if (time < this.lastOutMs) this.late++
      else this.lastOutMs = time
      this.emit(top.record)
    }
  }
}
