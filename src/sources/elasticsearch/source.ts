/**
 * Elasticsearch (directly, through Elastic Cloud, or through Kibana's console proxy) as one more source:
 * documents come out as `RawEntry` values through the same record layer as file exports
 * (`exports/entries.ts`: `_source` unwrapped, nested `json.*` and dotted keys, JSON-string param values),
 * with `{source: <index pattern>, index, docId}` as their origin.
 */
import type { Client } from '@elastic/elasticsearch'
import { countDocument, type ExportContext, toEntry } from '../exports/entries.js'
import type { RawEntry } from '../types.js'
import { cloudName, createClient, loadClientModule, safeHost } from './client.js'
import { describeEsError } from './errors.js'
import { detectForms } from './mapping.js'
import { buildQuery, buildSearchBody } from './query.js'
import { withRetry } from './retry.js'
import { scan } from './scan.js'
import type {
  EsConnection,
  EsFilter,
  FieldForms,
  ScanOptions,
  Source,
  SourceContext,
  SourceProgress,
} from './types.js'
import { checkVersion, serverVersion } from './version.js'

export interface ElasticsearchSourceOptions {
  connection: EsConnection
  filter: EsFilter
  scan?: ScanOptions
  /** Called once the count is known (before the first page), for the CLI's opening line. */
  onCount?: (total: number) => void
  /** Point-in-time events, for tests. */
  onPit?: (event: 'open' | 'close' | 'reopen', id: string) => void
}

/** Where, without credentials: `index@host`, `index@cloud:<name>` or `index@kibana:host`. */
export function describeConnection(connection: EsConnection, index: string): string {
  if (connection.kibana !== undefined) return `${index}@kibana:${safeHost(connection.kibana)}`
  if (connection.cloudId !== undefined) return `${index}@cloud:${cloudName(connection.cloudId)}`
  return `${index}@${safeHost(connection.node ?? '')}`
}

export function elasticsearchSource(options: ElasticsearchSourceOptions): Source {
  const { connection, filter } = options
  const description = describeConnection(connection, filter.index)
  const progress: SourceProgress = { unit: 'documents', done: 0 }
  return {
    description,
    progress: () => ({ ...progress }),
    entries: (context) => read(options, description, progress, context),
  }
}

async function* read(
  options: ElasticsearchSourceOptions,
  description: string,
  progress: SourceProgress,
  context: SourceContext,
): AsyncGenerator<RawEntry> {
  const { connection, filter } = options
  const scanOptions = options.scan ?? {}
  const module = await loadClientModule()
  let client: Client
  try {
    client = await createClient(connection)
  } catch (error) {
    throw describeEsError(module, error, description, filter.index)
  }
  const signal = context.signal
  const retry = {
    maxRetries: scanOptions.maxRetries ?? 5,
    backoffMs: scanOptions.backoffMs ?? 500,
    ...(signal ? { signal } : {}),
    ...(context.debug ? { debug: context.debug } : {}),
  }
  const tally = context.accounting.addSource({
    name: description,
    format: 'elasticsearch',
    bytes: 0,
    lines: 0,
  })
  const exportContext: ExportContext = { display: filter.index, accounting: context.accounting, tally }
  try {
    checkVersion(await serverVersion(client, signal, context.debug), description)
    const forms: FieldForms = await withRetry(
      module,
      'field caps',
      () => detectForms(client, filter.index, signal),
      retry,
    )
    context.debug?.(`mapping: ${JSON.stringify(forms)}`)
    const count = await withRetry(
      module,
      'count',
      () =>
        client.count(
          { index: filter.index, query: buildQuery(filter, forms) as never },
          signal ? { signal } : {},
        ),
      retry,
    )
    progress.total = count.count
    options.onCount?.(count.count)
    const body = buildSearchBody(filter, forms, context.selection, scanOptions.pageSize ?? 5000)
    context.debug?.(`query: ${JSON.stringify(body.query)}`)
    const request = {
      index: filter.index,
      body,
      keepAlive: scanOptions.keepAlive ?? '2m',
      retry,
      ...(options.onPit ? { onPit: options.onPit } : {}),
    }
    for await (const hits of scan(client, module, request)) {
      for (const hit of hits) {
        countDocument(exportContext)
        progress.done++
        const entry = toEntry(hit, { source: filter.index }, exportContext)
        if (entry) yield entry
      }
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error
    throw describeEsError(module, error, description, filter.index)
  } finally {
    await client.close().catch(() => undefined)
  }
}
