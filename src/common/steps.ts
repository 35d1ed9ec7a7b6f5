/**
 * Work that can pause: a generator that yields between pieces of a long computation and returns its
 * result. Batch commands run it to the end at once (`finish`); the explorer runs it a few milliseconds at
 * a time (`inSlices`), so keys and frames are answered while a million requests are analysed.
 */

/** A computation of a `T` that yields (with nothing) wherever it may pause. */
export type Steps<T> = Generator<void, T, void>

/** Run `steps` to the end now. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

export interface SliceOptions {
  /** How long one slice may hold the thread (default `SLICE_MS`). */
  sliceMs?: number
  /** Stop between slices: `inSlices` rejects with the signal's reason. */
  signal?: AbortSignal
  /** After each slice but the last: how long the work has held the thread so far (for progress). */
  onSlice?: (busyMs: number) => void
}

/** The default slice: a frame's worth, so a key waits at most about this long for the thread. */
export const SLICE_MS = 16

/** What `inSlices` gives: the result, and how long the work itself held the thread. */
export interface Sliced<T> {
  value: T
  busyMs: number
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Run `steps` in slices of about `sliceMs`, letting the event loop run between them. */
export async function inSlices<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<Sliced<T>> {
  const sliceMs = options.sliceMs ?? SLICE_MS
  let busyMs = 0
  try {
    for (;;) {
      options.signal?.throwIfAborted()
      const start = performance.now()
      let next = steps.next()
      while (!next.done && performance.now() - start < sliceMs) next = steps.next()
      busyMs += performance.now() - start
      if (next.done) return { value: next.value, busyMs }
      options.onSlice?.(busyMs)
      await nextTurn()
    }
  } finally {
    // Abandoned (aborted, or a step threw): let the generator's own `finally` blocks run.
    steps.return(undefined as never)
  }
}

/**
 * A pause for loops that are not steps (reading): `pause()` gives a promise of the next turn of the event
 * loop once `sliceMs` have passed since the last one, else nothing, so callers await only when it is due.
 * One pacer shared by the loops of one task keeps their slices together.
 */
export function pacer(sliceMs = SLICE_MS): () => Promise<void> | undefined {
  let last = performance.now()
  return () => {
    if (performance.now() - last < sliceMs) return undefined
    return nextTurn().then(() => {
      last = performance.now()
    })
  }
}

/** Elements sorted in one piece by `sortSteps` (the engine's built-in sort), and merged between pauses. */
const SORT_RUN = 8192

/**
 * `items.sort(compare)` in steps: the same order (both are stable), sorting runs of `SORT_RUN` with the
 * built-in sort and merging them pairwise, pausing every `SORT_RUN` elements. A million findings sorted
 * at once held the explorer for 0.3-0.6 s.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Steps<T[]> {
  if (items.length <= SORT_RUN) return items.sort(compare)
  let runs: T[][] = []
  for (let i = 0; i < items.length; i += SORT_RUN) {
    runs.push(items.slice(i, i + SORT_RUN).sort(compare))
    yield
  }
  while (runs.length > 1) {
    const merged: T[][] = []
    for (let r = 0; r < runs.length; r += 2) {
      const left = runs[r] as T[]
      const right = runs[r + 1]
      merged.push(right ? yield* mergeSteps(left, right, compare) : left)
    }
    runs = merged
  }
  const sorted = runs[0] as T[]
  for (let i = 0; i < sorted.length; i++) items[i] = sorted[i] as T
  return items
}

/** Two sorted runs as one; on equal elements the left run's first, which keeps the sort stable. */
function* mergeSteps<T>(left: T[], right: T[], compare: (a: T, b: T) => number): Steps<T[]> {
  const out = new Array<T>(left.length + right.length)
  let l = 0
  let r = 0
  let o = 0
  while (l < left.length && r < right.length) {
    out[o++] = compare(right[r] as T, left[l] as T) < 0 ? (right[r++] as T) : (left[l++] as T)
    if (o % SORT_RUN === 0) yield
  }
  while (l < left.length) out[o++] = left[l++] as T
  while (r < right.length) out[o++] = right[r++] as T
  return out
}
