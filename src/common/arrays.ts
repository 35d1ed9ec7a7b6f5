/**
 * Appending one array to another without `push(...items)`: a spread passes every item as an argument,
 * and past ~120,000 of them V8 throws "Maximum call stack size exceeded" (probe D3).
 */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i] as T)
  return target
}
