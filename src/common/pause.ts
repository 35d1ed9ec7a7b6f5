/** A promise of `undefined` after `ms`, which does not keep the process alive: one side of a race. */
export function pause(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref())
}
