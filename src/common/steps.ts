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
