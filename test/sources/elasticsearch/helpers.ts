/**
 * Shared by the tests against the real Elasticsearch (started by test/elasticsearch/global-setup.ts):
 * its URL, GitLab.com's mapping, seeding an index with the samples, and comparing runs.
 */
import { readdirSync } from 'node:fs'
import { inject } from 'vitest'
import { Accounting } from '../../../src/common/accounting.js'
import { readEntries } from '../../../src/sources/index.js'

export const ES_URL = inject('esUrl')
export const ES_SECURE_URL = inject('esSecureUrl')
export const ES_SECURE_USER = inject('esSecureUser')
export const ES_SECURE_PASSWORD = inject('esSecurePassword')
export const ES_SKIP = inject('esSkip')

/** Every api_json sample (the exports repeat okta-lifecycle; the rotated set is one log in three files). */
export const SAMPLE_INPUTS = [
  'samples/okta-lifecycle',
  'samples/entra-lifecycle',
  ...readdirSync('samples/errors')
    .sort()
    .map((name) => `samples/errors/${name}`),
  'samples/healthy',
  'samples/k8s',
  'samples/mixed',
  'samples/rotated',
]

const textWithKeyword = { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } }

/** GitLab.com's `pubsub-rails-inf-gprd-*` mapping for the fields scimtrace reads (elasticsearch-notes §4). */
export function gitlabMapping(keyword = true) {
  const text = keyword ? textWithKeyword : { type: 'text' }
  return {
    // Malformed values (a sample's `"status": "abc"`) stay in `_source`, for the records stage to skip.
    settings: { number_of_shards: 2, number_of_replicas: 0, 'index.mapping.ignore_malformed': true },
    mappings: {
      dynamic: false,
      properties: {
        '@timestamp': { type: 'date' },
        json: {
          properties: {
            time: { type: 'date' },
            method: text,
            path: text,
            status: { type: 'long' },
            ua: text,
            remote_ip: text,
            correlation_id: text,
            duration_s: { type: 'float' },
            params: { properties: { key: text, value: text } },
          },
        },
      },
    },
  }
}

/**
 * An api_json document as GitLab's log pipeline indexes it: under `json`, `@timestamp` from `time`, and
 * param values that are objects or arrays as JSON strings (a text field takes no objects).
 */
export function toIndexed(doc: Record<string, unknown>): Record<string, unknown> {
  const json: Record<string, unknown> = { ...doc }
  if (Array.isArray(doc.params)) {
    json.params = doc.params.map((param: { key: unknown; value: unknown }) => ({
      key: param.key,
      value:
        typeof param.value === 'object' && param.value !== null ? JSON.stringify(param.value) : param.value,
    }))
  }
  return { '@timestamp': doc.time, json }
}

export async function sampleDocs(
  inputs: readonly string[] = SAMPLE_INPUTS,
): Promise<Record<string, unknown>[]> {
  const docs: Record<string, unknown>[] = []
  for await (const entry of readEntries(inputs, { accounting: new Accounting() }))
    docs.push(toIndexed(entry.doc))
  return docs
}

// biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
type Loose = any

export async function es(
  method: string,
  path: string,
  body?: unknown,
  options: { url?: string; auth?: string } = {},
): Promise<{ status: number; body: Loose }> {
  const ndjson = Array.isArray(body)
  const response = await fetch(`${options.url ?? ES_URL}${path}`, {
    method,
    headers: {
      'content-type': ndjson ? 'application/x-ndjson' : 'application/json',
      ...(options.auth ? { authorization: options.auth } : {}),
    },
    ...(body === undefined
      ? {}
      : { body: ndjson ? `${body.map((line) => JSON.stringify(line)).join('\n')}\n` : JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}

let counter = 0

/** Documents the last `seedIndex` could not index (a sample's deliberately malformed lines). */
export const rejected: string[] = []

/**
 * A fresh index (one per test), seeded and refreshed. Documents Elasticsearch refuses (a sample's
 * `params` that is a string, against the object mapping) are left out, as GitLab's log pipeline would
 * drop them, and listed in `rejected`.
 */
export async function seedIndex(
  prefix: string,
  docs: readonly Record<string, unknown>[],
  options: { keyword?: boolean; url?: string; auth?: string } = {},
): Promise<string> {
  rejected.length = 0
  const name = `${prefix}-${process.pid}-${++counter}`
  const created = await es('PUT', `/${name}`, gitlabMapping(options.keyword ?? true), options)
  if (created.status !== 200) throw new Error(`create ${name}: ${JSON.stringify(created.body)}`)
  for (let start = 0; start < docs.length; start += 5000) {
    const lines = docs.slice(start, start + 5000).flatMap((doc) => [{ index: {} }, doc])
    const bulk = await es('POST', `/${name}/_bulk?refresh=true`, lines, options)
    if (bulk.status !== 200) throw new Error(`bulk ${name}: ${JSON.stringify(bulk.body).slice(0, 500)}`)
    for (const item of bulk.body.items ?? []) {
      if (item.index?.error) rejected.push(String(item.index.error.reason).slice(0, 120))
    }
  }
  return name
}

/** A window that holds every sample. */
export const ALL_TIME = ['--since', '2000-01-01', '--until', '2100-01-01', '--yes']

/** A JSON output with the parts that name where records came from removed (they differ by design). */
export function withoutOrigins(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutOrigins)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'origin' || key === 'origins' || key === 'sources' || key === 'input') continue
    out[key] = withoutOrigins(inner)
  }
  return out
}
