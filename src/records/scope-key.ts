/**
 * The key of a record's (or a person's) group or instance: `group:hooli`, `instance:` (self-managed). One
 * spelling for every map keyed by scope, in every stage.
 */

/** Keys made so far, by scope, per kind: one string per group, not one per call. */
const KEYS = { group: new Map<string, string>(), instance: new Map<string, string>() }
/** A log naming more groups than this (hostile or generated) starts the cache again. */
const MAX_CACHED = 10_000

/**
 * Rules and stages call this once per record, and then look the key up in a map: a new string per call
 * had to be flattened and hashed each time (on a million requests, ~1 s of scope-facts alone). The key
 * returned for a scope is the same string each time, so its hash is computed once.
 */
export function scopeKey(record: { scope: string; scopeKind: 'group' | 'instance' | string }): string {
  const kind = record.scopeKind
  const cache = kind === 'group' ? KEYS.group : kind === 'instance' ? KEYS.instance : undefined
  if (cache === undefined) return `${kind}:${record.scope}`
  let key = cache.get(record.scope)
  if (key === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear()
    key = `${kind}:${record.scope}`
    cache.set(record.scope, key)
  }
  return key
}
