/**
 * The same three SCIM requests (reference §8) in api_json layout, and builders for every export shape
 * Kibana and Elasticsearch produce from them, so tests can check that all shapes give the same documents.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Accounting } from '../../src/common/accounting.js'
import type { LogDoc, RawEntry } from '../../src/sources/types.js'

export const API_DOCS: LogDoc[] = [
  {
    time: '2024-05-14T09:12:03.412Z',
    severity: 'INFO',
    duration_s: 0.023113,
    status: 200,
    method: 'GET',
    path: '/api/scim/v2/groups/acme-corp/Users',
    params: [
      { key: 'filter', value: 'userName eq "jane.doe@acme.example"' },
      { key: 'startIndex', value: '1' },
      { key: 'count', value: '100' },
    ],
    remote_ip: '198.51.100.23',
    ua: 'Okta SCIM Client 1.0.0',
    db_count: 7,
    correlation_id: '01HXR6Z1F3JQ8M2W4T9B7C5D0E',
    'meta.caller_id': 'GET /api/scim/:version/groups/:group/Users',
    'meta.root_namespace': 'acme-corp',
  },
  {
    time: '2024-05-14T09:12:04.118Z',
    severity: 'INFO',
    duration_s: 0.412307,
    status: 201,
    method: 'POST',
    path: '/api/scim/v2/groups/acme-corp/Users',
    params: [
      { key: 'userName', value: 'jane.doe@acme.example' },
      { key: 'name', value: { givenName: 'Jane', familyName: 'Doe' } },
      { key: 'emails', value: [{ primary: true, value: 'jane.doe@acme.example', type: 'work' }] },
      { key: 'displayName', value: 'Jane Doe' },
      { key: 'externalId', value: '00u8k2j3h4G5f6D7s8a9' },
      { key: 'groups', value: [] },
      { key: 'password', value: '[FILTERED]' },
      { key: 'active', value: true },
    ],
    remote_ip: '198.51.100.23',
    ua: 'Okta SCIM Client 1.0.0',
    db_count: 1064,
    correlation_id: '01HXR6Z2A9KQ7B3N5M1P8R4T6V',
    'meta.caller_id': 'POST /api/scim/:version/groups/:group/Users',
    'meta.root_namespace': 'acme-corp',
    content_length: '389',
  },
  {
    time: '2024-06-10T16:20:00.118Z',
    severity: 'INFO',
    duration_s: 0.031902,
    status: 204,
    method: 'PATCH',
    path: '/api/scim/v2/groups/acme-corp/Users/6f1c2e8a-3b4d-4e5f-9a0b-1c2d3e4f5a6b',
    params: [{ key: 'Operations', value: [{ op: 'Replace', path: 'active', value: 'False' }] }],
    remote_ip: '20.44.0.10',
    ua: 'Mozilla/5.0 (compatible; Entra, "quoted")',
    db_count: 27,
    correlation_id: '01J00D1E2F3G4H5J6K7L8M9N0P',
    'meta.caller_id': 'PATCH /api/scim/:version/groups/:group/Users/:id',
    'meta.root_namespace': 'acme-corp',
  },
]

/** `{"@timestamp":…, "json": {…, "meta": {…}}}`: `_source` as the GitLab.com pipeline stores it. */
export function nestedSource(doc: LogDoc): Record<string, unknown> {
  const json: Record<string, unknown> = {}
  const meta: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(doc)) {
    if (key.startsWith('meta.')) meta[key.slice(5)] = value
    else json[key] = value
  }
  json.meta = meta
  return { '@timestamp': doc.time, json, kubernetes: { pod: 'web-1' } }
}

/** `{"json.path": …}`: literal dotted keys, without `json.time` (so `time` comes from `@timestamp`). */
export function dottedSource(doc: LogDoc): Record<string, unknown> {
  const out: Record<string, unknown> = { '@timestamp': doc.time }
  for (const [key, value] of Object.entries(doc)) if (key !== 'time') out[`json.${key}`] = value
  return out
}

/** Elements of `json.params.value` as the fields API returns them: objects and arrays as JSON text. */
function flatParamValue(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value
}

/** A hit's `fields`: dotted keys, every value an array, `.keyword` duplicates, params as parallel arrays. */
export function fieldsOf(doc: LogDoc): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = { '@timestamp': [doc.time] }
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'params') {
      const params = value as { key: string; value: unknown }[]
      out['json.params.key'] = params.map((p) => p.key)
      out['json.params.key.keyword'] = params.map((p) => p.key)
      out['json.params.value'] = params.map((p) => flatParamValue(p.value))
      continue
    }
    out[`json.${key}`] = [value]
    if (typeof value === 'string') out[`json.${key}.keyword`] = [value]
  }
  return out
}

export function hitOf(doc: LogDoc, i: number, body: 'source' | 'fields'): Record<string, unknown> {
  const hit: Record<string, unknown> = {
    _index: 'pubsub-rails-inf-gprd-000001',
    _id: `doc-${i}`,
    _score: null,
  }
  if (body === 'source') hit._source = nestedSource(doc)
  else hit.fields = fieldsOf(doc)
  return hit
}

export function searchResponse(docs: LogDoc[], body: 'source' | 'fields'): Record<string, unknown> {
  return {
    took: 5,
    timed_out: false,
    hits: { total: { value: docs.length, relation: 'eq' }, hits: docs.map((doc, i) => hitOf(doc, i, body)) },
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `2024-05-14T09:12:03.412Z` → `May 14, 2024 @ 09:12:03.412` (Kibana's default date format). */
export function kibanaDate(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} @ ${time}.${pad(d.getUTCMilliseconds(), 3)}`
}

/** A cell as Kibana writes it: quoted when not alphanumeric, quotes doubled, formulas guarded. */
export function csvCell(value: string): string {
  if (value === '-') return value // Kibana's marker for an empty cell
  const guarded = /^[=+\-@]/.test(value) ? `'${value}` : value
  return /^[A-Za-z0-9]*$/.test(guarded) ? guarded : `"${guarded.replaceAll('"', '""')}"`
}

const formatNumber = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 })

/** A Discover CSV export of `docs` with a few columns, one of them labelled. */
export function discoverCsv(docs: LogDoc[], options: { bom?: boolean; separator?: string } = {}): string {
  const sep = options.separator ?? ','
  const header = [
    '@timestamp',
    'json.method',
    'Path (json.path)',
    'json.status',
    'json.params.key',
    'json.params.value',
    'json.db_count',
    'json.ua',
    'json.api_error',
  ]
  const rows = docs.map((doc) => {
    const params = doc.params as { key: string; value: unknown }[]
    const joined = (values: unknown[]) =>
      values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')
    return [
      kibanaDate(String(doc.time)),
      String(doc.method),
      String(doc.path),
      String(doc.status),
      joined(params.map((p) => p.key)),
      joined(params.map((p) => p.value)),
      formatNumber(Number(doc.db_count)),
      String(doc.ua),
      '-',
    ]
      .map(csvCell)
      .join(sep)
  })
  return `${options.bom ? '\uFEFF' : ''}${[header.join(sep), ...rows].join('\n')}\n`
}

/** The fields every export shape keeps. */
export function core(doc: LogDoc): LogDoc {
  const { time, method, path, status, params } = doc
  return { time, method, path, status, params }
}

export async function collect<T = RawEntry>(entries: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const entry of entries) out.push(entry)
  return out
}

export async function* chunksOf(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part, 'utf8') : part
}

export function exportContext(display = 'export') {
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: display, format: 'test', bytes: 0, lines: 0 })
  return { display, accounting, tally }
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'scimtrace-sources-'))
  try {
    return await fn(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
