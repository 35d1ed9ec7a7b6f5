/**
 * Values pushed by a producer that is not a loop of its own (a reader's callback), taken by a consumer with
 * `for await` in batches: each batch is every value pushed since the last, so a consumer that writes
 * makes one write per batch, not per value. The consumer is woken when `batchSize` values wait, or
 * `latencyMs` after the first of them (`search` on every request of a million would otherwise make a
 * write per request). Nothing bounds it: the consumer here writes to stdout, which takes every write at once.
 */
export class AsyncQueue<T> implements AsyncIterable<readonly T[]> {
  private items: T[] = []
  private ended = false
  private failure: { error: unknown } | undefined
  private wake: (() => void) | undefined
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly batchSize = 1024,
    private readonly latencyMs = 50,
  ) {}

  push(value: T): void {
    this.items.push(value)
    if (this.items.length >= this.batchSize) this.notify()
    else this.timer ??= setTimeout(() => this.notify(), this.latencyMs)
  }

  /** No more values: the consumer's loop ends once it has taken those pushed. */
  end(): void {
    this.ended = true
    this.notify()
  }

  /** The producer failed: the consumer's loop throws this once it has taken those pushed. */
  fail(error: unknown): void {
    this.failure ??= { error }
    this.end()
  }

  private notify(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<readonly T[]> {
    for (;;) {
      if (this.items.length > 0) {
        const batch = this.items
        this.items = []
        yield batch
        continue
      }
      if (this.ended) {
        if (this.failure) throw this.failure.error
        return
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
    }
  }
}
