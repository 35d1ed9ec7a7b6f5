/**
 * `report --server-side`, first step: what the cluster can count without giving documents. One composite
 * aggregation (no scripts): every request by `json.path.keyword` × `json.status` × `json.method.keyword`,
 * with the first and last time per bucket (min/max sub-aggregations). The buckets are raw counts: what a
 * path means (whose it is, which resource) is the engine's to read (`analysis/request-counts.ts`).
 */
import type { Dsl } from './query.js'
import type { FieldForms } from './types.js'

/** Requests of one bucket: one path, status and method. */
export interface RequestCount {
  path: string | null
  status: number | null
  method: string | null
  count: number
  firstMs: number
  lastMs: number
}

const TIME_AGGS: Dsl = {
  first: { min: { field: '@timestamp' } },
  last: { max: { field: '@timestamp' } },
}

/** The sources and sub-aggregations of the request count. */
export function requestAggregation(forms: FieldForms): { sources: Dsl[]; aggs: Dsl } {
  return {
    sources: [
      { path: { terms: { field: forms.pathExact, missing_bucket: true } } },
      { status: { terms: { field: 'json.status', missing_bucket: true } } },
      { method: { terms: { field: forms.methodExact, missing_bucket: true } } },
    ],
    aggs: TIME_AGGS,
  }
}

interface Bucket {
  key: Record<string, string | number | null>
  doc_count: number
  first?: { value: number | null }
  last?: { value: number | null }
}

export function toRequestCount(bucket: Bucket): RequestCount {
  const key = bucket.key
  const str = (value: unknown) => (typeof value === 'string' ? value : null)
  return {
    path: str(key.path),
    status: typeof key.status === 'number' ? key.status : null,
    method: str(key.method),
    count: bucket.doc_count,
    firstMs: bucket.first?.value ?? Number.NaN,
    lastMs: bucket.last?.value ?? Number.NaN,
  }
}
