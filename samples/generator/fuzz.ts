/**
 * A mutating generator for the fuzz suite (issue #14), with its own model of the README's accounting: every
 * line it writes is labelled with what scimtrace must make of it (a SCIM request, other traffic, or a skip
 * reason), so a run can be checked against the model, not only against itself. Used by
 * `test/fuzz/fuzz.test.ts` (a short run in CI) and `bench/fuzz.ts` (a long run, 1,000,000 lines or more).
 *
 * Formats: api_json NDJSON (also gzipped and piped by the callers), Kibana NDJSON (`{"json": doc}` per
 * line), an Elasticsearch search response (`hits.hits[]._source`) and a Kibana Discover CSV report.
 */
import { csvEscape, flatParamValue, KIBANA_CSV_COLUMNS, kibanaDate, kibanaNumber } from './writers.js'

export type Outcome =
  | 'scim'
  | 'other'
  | 'invalid-json'
  | 'binary'
  | 'too-long'
  | 'not-an-object'
  | 'bad-field-type'

export interface FuzzLine {
  klass: string
  outcome: Outcome
  text: string
}

/** Deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const T0 = Date.UTC(2024, 4, 14, 9)
const SCIM = '/api/scim/v2/groups/fuzz/Users'

function baseDoc(random: () => number, i: number): Record<string, unknown> {
  const person = Math.floor(random() * 50) // a few people with many requests each
  const time = new Date(T0 + i * 1000).toISOString()
  const kind = random()
  if (kind < 0.4)
    return {
      time,
      status: random() < 0.8 ? 201 : 409,
      method: 'POST',
      path: SCIM,
      ua: 'Okta SCIM Client 1.0.0',
      params: [
        { key: 'userName', value: `user${person}@ex.example` },
        { key: 'externalId', value: `ext${person}` },
        { key: 'emails', value: [{ primary: true, type: 'work', value: `user${person}@ex.example` }] },
        { key: 'name', value: { givenName: `G${person}`, familyName: 'F' } },
      ],
    }
  if (kind < 0.75)
    return {
      time,
      status: [204, 404, 412][Math.floor(random() * 3)],
      method: 'PATCH',
      path: `${SCIM}/ext${person}`,
      params: [{ key: 'Operations', value: [{ op: 'replace', path: 'active', value: random() < 0.5 }] }],
    }
  return {
    time,
    status: random() < 0.5 ? 200 : 404,
    method: 'GET',
    path: SCIM,
    params: [{ key: 'filter', value: `userName eq "user${person}@ex.example"` }],
  }
}

type Mutation = (doc: Record<string, unknown>, random: () => number) => { outcome: Outcome; text: string }

const json = (doc: unknown) => JSON.stringify(doc)

/** The mutation classes, each with the outcome the accounting rules give it. */
export const MUTATIONS: Record<string, Mutation> = {
  valid: (doc) => ({ outcome: 'scim', text: json(doc) }),
  other: (doc) => ({ outcome: 'other', text: json({ ...doc, path: '/api/v4/projects/1/issues' }) }),
  'other-mentions-scim': (doc) => ({
    outcome: 'other',
    text: json({ ...doc, path: '/api/v4/projects/scim-bridge' }),
  }),
  truncated: (doc, random) => {
    const text = json(doc)
    const keep = text.indexOf('/scim/v') + 8
    return {
      outcome: 'invalid-json',
      text: text.slice(0, keep + Math.floor(random() * (text.length - keep - 1))),
    }
  },
  binary: (doc) => ({ outcome: 'binary', text: json(doc).replace('"method"', '"\u0000method"') }),
  'not-an-object': () => ({ outcome: 'not-an-object', text: json([SCIM, 1, null]) }),
  'status-text': (doc) => ({ outcome: 'bad-field-type', text: json({ ...doc, status: 'abc' }) }),
  'status-infinite': (doc) => ({
    outcome: 'bad-field-type',
    text: json(doc).replace(/"status":\d+/, '"status":1e309'),
  }),
  'status-bool': (doc) => ({ outcome: 'bad-field-type', text: json({ ...doc, status: true }) }),
  'time-not-rfc3339': (doc, random) => ({
    outcome: 'bad-field-type',
    text: json({
      ...doc,
      time: ['1', 'Tue 9', '2024-02-30T00:00:00Z', '2024-05-14'][Math.floor(random() * 4)],
    }),
  }),
  'method-number': (doc) => ({ outcome: 'bad-field-type', text: json({ ...doc, method: 123 }) }),
  'params-not-list': (doc) => ({ outcome: 'bad-field-type', text: json({ ...doc, params: 'x' }) }),
  'lone-surrogate': (doc) => ({
    outcome: 'scim',
    text: json(doc)
      .replace(/ext(\d+)/g, 'ext$1\\ud800')
      .replace(/user(\d+)@/g, 'us\\udc00er$1@'),
  }),
  'patch-without-value': (doc) => ({
    outcome: 'scim',
    text: json({
      ...doc,
      method: 'PATCH',
      status: 204,
      path: `${SCIM}/ext1`,
      params: [{ key: 'Operations', value: [{ op: 'replace', path: 'emails[type eq "work"].value' }] }],
    }),
  }),
  'deep-param': (doc) => ({
    outcome: 'scim',
    text: `${json(doc).slice(0, -2)},{"key":"x","value":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}]}`,
  }),
  'control-chars': (doc) => ({
    outcome: 'scim',
    // written as JSON escapes: a raw control character inside a JSON string is invalid JSON
    text: json(doc).replace(/user(\d+)@/g, 'u\\u001b[2J\\u009b\\u202e\\u0000$1@'),
  }),
  'k8s-prefix': (doc) => ({ outcome: 'scim', text: `2024-05-14T09:00:00.1Z stdout F ${json(doc)}` }),
  crlf: (doc) => ({ outcome: 'scim', text: `${json(doc)}\r` }),
}

/** How often each class is drawn (too-long lines are 1 MiB each: rare). */
const WEIGHTS: [string, number][] = [
  ...Object.keys(MUTATIONS).map((k): [string, number] => [k, k === 'valid' ? 20 : k === 'other' ? 10 : 1]),
  ['too-long', 0.002],
]
const TOTAL = WEIGHTS.reduce((sum, [, w]) => sum + w, 0)

/** `count` labelled api_json lines from `seed`. */
export function* fuzzLines(count: number, seed: number, classes?: readonly string[]): Generator<FuzzLine> {
  const random = prng(seed)
  const weights = classes ? WEIGHTS.filter(([k]) => classes.includes(k)) : WEIGHTS
  const total = classes ? weights.reduce((sum, [, w]) => sum + w, 0) : TOTAL
  for (let i = 0; i < count; i++) {
    let pick = random() * total
    let klass = 'valid'
    for (const [k, w] of weights) {
      pick -= w
      if (pick < 0) {
        klass = k
        break
      }
    }
    const doc = baseDoc(random, i)
    if (klass === 'too-long') {
      yield { klass, outcome: 'too-long', text: json({ ...doc, x: 'a'.repeat((1 << 20) + 10) }) }
      continue
    }
    const { outcome, text } = (MUTATIONS[klass] as Mutation)(doc, random)
    yield { klass, outcome, text }
  }
}

/** What the model expects `report --format json`'s `summary.input` to say about `lines`. */
export function expectedInput(lines: Iterable<FuzzLine>): {
  lines: number
  scimRequests: number
  other: number
  skipped: number
  skippedByReason: Record<string, number>
} {
  const result = {
    lines: 0,
    scimRequests: 0,
    other: 0,
    skipped: 0,
    skippedByReason: {} as Record<string, number>,
  }
  for (const line of lines) {
    result.lines++
    if (line.outcome === 'scim') result.scimRequests++
    else if (line.outcome === 'other') result.other++
    else {
      result.skipped++
      result.skippedByReason[line.outcome] = (result.skippedByReason[line.outcome] ?? 0) + 1
    }
  }
  return result
}

/** Classes whose documents survive being carried in an export (one JSON value per document). */
export const EXPORTABLE = [
  'valid',
  'other',
  'status-text',
  'status-bool',
  'time-not-rfc3339',
  'method-number',
  'params-not-list',
  'patch-without-value',
  'deep-param',
  'control-chars',
  'lone-surrogate',
] as const

/** A line as a Kibana NDJSON document (`{"json": doc}`). */
export function asKibanaLine(line: FuzzLine): string {
  return `{"json":${line.text}}`
}

/** Lines as one Elasticsearch search response. */
export function asEsJson(lines: readonly FuzzLine[]): string {
  const hits = lines.map((line, i) => `{"_index":"gitlab","_id":"d${i}","_source":${line.text}}`)
  return `{"took":1,"hits":{"total":{"value":${lines.length}},"hits":[${hits.join(',')}]}}`
}

/**
 * Classes whose documents keep their outcome in a Kibana CSV report: not `params-not-list`, whose string
 * `params` has no `json.params.key`/`json.params.value` cells to be written in. `control-chars` writes raw
 * NULs, which make detection take the file for binary (`sources/detect.ts`): the callers name the format.
 */
export const CSV_EXPORTABLE = EXPORTABLE.filter((klass) => klass !== 'params-not-list')

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** The header row of `asKibanaCsv`. */
export function kibanaCsvHeader(): string {
  return `${KIBANA_CSV_COLUMNS.map(csvEscape).join(',')}\n`
}

/** One line as a row of a Kibana Discover CSV report. A time that is not a date is written as it is. */
export function kibanaCsvRow(line: FuzzLine): string {
  const doc = JSON.parse(line.text) as Record<string, unknown>
  const params = Array.isArray(doc.params) ? (doc.params as { key: unknown; value: unknown }[]) : []
  const cell = (column: string): string => {
    let value: string
    if (column === '@timestamp' || column === 'json.time') {
      const time = String(doc.time)
      value = RFC3339_UTC.test(time) && !Number.isNaN(Date.parse(time)) ? kibanaDate(time) : time
    } else if (column === 'json.params.key') value = params.map((p) => String(p.key)).join(', ')
    else if (column === 'json.params.value')
      value = params.map((p) => String(flatParamValue(p.value))).join(', ')
    else {
      const raw = doc[column.replace(/^json\./, '')]
      value =
        typeof raw === 'number' ? kibanaNumber(raw) : raw === undefined || raw === null ? '' : String(raw)
    }
    return value === '' ? '-' : csvEscape(value)
  }
  return `${KIBANA_CSV_COLUMNS.map(cell).join(',')}\n`
}

/**
 * Lines as a Kibana Discover CSV report, as `writers.ts` writes the samples' (`toKibanaCsv`): newest first,
 * dates and numbers formatted, params as `json.params.key`/`json.params.value` joined with `", "`.
 */
export function asKibanaCsv(lines: readonly FuzzLine[]): string {
  let out = kibanaCsvHeader()
  for (let i = lines.length - 1; i >= 0; i--) out += kibanaCsvRow(lines[i] as FuzzLine)
  return out
}
