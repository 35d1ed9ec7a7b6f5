/**
 * Merge lists that are each sorted by `compare` into one sorted sequence, lazily (a list may be a generator
 * that renders its items as they are taken). Stable: of equal items, those of an earlier list come first,
 * and each list keeps its own order.
 */
export function* mergeSorted<T>(
  lists: readonly Iterable<T>[],
  compare: (a: T, b: T) => number,
): Generator<T> {
  const iterators = lists.map((list) => list[Symbol.iterator]())
  const heads: (IteratorResult<T> | undefined)[] = iterators.map((it) => it.next())
  for (;;) {
    let best = -1
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]
      if (!head || head.done) continue
      const current = heads[best]
      if (best < 0 || (current && !current.done && compare(head.value, current.value) < 0)) best = i
    }
    if (best < 0) return
    yield (heads[best] as IteratorYieldResult<T>).value
    // Only now the next item of that list: a list that renders its items holds one at a time.
    heads[best] = (iterators[best] as Iterator<T>).next()
  }
}

/** `mergeSorted` over lists of which some arrive asynchronously (a worker's items, as it posts them). */
export async function* mergeSortedAsync<T>(
  lists: readonly (Iterable<T> | AsyncIterable<T>)[],
  compare: (a: T, b: T) => number,
): AsyncGenerator<T> {
  const iterators = lists.map((list) =>
    Symbol.asyncIterator in list ? list[Symbol.asyncIterator]() : list[Symbol.iterator](),
  )
  const heads: IteratorResult<T>[] = []
  for (const iterator of iterators) heads.push(await iterator.next())
  for (;;) {
    let best = -1
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i] as IteratorResult<T>
      if (head.done) continue
      const current = heads[best]
      if (best < 0 || (current && !current.done && compare(head.value, current.value) < 0)) best = i
    }
    if (best < 0) return
    yield (heads[best] as IteratorYieldResult<T>).value
    heads[best] = await (iterators[best] as Iterator<T> | AsyncIterator<T>).next()
  }
}
