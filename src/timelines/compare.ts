/**
 * Ordering ISO-8601 UTC times (`2024-05-01T00:00:00.804Z`, all written by `toISOString`, so of one length):
 * their code units sort in time order, and comparing them directly is cheaper than `localeCompare` (the
 * sort of the bench log's 3,778 people spent 5.4 ms in it).
 */
export function compareIsoTimes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
