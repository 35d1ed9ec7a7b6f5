/**
 * Appending one array to another without `push(...items)`: a spread passes every item as an argument,
 * and past ~120,000 of them V8 throws "Maximum call stack size exceeded" (probe D3).
 */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i] as T)
  return target
}

/**
 * `list` without the spare capacity `push` left behind. V8 grows an empty array to 16 slots at its first
 * push, so a kept one-item list (a person's email, a body's schema) holds ~130 bytes it never uses; records
 * and timelines keep several per request, which made up about a fifth of the heap of a run dense in SCIM
 * requests (bench/README.md). An empty list has no slots and is returned as it is.
 */
export function exact<T>(list: T[]): T[] {
  return list.length === 0 || list.length > 16 ? list : list.slice()
}
