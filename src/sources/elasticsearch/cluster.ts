/**
 * A cluster opened for several requests, for `report --server-side` (`analysis/server-side.ts`): the
 * request counts by aggregation (`counts.ts`, raw buckets the engine folds), then documents of a narrowed
 * query (the base filters and one more clause) through the same scan and record layer as a full fetch
 * (`source.ts`). It says what it cost.
 */
import type { Client } from '@elastic/elasticsearch'
import type { Accounting } from '../../common/accounting.js'
import { UserError } from '../../common/errors.js'
import { countDocument, type ExportContext, toEntry } from '../exports/entries.js'
import type { DocSelection, RawEntry } from '../types.js'
import { createClient, loadClientModule } from './client.js'
import { type CompositeStats, compositeBuckets } from './composite.js'
import { type RequestCount, requestAggregation, toRequestCount } from './counts.js'
import { describeEsError } from './errors.js'
import { detectForms } from './mapping.js'
import { buildQuery, type Dsl, SORT, sourceIncludes } from './query.js'
import { type RetryOptions, withRetry } from './retry.js'
import { scan } from './scan.js'
import { describeConnection } from './source.js'
import type { EsConnection, EsFilter, FieldForms, ScanOptions } from './types.js'
import { checkVersion, serverVersion } from './version.js'

/** What the server-side report asked of the cluster. */
export interface ClusterCost {
  /** Search requests that returned aggregation buckets. */
  aggregationRequests: number
  buckets: number
  /** Search requests that returned documents (pages), and the documents read. */
  searchRequests: number
  documents: number
}

export interface ClusterOptions {
  connection: EsConnection
  filter: EsFilter
  scan?: ScanOptions
  /** Composite buckets per page. */
  bucketSize?: number
  signal?: AbortSignal
  debug?: (message: string) => void
}

export interface Cluster {
  readonly description: string
  readonly cost: ClusterCost
  /** Every request counted by path, status and method, one bucket at a time. */
  countRequests(): AsyncGenerator<RequestCount>
  /** The documents matching the run's filters and `clause`, in time order, as entries. */
  fetch(clause: Dsl, selection: DocSelection | undefined): AsyncGenerator<RawEntry>
  close(): Promise<void>
}

/** Exact fields are needed to aggregate: a text-only mapping cannot be counted by path. */
function requireExact(forms: FieldForms): void {
  const missing = [
    ['json.path', forms.pathExact],
    ['json.method', forms.methodExact],
    ['json.params.value', forms.valueExact],
  ].filter(([, field]) => field === undefined)
  if (missing.length > 0)
    throw new UserError(
      `--server-side needs keyword fields to aggregate on, and this index has none for ${missing.map(([name]) => name).join(', ')}: run without --server-side`,
    )
}

export async function openCluster(options: ClusterOptions, accounting: Accounting): Promise<Cluster> {
  const { connection, filter, signal } = options
  const description = describeConnection(connection, filter.index)
  const module = await loadClientModule()
  const scanOptions = options.scan ?? {}
  const retry: RetryOptions = {
    maxRetries: scanOptions.maxRetries ?? 5,
    backoffMs: scanOptions.backoffMs ?? 500,
    ...(signal ? { signal } : {}),
    ...(options.debug ? { debug: options.debug } : {}),
  }
  const failed = (error: unknown): Error => {
    if (signal?.aborted) return (signal.reason as Error) ?? error
    return describeEsError(module, error, description, filter.index)
  }
  let client: Client
  try {
    client = await createClient(connection)
  } catch (error) {
    throw failed(error)
  }
  let forms: FieldForms
  try {
    checkVersion(await serverVersion(client, signal, options.debug), description)
    forms = await withRetry(module, 'field caps', () => detectForms(client, filter.index, signal), retry)
  } catch (error) {
    await client.close().catch(() => undefined)
    throw failed(error)
  }
  requireExact(forms)
  const tally = accounting.addSource({ name: description, format: 'elasticsearch', bytes: 0, lines: 0 })
  const exportContext: ExportContext = { display: filter.index, accounting, tally }
  const base = buildQuery(filter, forms)
  const cost: ClusterCost = { aggregationRequests: 0, buckets: 0, searchRequests: 0, documents: 0 }
  const bucketSize = options.bucketSize ?? 5000
  return {
    description,
    cost,
    async *countRequests() {
      const stats: CompositeStats = { pages: 0, buckets: 0 }
      try {
        const requests = requestAggregation(forms)
        for await (const page of compositeBuckets(
          client,
          module,
          { index: filter.index, query: base, ...requests, size: bucketSize, retry },
          stats,
        ))
          for (const bucket of page) yield toRequestCount(bucket as never)
      } catch (error) {
        throw failed(error)
      } finally {
        cost.aggregationRequests += stats.pages
        cost.buckets += stats.buckets
      }
    },
    async *fetch(clause, selection) {
      const body: Dsl = { size: scanOptions.pageSize ?? 5000, track_total_hits: false }
      const includes = sourceIncludes(selection)
      if (includes) body._source = includes
      body.query = and(base, clause)
      body.sort = SORT
      options.debug?.(`server-side fetch: ${JSON.stringify(clause)}`)
      try {
        for await (const hits of scan(client, module, {
          index: filter.index,
          body,
          keepAlive: scanOptions.keepAlive ?? '2m',
          retry,
        })) {
          cost.searchRequests++
          for (const hit of hits) {
            cost.documents++
            countDocument(exportContext)
            const entry = toEntry(hit, { source: filter.index }, exportContext)
            if (entry) yield entry
          }
        }
      } catch (error) {
        throw failed(error)
      }
    },
    close: () => client.close().catch(() => undefined),
  }
}

/** The base query (a `bool` of filters) with more filters. */
function and(base: Dsl, ...clauses: Dsl[]): Dsl {
  const filters = ((base.bool as Dsl | undefined)?.filter as Dsl[] | undefined) ?? [base]
  return { bool: { filter: [...filters, ...clauses] } }
}
