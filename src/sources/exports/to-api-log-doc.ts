/**
 * One Kibana/Elasticsearch document → GitLab's flat `api_json.log` layout, so later stages see the same
 * shape whatever the input was (reference §1.4, elasticsearch-notes §5).
 *
 * Handles: nesting under `json` (`{"json":{"path":…}}`), dotted keys (`{"json.path":…}`), nested sub-objects
 * (`json.meta.caller_id` → `meta.caller_id`, the literal dotted key GitLab writes), `fields`-style arrays
 * (`{"json.path":["…"]}`), `.keyword` multi-fields (dropped: they duplicate the text field, cut at 256 chars),
 * `time` from `json.time` else `@timestamp`, and numbers written as text (`"1,234"`).
 *
 * Params:
 * - `params` as `[{key,value}]` (from `_source`) is kept as is. Values that are JSON *strings* stay strings: the
 *   records stage decodes them, because only it knows which keys hold structures.
 * - `params.key` / `params.value` parallel arrays (the `fields` API and Discover CSV) are zipped back into
 *   `[{key,value}]` only when both have the same length. These values have already lost their types, so here
 *   a value that looks like a JSON object/array is parsed back, and `"true"`/`"false"` become booleans; this
 *   makes a CSV row give the same params as the `_source` document.
 * - When the lengths differ the pairing is unknowable (Elasticsearch flattens array values into several
 *   entries and drops empty or null ones), so no `params` is made: the two arrays are kept as `params.key`
 *   and `params.value` for whoever wants to search them.
 */
import type { LogDoc } from '../types.js'

export interface Param {
  key: string
  value: unknown
}

/** Fields whose value is one scalar in api_json, unwrapped from a one-element array even outside `fields`. */
const SCALAR_FIELDS = new Set([
  'time',
  'severity',
  'status',
  'method',
  'path',
  'host',
  'remote_ip',
  'ua',
  'route',
  'correlation_id',
  'duration_s',
  'user_id',
  'username',
])

/** Numeric api_json fields (so `"1,234"` from CSV becomes 1234). `content_length` is a string in the log. */
const NUMERIC_FIELD =
  /^(?:status|user_id|token_id|pid|duration|db|view|queue_duration)$|(?:_s|_count|_calls|_bytes)$/
const NUMBER_TEXT = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?$/

export function toApiLogDoc(document: Record<string, unknown>): LogDoc {
  const { fields, timestamp } = collect(document)
  const fieldsStyle = fields.size > 0 && [...fields.values()].every(Array.isArray)
  const doc: LogDoc = {}
  const time = fields.get('time') ?? timestamp
  if (time !== undefined) doc.time = normaliseTime(unwrap(time))
  for (const [name, raw] of fields) {
    if (name === 'time' || name === 'params.key' || name === 'params.value') continue
    if (name === 'params') {
      doc.params = normaliseParams(raw)
      continue
    }
    let value = raw
    if (Array.isArray(value) && (fieldsStyle || SCALAR_FIELDS.has(name))) {
      if (value.length === 0) continue
      if (value.length === 1) value = value[0]
    }
    doc[name] = NUMERIC_FIELD.test(name) ? toNumber(value) : value
  }
  if (doc.params === undefined && (fields.has('params.key') || fields.has('params.value'))) {
    const keys = asArray(fields.get('params.key'))
    const values = asArray(fields.get('params.value')).map(decodeLooseValue)
    if (keys.length === values.length)
      doc.params = keys.map((key, i) => ({ key: String(key), value: values[i] }))
    else {
      doc['params.key'] = keys
      doc['params.value'] = values
    }
  }
  return doc
}

/** Flatten the document into api_json field names, and pull out `@timestamp`. */
function collect(document: Record<string, unknown>): { fields: Map<string, unknown>; timestamp: unknown } {
  const fields = new Map<string, unknown>()
  let timestamp: unknown
  const wrapped = isObject(document.json) || Object.keys(document).some((key) => key.startsWith('json.'))
  for (const [key, value] of Object.entries(document)) {
    if (key === '@timestamp') timestamp = value
    else if (!wrapped) put(fields, key, value)
    else if (key === 'json' && isObject(value)) for (const [k, v] of Object.entries(value)) put(fields, k, v)
    else if (key.startsWith('json.')) put(fields, key.slice('json.'.length), value)
    // Other top-level keys in a wrapped document come from the log shipper (kubernetes.*, tag), not GitLab.
  }
  return { fields, timestamp }
}

/**
 * How deep sub-objects are flattened into dotted names. GitLab's own nesting is one or two levels
 * (`meta.caller_id`); below this a sub-object is kept whole as the field's value, as an api_json line keeps
 * a nested value, so a document nested thousands of levels deep neither overflows the stack (probe D10)
 * nor is lost.
 */
export const MAX_FLATTEN_DEPTH = 16

function put(fields: Map<string, unknown>, name: string, value: unknown, depth = 0): void {
  if (name === 'keyword' || name.endsWith('.keyword')) return
  if (name === 'params' && !isObject(value)) {
    fields.set(name, value)
    return
  }
  if (isObject(value) && depth < MAX_FLATTEN_DEPTH) {
    for (const [key, inner] of Object.entries(value)) put(fields, `${name}.${key}`, inner, depth + 1)
    return
  }
  fields.set(name, value)
}

/** `[{key,value}]`, tolerating elements that arrive as JSON strings (a Discover CSV `json.params` column). */
function normaliseParams(raw: unknown): unknown {
  let value = raw
  if (typeof value === 'string') value = parseJsonLike(value) ?? value
  if (!Array.isArray(value)) return value
  return value.map((element) => {
    const item = typeof element === 'string' ? (parseJsonLike(element) ?? element) : element
    return isObject(item) && 'key' in item ? { key: String(item.key), value: item.value } : item
  })
}

/** A value from a zipped `params.value` array: types were lost, so restore what can be restored safely. */
export function decodeLooseValue(value: unknown): unknown {
  if (typeof value !== 'string') return value
  if (value === 'true') return true
  if (value === 'false') return false
  const parsed = parseJsonLike(value)
  return parsed === undefined ? value : parsed
}

/** Parse text that looks like a JSON object or array; anything else (or invalid JSON) gives undefined. */
export function parseJsonLike(text: string): unknown {
  const trimmed = text.trim()
  const first = trimmed[0]
  const last = trimmed[trimmed.length - 1]
  if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return undefined
  try {
    return JSON.parse(trimmed)
  } catch {
    return undefined
  }
}

function normaliseTime(value: unknown): unknown {
  // Elasticsearch may return dates as epoch milliseconds; the log writes ISO-8601 UTC.
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString()
  return value
}

function toNumber(value: unknown): unknown {
  if (typeof value !== 'string' || !NUMBER_TEXT.test(value)) return value
  return Number(value.replaceAll(',', ''))
}

function unwrap(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
