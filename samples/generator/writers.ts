/**
 * Serialise log documents in every input format scimtrace reads: `api_json.log` NDJSON, Kibana/Elasticsearch
 * exports, Kubernetes container logs, and gzip. Pure functions of their input (and a seeded Rng), so the
 * output is byte-for-byte stable.
 */
import { gzipSync } from 'node:zlib'
import type { LogDoc } from './logline.js'
import type { Rng } from './prng.js'

/** `api_json.log`: one JSON object per line. */
export function toNdjson(docs: readonly LogDoc[]): string {
  let out = ''
  for (const doc of docs) out += `${JSON.stringify(doc)}\n`
  return out
}

/** gzip with fixed settings (no file name, mtime 0), so the bytes are stable. */
export function gzip(data: string | Buffer): Buffer {
  return gzipSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { level: 9 })
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Kibana's default date format `MMM D, YYYY @ HH:mm:ss.SSS`, in UTC. */
export function kibanaDate(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} @ ${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
}

/** Kibana's default number format `0,0.[000]`. */
export function kibanaNumber(n: number): string {
  const rounded = Math.round(n * 1000) / 1000
  const [int = '0', frac] = String(Math.abs(rounded)).split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${rounded < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`
}

/** Kibana `escape_value.ts` with `csv:quoteValues` on: quote anything not purely alphanumeric, double `"`. */
export function csvEscape(value: string): string {
  return /[^a-zA-Z0-9]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/** A param value as Elasticsearch/Kibana shows it: scalars as they are, objects and arrays JSON-stringified. */
export function flatParamValue(value: unknown): string | number | boolean | null {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value
  }
  return JSON.stringify(value)
}

function paramsOf(doc: LogDoc): { key: unknown; value: unknown }[] {
  return Array.isArray(doc.params) ? (doc.params as { key: unknown; value: unknown }[]) : []
}

export const KIBANA_CSV_COLUMNS = [
  '@timestamp',
  'json.time',
  'json.method',
  'json.path',
  'json.status',
  'json.params.key',
  'json.params.value',
  'json.ua',
  'json.remote_ip',
  'json.correlation_id',
  'json.duration_s',
  'json.meta.root_namespace',
] as const

/**
 * A Kibana Discover CSV report: newest first (Discover's default sort), dates and numbers formatted,
 * multi-values joined with `", "`, empty cells `-`. Durations lose precision to the number format, as in Kibana.
 */
export function toKibanaCsv(docs: readonly LogDoc[]): string {
  const cell = (column: string, doc: LogDoc): string => {
    const params = paramsOf(doc)
    let value: string
    switch (column) {
      case '@timestamp':
      case 'json.time':
        value = kibanaDate(String(doc.time))
        break
      case 'json.params.key':
        value = params.map((p) => String(p.key)).join(', ')
        break
      case 'json.params.value':
        value = params.map((p) => String(flatParamValue(p.value))).join(', ')
        break
      default: {
        const raw = doc[column.replace(/^json\./, '')]
        value =
          typeof raw === 'number' ? kibanaNumber(raw) : raw === undefined || raw === null ? '' : String(raw)
      }
    }
    return value === '' ? '-' : csvEscape(value)
  }
  let out = `${KIBANA_CSV_COLUMNS.map(csvEscape).join(',')}\n`
  for (const doc of [...docs].reverse()) out += `${KIBANA_CSV_COLUMNS.map((c) => cell(c, doc)).join(',')}\n`
  return out
}

function docId(rng: Rng): string {
  return rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 20)
}

const INDEX = 'pubsub-rails-inf-gprd-000123'

/** An Elasticsearch `_search` response with `_source.json` holding the log line (sorted ascending). */
export function toEsHits(docs: readonly LogDoc[], rng: Rng): string {
  const hits = docs.map((doc, i) => ({
    _index: INDEX,
    _id: docId(rng),
    _score: null,
    _source: { '@timestamp': doc.time, json: doc },
    sort: [Date.parse(String(doc.time)), i],
  }))
  const response = {
    took: rng.int(20, 400),
    timed_out: false,
    _shards: { total: 12, successful: 12, skipped: 0, failed: 0 },
    hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits },
  }
  return `${JSON.stringify(response, null, 2)}\n`
}

/** Text fields in GitLab's rails mapping that also have a `.keyword` subfield (ignore_above 256). */
const KEYWORD_FIELDS = new Set(['json.path', 'json.method', 'json.ua', 'json.correlation_id', 'json.route'])

/**
 * Kibana Inspect → Response for a Discover search: hits carry `fields` (dotted keys, array values,
 * `.keyword` multi-fields) and no `_source`; newest first.
 */
export function toKibanaFields(docs: readonly LogDoc[], rng: Rng): string {
  const hits = [...docs].reverse().map((doc) => {
    const fields: Record<string, unknown[]> = { '@timestamp': [doc.time] }
    for (const [key, value] of Object.entries(doc)) {
      const name = `json.${key}`
      if (key === 'params') {
        const params = paramsOf(doc)
        if (params.length === 0) continue
        const keys = params.map((p) => p.key)
        const values = params.map((p) => flatParamValue(p.value))
        fields['json.params.key'] = keys
        fields['json.params.key.keyword'] = keys
        fields['json.params.value'] = values
        // keyword drops values longer than 256 characters, so this array may be shorter than the keys.
        fields['json.params.value.keyword'] = values.filter((v) => typeof v !== 'string' || v.length <= 256)
        continue
      }
      if (value === undefined) continue
      fields[name] = [value]
      if (KEYWORD_FIELDS.has(name) && typeof value === 'string' && value.length <= 256) {
        fields[`${name}.keyword`] = [value]
      }
    }
    return {
      _index: INDEX,
      _id: docId(rng),
      _version: 1,
      _score: null,
      fields,
      sort: [Date.parse(String(doc.time)), rng.int(1000, 99999)],
    }
  })
  const response = {
    id: 'FkVqRjJmN1NQU0N1WUE0aEhMUjBudmcbSm5EcE52ZWtTUlNJOUxXY2ZxZFBOdzoxMjM0',
    rawResponse: {
      took: rng.int(20, 400),
      timed_out: false,
      _shards: { total: 12, successful: 12, skipped: 0, failed: 0 },
      hits: { total: hits.length, max_score: null, hits },
    },
    isPartial: false,
    isRunning: false,
    total: 12,
    loaded: 12,
    isRestored: false,
  }
  return `${JSON.stringify(response, null, 2)}\n`
}

/** One document per line with dotted keys (`json.path`, `json.meta.caller_id`); `json.params` stays an array. */
export function toKibanaNdjson(docs: readonly LogDoc[]): string {
  let out = ''
  for (const doc of docs) {
    const flat: Record<string, unknown> = { '@timestamp': doc.time }
    for (const [key, value] of Object.entries(doc)) flat[`json.${key}`] = value
    out += `${JSON.stringify(flat)}\n`
  }
  return out
}

/** A JSON array of `{"json": {…}}` documents. */
export function toDocsJson(docs: readonly LogDoc[]): string {
  return `${JSON.stringify(
    docs.map((doc) => ({ json: doc })),
    null,
    2,
  )}\n`
}

/** RFC 3339 with nanoseconds, trailing zeros trimmed, as containerd writes it. */
function rfc3339Nano(ms: number, extraNs: number): string {
  const iso = new Date(ms).toISOString() // …T09:12:03.412Z
  const frac = `${iso.slice(20, 23)}${String(extraNs).padStart(6, '0')}`.replace(/0+$/, '')
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`
}

/** Kubernetes (CRI) container log lines: `<time> stdout F <line>`, logged a little after the request ended. */
export function toK8s(docs: readonly LogDoc[], rng: Rng): string {
  let out = ''
  for (const doc of docs) {
    const ms = Date.parse(String(doc.time)) + rng.int(0, 3)
    out += `${rfc3339Nano(ms, rng.int(0, 999999))} stdout F ${JSON.stringify(doc)}\n`
  }
  return out
}
