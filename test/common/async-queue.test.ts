import { describe, expect, it } from 'vitest'
import { AsyncQueue } from '../../src/common/async-queue.js'

async function take<T>(queue: AsyncQueue<T>): Promise<T[][]> {
  const batches: T[][] = []
  for await (const batch of queue) batches.push([...batch])
  return batches
}

describe('AsyncQueue', () => {
  it('gives what was pushed in batches, a full batch at once and the rest after the latency', async () => {
    const queue = new AsyncQueue<number>(3, 20)
    const taking = take(queue)
    for (let i = 0; i < 3; i++) queue.push(i)
    // A full batch wakes the consumer at once: it runs as soon as this code lets microtasks through.
    await Promise.resolve()
    await Promise.resolve()
    for (let i = 3; i < 7; i++) queue.push(i)
    await new Promise((resolve) => setTimeout(resolve, 60))
    queue.push(7)
    queue.end()
    const batches = await taking
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    // The first batch went as soon as it was full; 6 waited for the latency, not for the end.
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5, 6], [7]])
  })

  it('a value pushed alone reaches a waiting consumer after the latency', async () => {
    const queue = new AsyncQueue<string>(1000, 10)
    const seen: string[] = []
    const taking = (async () => {
      for await (const batch of queue) seen.push(...batch)
    })()
    queue.push('first')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(seen).toEqual(['first'])
    queue.end()
    await taking
  })

  it('ends empty, and throws a failure after the values pushed before it', async () => {
    const empty = new AsyncQueue<number>()
    const taking = take(empty)
    empty.end()
    expect(await taking).toEqual([])
    const failing = new AsyncQueue<number>()
    const seen: number[] = []
    const consumer = (async () => {
      for await (const batch of failing) seen.push(...batch)
    })()
    failing.push(1)
    failing.fail(new Error('read failed'))
    await expect(consumer).rejects.toThrow('read failed')
    expect(seen).toEqual([1])
  })
})
