/**
 * Work that can pause (`common/steps.ts`): `finish` and `inSlices` give the same result, slices let the event
 * loop run between them, and abandoned work runs its own `finally`.
 */
import { describe, expect, it } from 'vitest'
import { finish, inSlices, pacer, type Steps, sortSteps } from '../../src/common/steps.js'

/** Sums 1..n, pausing after each number; records whether its `finally` ran. */
function counting(n: number, state = { closed: false }): Steps<number> {
  return (function* () {
    try {
      let sum = 0
      for (let i = 1; i <= n; i++) {
        sum += i
        yield
      }
      return sum
    } finally {
      state.closed = true
    }
  })()
}

describe('finish', () => {
  it('runs the steps to the end and returns their result', () => {
    expect(finish(counting(100))).toBe(5050)
  })
})

describe('inSlices', () => {
  it('gives the same result as finish, with the time the work held the thread', async () => {
    const sliced = await inSlices(counting(100))
    expect(sliced.value).toBe(5050)
    expect(sliced.busyMs).toBeGreaterThanOrEqual(0)
  })

  it('lets the event loop run between slices', async () => {
    // Slices of 0 ms: one step each, with a turn of the event loop after it. A callback queued before the
    // work starts runs after its first slice, not after all of them.
    let ticks = 0
    let seenAtFirstTurn = -1
    setImmediate(() => {
      seenAtFirstTurn = ticks
    })
    const ticking = (function* () {
      for (let i = 0; i < 200; i++) {
        ticks++
        yield
      }
      return ticks
    })()
    const result = await inSlices(ticking, { sliceMs: 0 })
    expect(result.value).toBe(200)
    expect(seenAtFirstTurn).toBe(1)
  })

  it('reports the time held so far after each slice but the last', async () => {
    function* slow(): Steps<number> {
      for (let i = 0; i < 5; i++) {
        const until = performance.now() + 3
        while (performance.now() < until) {}
        yield
      }
      return 7
    }
    const seen: number[] = []
    const result = await inSlices(slow(), { sliceMs: 1, onSlice: (busyMs) => seen.push(busyMs) })
    expect(result.value).toBe(7)
    // Five slices of one step each (each step outlasts the slice), then the last, which returns.
    expect(seen).toHaveLength(5)
    expect(seen.every((ms, i) => i === 0 || ms > (seen[i - 1] as number))).toBe(true)
    expect(result.busyMs).toBeGreaterThanOrEqual(seen.at(-1) as number)
  })

  it('rejects with the signal’s reason when aborted, and closes the steps', async () => {
    const state = { closed: false }
    const controller = new AbortController()
    const endless = (function* () {
      try {
        for (;;) yield
      } finally {
        state.closed = true
      }
    })() as Steps<number>
    const run = inSlices(endless, { sliceMs: 1, signal: controller.signal })
    setTimeout(() => controller.abort(new Error('dropped')), 5)
    await expect(run).rejects.toThrow('dropped')
    expect(state.closed).toBe(true)
  })

  it('does not start when the signal is already aborted', async () => {
    const state = { closed: false }
    const controller = new AbortController()
    controller.abort(new Error('too late'))
    await expect(inSlices(counting(10, state), { signal: controller.signal })).rejects.toThrow('too late')
  })

  it('passes on an error thrown by a step', async () => {
    const failing = (function* () {
      yield
      throw new Error('step failed')
    })() as Steps<number>
    await expect(inSlices(failing, { sliceMs: 0 })).rejects.toThrow('step failed')
  })
})

describe('sortSteps', () => {
  /** Deterministic pseudo-random keys with many ties; `at` tells equal keys apart by their first place. */
  function items(n: number): { key: number; at: number }[] {
    let seed = 7
    return Array.from({ length: n }, (_, at) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return { key: seed % 97, at }
    })
  }
  const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key

  // Around the run of 8192 sorted at once and the merges past it (odd run counts leave one unmerged).
  it.each([0, 1, 8191, 8192, 8193, 16384, 3 * 8192 + 5, 40_000])(
    '%i items: the built-in sort’s order, equal keys in their first order',
    (n) => {
      const input = items(n)
      const expected = [...input].sort(byKey)
      const steps = sortSteps(input, byKey)
      let pauses = 0
      let next = steps.next()
      while (!next.done) {
        pauses++
        next = steps.next()
      }
      expect(next.value).toBe(input)
      expect(input.map((x) => x.at)).toEqual(expected.map((x) => x.at))
      if (n > 8192) expect(pauses).toBeGreaterThan(1)
    },
  )
})

describe('pacer', () => {
  it('asks for a pause only once the slice is used up, and then gives a turn of the event loop', async () => {
    const pause = pacer(5)
    expect(pause()).toBeUndefined()
    const start = performance.now()
    while (performance.now() - start < 6) {
      // hold the thread past the slice
    }
    let turned = false
    setImmediate(() => {
      turned = true
    })
    const due = pause()
    expect(due).toBeInstanceOf(Promise)
    await due
    expect(turned).toBe(true)
    // A fresh slice starts after the pause.
    expect(pause()).toBeUndefined()
  })
})
