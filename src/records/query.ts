/**
 * Selecting records the way an admin filters Kibana (`json.path`, `json.params.value`, status, …).
 */
import type { Action, IdentityProvider, ScimRecord } from './types.js'

export interface RecordQuery {
  group?: string
  instance?: boolean
  /** Any param value or the id in the path, compared case-insensitively (like `json.params.value`). */
  value?: string
  statuses?: StatusMatcher
  methods?: string[]
  idps?: IdentityProvider[]
  actions?: Action[]
  sinceMs?: number
  untilMs?: number
}

export type StatusMatcher = (status: number | null) => boolean

/** `409`, `4xx`, `400-499`, `fail`, or a comma-separated list of those. Throws on anything else. */
export function parseStatusList(text: string): StatusMatcher {
  const parts = text
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '')
  if (parts.length === 0) throw new Error('empty status list')
  const tests = parts.map((part): StatusMatcher => {
    if (part === 'fail') return (s) => s === null
    if (/^\d{3}$/.test(part)) {
      checkStatus(part)
      return (s) => s === Number(part)
    }
    if (/^[1-5]xx$/.test(part)) {
      const base = Number(part[0]) * 100
      return (s) => s !== null && s >= base && s < base + 100
    }
    const range = /^(\d{3})-(\d{3})$/.exec(part)
    if (range) {
      const [low, high] = [checkStatus(range[1] as string), checkStatus(range[2] as string)]
      // A reversed range would silently match nothing.
      if (low > high) throw new Error(`'${part}' is reversed: write ${high}-${low}`)
      return (s) => s !== null && s >= low && s <= high
    }
    throw new Error(`'${part}' is not a status, a class like 4xx, or a range like 400-499`)
  })
  return (status) => tests.some((test) => test(status))
}

/** An HTTP status (100–599): `--status 600` or `099` can match no request, so it is an error. */
function checkStatus(text: string): number {
  const status = Number(text)
  if (status < 100 || status > 599) throw new Error(`'${text}' is not an HTTP status (100-599)`)
  return status
}

function containsValue(value: unknown, needle: string, depth = 0): boolean {
  if (typeof value === 'string') return value.toLowerCase() === needle
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).toLowerCase() === needle
  if (value === null || typeof value !== 'object' || depth > 6) return false
  const items = Array.isArray(value) ? value : Object.values(value)
  return items.some((item) => containsValue(item, needle, depth + 1))
}

export function recordHasValue(record: ScimRecord, value: string): boolean {
  const needle = value.toLowerCase()
  if (record.scimId?.toLowerCase() === needle) return true
  const body = record.body
  if (body.filter && (body.filter.value.toLowerCase() === needle || body.filter.raw.toLowerCase() === needle))
    return true
  return containsValue(
    [
      body.externalId,
      body.id,
      body.userName,
      body.emails,
      body.name,
      body.displayName,
      body.operations,
      body.extra,
    ],
    needle,
  )
}

export function matchRecord(record: ScimRecord, query: RecordQuery): boolean {
  if (
    query.group !== undefined &&
    (record.scopeKind !== 'group' || record.scope.toLowerCase() !== query.group.toLowerCase())
  ) {
    return false
  }
  if (query.instance && record.scopeKind !== 'instance') return false
  if (query.statuses && !query.statuses(record.status)) return false
  if (query.methods && !query.methods.includes(record.method)) return false
  if (query.idps && !query.idps.includes(record.idp)) return false
  if (query.actions && !query.actions.includes(record.action)) return false
  if (query.sinceMs !== undefined && record.timeMs < query.sinceMs) return false
  if (query.untilMs !== undefined && record.timeMs > query.untilMs) return false
  if (query.value !== undefined && !recordHasValue(record, query.value)) return false
  return true
}
