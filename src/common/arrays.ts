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

/**
 * The empty list and object records share. Most requests have no emails, no masked keys, no operations or
 * no other params: one empty array is 32 bytes and an empty object 56, ~170 bytes of each ~1 KB record on
 * input made of SCIM requests (bench/README.md). Frozen, so a write to one fails instead of changing them all.
 */
const EMPTY_LIST: never[] = Object.freeze([]) as never[]
const EMPTY_OBJECT: Record<string, never> = Object.freeze({})

/** `exact(list)`, and the shared empty list for an empty one. For lists that are never changed once made. */
export function kept<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY_LIST : exact(list)
}

/** `object`, or the shared empty object when it has no keys. For objects never changed once made. */
export function keptObject<T extends object>(object: T): T {
  for (const key in object) if (Object.hasOwn(object, key)) return object
  return EMPTY_OBJECT as T
}
