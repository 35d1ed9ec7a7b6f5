/**
 * Reading every matching document once, in time order: a point in time and `search_after` on
 * (`@timestamp`, `_shard_doc`) (elasticsearch-notes §1.2).
 *
 * An expired point in time (`search_context_missing_exception`, after a long pause) is reopened and paging
 * resumes at the last timestamp: the new point in time numbers its documents differently, so `_shard_doc`
 * cannot carry over; the documents at that timestamp are read again and the ones already given (by `_id`)
 * are dropped, so none is lost or repeated. The point in time is closed at the end, on error and on abort.
 */
import type { Client } from '@elastic/elasticsearch'
import type { EsModule } from './client.js'
import type { Dsl } from './query.js'
import { type RetryOptions, withRetry } from './retry.js'

export interface Hit {
  _id: string
  _index: string
  _source?: Record<string, unknown>
  sort?: unknown[]
}

export interface ScanRequest {
  index: string
  /** The search body from `buildSearchBody` (query, sort, size, `_source`). */
  body: Dsl
  keepAlive: string
  retry: RetryOptions
  /** Called when a point in time is opened and closed (tests check they are). */
  onPit?: (event: 'open' | 'close' | 'reopen', id: string) => void
}

interface PageResponse {
  pit_id?: string
  hits: { hits: Hit[] }
}

/** The body is built as plain DSL (`query.ts`); the client's request type is far stricter than needed. */
type SearchBody = Parameters<Client['search']>[0]

function isExpired(module: EsModule, error: unknown): boolean {
  if (!(error instanceof module.errors.ResponseError)) return false
  const text = JSON.stringify(error.body ?? '')
  return /search_context_missing_exception|No search context found/.test(text)
}

export async function* scan(client: Client, module: EsModule, request: ScanRequest): AsyncGenerator<Hit[]> {
  const { retry } = request
  const signal = retry.signal
  const options = signal ? { signal } : {}
  // Opened without the abort signal: a Ctrl-C while the answer is on its way would leave a point in time
  // open on the server with no id to close it by. The loop below checks the signal first thing instead.
  const open = async () =>
    (
      await withRetry(
        module,
        'open point in time',
        () => client.openPointInTime({ index: request.index, keep_alive: request.keepAlive }),
        retry,
      )
    ).id
  let pitId = await open()
  request.onPit?.('open', pitId)
  const page = (pit: string, after: unknown[] | undefined): Promise<PageResponse> => {
    const body: Dsl = { ...request.body, pit: { id: pit, keep_alive: request.keepAlive } }
    if (after) body.search_after = after
    return withRetry(
      module,
      'search',
      () =>
        client.search(body as SearchBody, {
          ...options,
          querystring: {
            filter_path: 'pit_id,hits.hits._id,hits.hits._index,hits.hits._source,hits.hits.sort',
          },
        }),
      retry,
    ) as unknown as Promise<PageResponse>
  }
  let after: unknown[] | undefined
  let lastTime: unknown
  /** Ids already given at `lastTime`, to drop when a reopened point in time reads that timestamp again. */
  let idsAtLast = new Set<string>()
  let resumed = false
  /** The next page, asked for before the caller takes this one (see below). */
  let next: Promise<PageResponse> | undefined
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason
      const asked = next ?? page(pitId, after)
      next = undefined
      let response: PageResponse
      try {
        response = await asked
      } catch (error) {
        if (!isExpired(module, error)) throw error
        retry.debug?.('point in time expired: reopening it and resuming at the last timestamp')
        pitId = await open()
        request.onPit?.('reopen', pitId)
        // Resume just before the last timestamp's documents: the lowest possible `_shard_doc` there.
        after = lastTime === undefined ? undefined : [lastTime, -1]
        resumed = true
        continue
      }
      pitId = response.pit_id ?? pitId
      const hits = response.hits?.hits ?? []
      if (hits.length === 0) break
      const fresh: Hit[] = []
      for (const hit of hits) {
        const time = hit.sort?.[0]
        if (time !== lastTime) {
          lastTime = time
          idsAtLast = new Set()
          resumed = false
        } else if (resumed && idsAtLast.has(hit._id)) continue
        idsAtLast.add(hit._id)
        fresh.push(hit)
      }
      after = hits[hits.length - 1]?.sort
      // The cluster finds the next page while the caller normalises and analyses this one, instead of the
      // two taking turns. Its failure is met when it is awaited, at the top of the loop.
      next = page(pitId, after)
      next.catch(() => undefined)
      if (fresh.length > 0) yield fresh
    }
  } finally {
    // A page still on its way is let finish (an abort ends it at once), so the point in time is not closed
    // under it.
    if (next) await next.catch(() => undefined)
    // Closed even when aborted: a fresh request without the aborted signal.
    try {
      await client.closePointInTime({ id: pitId })
      request.onPit?.('close', pitId)
    } catch {
      // the cluster frees it after keep_alive anyway
    }
  }
}
