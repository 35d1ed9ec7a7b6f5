/**
 * Every bucket of a composite aggregation, page by page: each request asks for the buckets after the last
 * page's `after_key` until the answer has none. Memory is one page of buckets; the caller folds them.
 */
import type { Client } from '@elastic/elasticsearch'
import type { EsModule } from './client.js'
import type { Dsl } from './query.js'
import { type RetryOptions, withRetry } from './retry.js'

/** One composite bucket: its key (source name → value, `null` for a missing value) and sub-aggregations. */
export interface CompositeBucket {
  key: Record<string, string | number | null>
  doc_count: number
  [subAggregation: string]: unknown
}

export interface CompositeRequest {
  index: string
  query: Dsl
  /** The composite's `sources`, in order: `[{ name: { terms: { field, missing_bucket } } }]`. */
  sources: Dsl[]
  /** Sub-aggregations computed per bucket (min/max time, filter counts). */
  aggs?: Dsl
  /** Buckets per page (Elasticsearch's default is 10; its limit `search.max_buckets`, 65,536 on 8.x). */
  size: number
  retry: RetryOptions
}

export interface CompositeStats {
  /** Search requests sent. */
  pages: number
  buckets: number
}

const NAME = 'requests'

/** The search body of one page (exported for `query --print` and tests). */
export function compositeBody(request: Omit<CompositeRequest, 'retry' | 'index'>, after?: Dsl): Dsl {
  const composite: Dsl = { size: request.size, sources: request.sources }
  if (after) composite.after = after
  const aggregation: Dsl = { composite }
  if (request.aggs) aggregation.aggs = request.aggs
  return { size: 0, track_total_hits: false, query: request.query, aggs: { [NAME]: aggregation } }
}

type SearchBody = Parameters<Client['search']>[0]

export async function* compositeBuckets(
  client: Client,
  module: EsModule,
  request: CompositeRequest,
  stats: CompositeStats,
): AsyncGenerator<CompositeBucket[]> {
  const signal = request.retry.signal
  let after: Dsl | undefined
  for (;;) {
    if (signal?.aborted) throw signal.reason
    const body = { index: request.index, ...compositeBody(request, after) }
    const response = (await withRetry(
      module,
      'aggregation',
      () => client.search(body as SearchBody, signal ? { signal } : {}),
      request.retry,
    )) as unknown as {
      aggregations?: Record<string, { buckets?: CompositeBucket[]; after_key?: Dsl }>
    }
    stats.pages++
    const result = response.aggregations?.[NAME]
    const buckets = result?.buckets ?? []
    stats.buckets += buckets.length
    if (buckets.length > 0) yield buckets
    // Elasticsearch may give an `after_key` with the last, short page: an empty page ends the loop too.
    if (!result?.after_key || buckets.length === 0) return
    after = result.after_key
  }
}
