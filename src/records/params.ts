/**
 * Decoding the `params` array of an API log line into a plain object of SCIM body fields.
 *
 * GitLab writes `params` as `[{key, value}]` with nested JSON kept as JSON (reference §1.3), but
 * exports and older pipelines may hand us values as JSON strings, `[FILTERED]` masks, or the
 * `{"key":"truncated"}` sentinel. Values are bounded here so one huge line cannot bloat memory.
 */

import { kept } from '../common/arrays.js'
import { FILTERED, isSecretName, maskSecretFields, maskSecretText } from './secrets.js'

export { FILTERED }

/** The longest string value kept; longer ones are cut and marked. */
const MAX_STRING = 1024
/** The most array items or object keys kept at any level. */
const MAX_ITEMS = 100
const MAX_DEPTH = 6

/**
 * `target[key] = value` as an own property even for `__proto__`, a key log content may hold: plain
 * assignment would replace the object's prototype instead.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

export interface DecodedParams {
  values: Record<string, unknown>
  truncated: boolean
  filteredKeys: string[]
}

/** Bound a decoded JSON value: cut long strings, long arrays, deep nesting; mask credentials (`secrets.ts`). */
export function boundValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    const masked = maskSecretText(value)
    return masked.length > MAX_STRING ? `${masked.slice(0, MAX_STRING)}… (${masked.length} chars)` : masked
  }
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return '…'
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((item) => boundValue(item, depth + 1))
    if (value.length > MAX_ITEMS) kept.push(`… (${value.length - MAX_ITEMS} more)`)
    return kept
  }
  const out: Record<string, unknown> = {}
  const keys = Object.keys(value)
  const record = maskSecretFields(value as Record<string, unknown>)
  for (let i = 0; i < keys.length && i < MAX_ITEMS; i++) {
    const key = keys[i] as string
    const item = record[key]
    setOwn(out, key, isSecretName(key) && item !== FILTERED ? FILTERED : boundValue(item, depth + 1))
  }
  return out
}

/**
 * A string that holds JSON (an export flattened an object, or a client sent a JSON-encoded array)
 * is decoded back; anything else is returned as it was.
 */
export function decodeJsonString(value: unknown): unknown {
  if (typeof value !== 'string' || value.length < 2) return value
  // Cheap shape test before JSON.parse: a failed parse throws, and exceptions cost ~10 µs each, which
  // added up over every `"[FILTERED]"` password Okta sends (measured: a third of the records stage).
  const first = value.charCodeAt(0)
  const last = value.charCodeAt(value.length - 1)
  const object = first === 0x7b && last === 0x7d // { … }
  const array = first === 0x5b && last === 0x5d // [ … ]
  if (!object && !array) return value
  if (array && !/^\[\s*(?:[[{"\d\-\]]|true|false|null)/.test(value)) return value
  if (object && !/^\{\s*(?:"|\})/.test(value)) return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

/**
 * Turn `params` into `{key: value}`. Accepts the `[{key, value}]` array GitLab writes, or an object
 * (some exports keep params as a map). Returns undefined when `params` has a shape we cannot use.
 */
export function decodeParams(params: unknown): DecodedParams | undefined {
  const values: Record<string, unknown> = {}
  const filteredKeys: string[] = []
  let truncated = false
  const add = (key: string, raw: unknown) => {
    if (key === 'truncated' && (raw === '...' || raw === '…')) {
      truncated = true
      return
    }
    let value = decodeJsonString(raw)
    if (isSecretName(key)) value = FILTERED
    if (value === FILTERED) filteredKeys.push(key)
    setOwn(values, key, boundValue(value))
  }

  if (params === undefined || params === null) return { values, truncated, filteredKeys: kept(filteredKeys) }
  if (Array.isArray(params)) {
    for (let i = 0; i < params.length; i++) {
      const pair: unknown = params[i]
      if (pair === null || typeof pair !== 'object' || Array.isArray(pair)) return undefined
      const { key, value } = pair as { key?: unknown; value?: unknown }
      if (typeof key !== 'string') return undefined
      add(key, value)
    }
    return { values, truncated, filteredKeys: kept(filteredKeys) }
  }
  if (typeof params === 'object') {
    const object = params as Record<string, unknown>
    for (const key of Object.keys(object)) add(key, object[key])
    return { values, truncated, filteredKeys: kept(filteredKeys) }
  }
  return undefined
}
