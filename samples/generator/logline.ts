/**
 * One `api_json.log` line, with the fields in the order GitLab writes them (reference §1.2).
 */
import { type Rng, round6 } from './prng.js'

export interface Param {
  key: string
  value: unknown
}

/** One log document in `api_json.log` layout; key order is the order written. */
export type LogDoc = Record<string, unknown>

export interface RequestSpec {
  timeMs: number
  status: number | string
  method: string
  path: string
  params: Param[]
  remoteIp: string
  ua: string
  /** Grape route pattern; absent when no API route matched. */
  route?: string
  user?: { id: number; username: string }
  tokenType?: string
  featureCategory?: string
  rootNamespace?: string
  /** Body size in bytes, when the request had a body. */
  contentLength?: number
  /** Only written for status 400 (`exception_logger.rb`). */
  apiError?: string[]
  /** Rough server time in seconds; the line builder jitters around it. */
  durationS?: number
  dbCount?: number
  gitaly?: boolean
  urgency?: 'default' | 'low' | 'medium' | 'high'
  host?: string
  /** Extra `meta.*` keys written before `meta.root_namespace` (e.g. `meta.project`, `meta.user`). */
  meta?: Record<string, string>
}

const URGENCY_TARGET = { high: 0.25, medium: 0.5, default: 1, low: 5 } as const

/** Build a log document with every field in GitLab's order. */
export function buildDoc(spec: RequestSpec, rng: Rng): LogDoc {
  const total = round6(Math.max(0.001, (spec.durationS ?? 0.05) * rng.float(0.6, 1.4)))
  const db = round6(total * rng.float(0.15, 0.35))
  const view = round6(Math.max(0, total - db) * rng.float(0.6, 0.95))
  const dbCount = spec.dbCount ?? rng.int(3, 30)
  const doc: LogDoc = {
    time: new Date(spec.timeMs).toISOString(),
    severity: 'INFO',
    duration_s: total,
    db_duration_s: db,
    view_duration_s: view,
    status: spec.status,
    method: spec.method,
    path: spec.path,
    params: spec.params,
    host: spec.host ?? 'gitlab.com',
    remote_ip: spec.remoteIp,
    ua: spec.ua,
  }
  if (spec.route !== undefined) doc.route = spec.route
  if (spec.user) {
    doc.user_id = spec.user.id
    doc.username = spec.user.username
  }
  if (spec.tokenType) {
    doc.token_type = spec.tokenType
    doc.token_id = rng.int(1000000, 29999999)
  }
  if (spec.apiError && spec.status === 400) doc.api_error = spec.apiError
  doc.queue_duration_s = round6(rng.float(0.002, 0.02))
  if (spec.gitaly) {
    doc.gitaly_calls = rng.int(1, 12)
    doc.gitaly_duration_s = round6(total * rng.float(0.05, 0.3))
  }
  doc.redis_calls = rng.int(2, 40)
  doc.redis_duration_s = round6(rng.float(0.0005, 0.008))
  doc.redis_read_bytes = rng.int(200, 9000)
  doc.redis_write_bytes = rng.int(50, 2500)
  doc.db_count = dbCount
  doc.db_write_count = spec.method === 'GET' ? 0 : rng.int(0, Math.max(1, Math.floor(dbCount / 3)))
  doc.db_cached_count = rng.int(0, Math.max(1, Math.floor(dbCount / 2)))
  doc.cpu_s = round6(total * rng.float(0.3, 0.8))
  doc.mem_objects = rng.int(20000, 300000)
  doc.mem_bytes = rng.int(1500000, 30000000)
  doc.mem_mallocs = rng.int(5000, 90000)
  doc.mem_total_bytes = (doc.mem_bytes as number) + (doc.mem_objects as number) * 40
  doc.pid = rng.int(1000, 9999)
  doc.worker_id = `puma_${rng.int(0, 7)}`
  doc.correlation_id = rng.correlationId(spec.timeMs)
  if (spec.route !== undefined) doc['meta.caller_id'] = `${spec.method} ${spec.route}`
  if (spec.user) doc['meta.user'] = spec.user.username
  for (const [key, value] of Object.entries(spec.meta ?? {})) doc[`meta.${key}`] = value
  doc['meta.remote_ip'] = spec.remoteIp
  if (spec.featureCategory) doc['meta.feature_category'] = spec.featureCategory
  doc['meta.client_id'] = spec.user ? `user/${spec.user.id}` : `ip/${spec.remoteIp}`
  if (spec.rootNamespace) doc['meta.root_namespace'] = spec.rootNamespace
  if (spec.contentLength !== undefined) doc.content_length = String(spec.contentLength)
  const urgency = spec.urgency ?? 'default'
  doc.request_urgency = urgency
  doc.target_duration_s = URGENCY_TARGET[urgency]
  return doc
}

/** Turn a request body into GitLab's params array, masking what GitLab filters (reference §1.3). */
export function bodyToParams(body: Record<string, unknown>): Param[] {
  return Object.entries(body).map(([key, value]) => ({ key, value: filterValue(key, value) }))
}

const FILTERED_KEY = /token$|password|secret|key$|^body$|^description$|^note$|^text$|^title$|^hook$|^output$/
const FILTERED_NAMES = new Set([
  'search',
  'content',
  'variables',
  'trace',
  'import_url',
  'redirect',
  'certificate',
])

export function filterValue(key: string, value: unknown): unknown {
  if (FILTERED_KEY.test(key) || FILTERED_NAMES.has(key)) return '[FILTERED]'
  if (Array.isArray(value)) return value.map((v) => filterValue('', v))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, filterValue(k, v)]))
  }
  return value
}
