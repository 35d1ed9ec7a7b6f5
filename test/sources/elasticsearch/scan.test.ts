/**
 * The Elasticsearch source against the real server, in-process: paging, the point in time's life, an
 * expired point in time, abort, field caps on a mapping without `.keyword`, and pushed-down filters.
 */
import { describe, expect, it } from 'vitest'
import { Accounting } from '../../../src/common/accounting.js'
import { RECORD_SELECTION } from '../../../src/records/index.js'
import { createClient, loadClientModule } from '../../../src/sources/elasticsearch/client.js'
import { elasticsearchSource } from '../../../src/sources/elasticsearch/index.js'
import { scan } from '../../../src/sources/elasticsearch/scan.js'
import type { EsFilter, ScanOptions } from '../../../src/sources/elasticsearch/types.js'
import type { RawEntry } from '../../../src/sources/types.js'
import { ES_SKIP, ES_URL, es, seedIndex } from './helpers.js'

const BASE = Date.parse('2024-05-01T00:00:00Z')

/** `n` SCIM requests in group `pagers`, seven to a millisecond (ties the `_shard_doc` tiebreak must order). */
function generated(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const time = new Date(BASE + Math.floor(i / 7)).toISOString()
    const failed = i % 10 === 0
    return {
      '@timestamp': time,
      json: {
        time,
        method: failed ? 'POST' : 'GET',
        path: failed ? '/api/scim/v2/groups/pagers/Users' : `/api/scim/v2/groups/pagers/Users/u${i % 50}`,
        status: failed ? 409 : 200,
        correlation_id: `c-${i}`,
        params: failed ? [{ key: 'externalId', value: `ext-${i}` }] : [],
      },
    }
  })
}

const WIDE = { sinceMs: Date.parse('2000-01-01'), untilMs: Date.parse('2100-01-01') }

async function readAll(
  filter: EsFilter,
  scan: ScanOptions = {},
  hooks: {
    onPit?: (event: string, id: string) => void
    afterFirst?: () => Promise<void>
    signal?: AbortSignal
  } = {},
): Promise<{ entries: RawEntry[]; total?: number; accounting: Accounting }> {
  const source = elasticsearchSource({
    connection: { node: ES_URL },
    filter,
    scan,
    ...(hooks.onPit ? { onPit: hooks.onPit } : {}),
  })
  const accounting = new Accounting()
  const entries: RawEntry[] = []
  for await (const entry of source.entries({
    accounting,
    selection: RECORD_SELECTION,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  })) {
    entries.push(entry)
    if (entries.length === 1) await hooks.afterFirst?.()
  }
  const total = source.progress().total
  return { entries, ...(total !== undefined ? { total } : {}), accounting }
}

const ids = (entries: RawEntry[]) => entries.map((entry) => String(entry.doc.correlation_id))

/** Documents at one time come in `_shard_doc` order, not insertion order: compare as sorted lists. */
function expectEveryDocOnceInTimeOrder(entries: RawEntry[], n: number): void {
  const want = generated(n).map((doc) => (doc.json as { correlation_id: string }).correlation_id)
  expect(ids(entries).sort()).toEqual(want.sort())
  expect(new Set(ids(entries)).size).toBe(n)
  const times = entries.map((entry) => String(entry.doc.time))
  expect(times).toEqual([...times].sort())
}

async function pitAlive(id: string): Promise<boolean> {
  const response = await es('POST', '/_search', { size: 0, pit: { id } })
  return response.status === 200
}

describe.skipIf(!ES_URL)(`Elasticsearch source${ES_SKIP ? ` (${ES_SKIP})` : ''}`, () => {
  it('pages across many pages: every document once, in time order, with progress', async () => {
    const index = await seedIndex('paging', generated(2345))
    const events: string[] = []
    const { entries, total, accounting } = await readAll(
      { index, ...WIDE },
      { pageSize: 100 },
      { onPit: (event) => events.push(event) },
    )
    expect(total).toBe(2345)
    expectEveryDocOnceInTimeOrder(entries, 2345)
    expect(accounting.lines).toBe(2345)
    expect(events).toEqual(['open', 'close'])
    // The layout the records read: api_json fields, the origin naming index and document.
    const first = entries[0] as RawEntry
    expect(first.doc.path).toMatch(/^\/api\/scim\/v2\/groups\/pagers\/Users/)
    expect(first.doc.time).toBe('2024-05-01T00:00:00.000Z')
    expect(first.origin).toMatchObject({ source: index, index })
    expect(first.origin.docId).toMatch(/./)
  })

  it('reopens an expired point in time and resumes with no document lost or repeated', async () => {
    const index = await seedIndex('expiry', generated(700))
    const events: string[] = []
    let firstPit = ''
    const { entries } = await readAll(
      { index, ...WIDE },
      { pageSize: 45, keepAlive: '1s' },
      {
        onPit: (event, id) => {
          events.push(event)
          if (event === 'open') firstPit = id
        },
        // Longer than the keep-alive: the server frees the point in time (keep_alive_interval is 1 s).
        afterFirst: async () => {
          await new Promise((resolve) => setTimeout(resolve, 2500))
          expect(await pitAlive(firstPit)).toBe(false)
        },
      },
    )
    expect(events).toContain('reopen')
    expectEveryDocOnceInTimeOrder(entries, 700)
  })

  it('asks for the next page before it hands over this one', async () => {
    const index = await seedIndex('prefetch', generated(95))
    const module = await loadClientModule()
    const client = await createClient({ node: ES_URL })
    let searches = 0
    const search = client.search.bind(client)
    client.search = ((...args: Parameters<typeof search>) => {
      searches++
      return search(...args)
    }) as typeof client.search
    const body = {
      size: 10,
      sort: [{ '@timestamp': 'asc' }, { _shard_doc: 'asc' }],
      query: { match_all: {} },
    }
    const asked: number[] = []
    let documents = 0
    for await (const page of scan(client, module, {
      index,
      body,
      keepAlive: '1m',
      retry: { maxRetries: 0, backoffMs: 0 },
    })) {
      asked.push(searches)
      documents += page.length
    }
    await client.close()
    expect(documents).toBe(95)
    // Page k is handed over once k + 1 searches are out; the tenth asks for the empty page that ends it.
    expect(asked).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(searches).toBe(11)
  })

  it('closes the point in time when aborted (Ctrl-C)', async () => {
    const index = await seedIndex('abort', generated(500))
    const controller = new AbortController()
    let pit = ''
    const closed: string[] = []
    await expect(
      readAll(
        { index, ...WIDE },
        { pageSize: 50 },
        {
          signal: controller.signal,
          onPit: (event, id) => {
            if (event === 'open') pit = id
            if (event === 'close') closed.push(id)
          },
          afterFirst: async () => {
            expect(await pitAlive(pit)).toBe(true)
            expect(await openContexts()).toBeGreaterThanOrEqual(1)
            controller.abort(new Error('interrupted'))
          },
        },
      ),
    ).rejects.toThrow('interrupted')
    expect(closed).toEqual([pit])
    expect(await pitAlive(pit)).toBe(false)
  })

  it('detects a mapping without .keyword (field caps) and still selects exactly', async () => {
    const docs = generated(300)
    const index = await seedIndex('textonly', docs, { keyword: false })
    const caps = await es('GET', `/${index}/_field_caps?fields=json.path*`)
    expect(caps.body.fields['json.path']).toHaveProperty('text')
    expect(caps.body.fields).not.toHaveProperty(['json.path.keyword'])
    const { entries, total } = await readAll({
      index,
      ...WIDE,
      group: 'pagers',
      statuses: [{ gte: 409, lte: 409 }],
    })
    expect(total).toBe(30)
    expect(entries.every((entry) => entry.doc.status === 409)).toBe(true)
    const none = await readAll({ index, ...WIDE, group: 'pager' })
    // A phrase on a text field over-matches nothing here: `pager` is not a token of `pagers`.
    expect(none.total).toBe(0)
  })

  it('pushes group, value, status, method and time into the query', async () => {
    const index = await seedIndex('filters', [
      ...generated(100),
      {
        '@timestamp': '2024-05-01T00:00:01Z',
        json: {
          time: '2024-05-01T00:00:01Z',
          method: 'GET',
          path: '/api/scim/v2/groups/Other/Users/u1',
          status: 200,
        },
      },
    ])
    const count = async (filter: Partial<EsFilter>) => (await readAll({ index, ...WIDE, ...filter })).total
    expect(await count({})).toBe(101)
    expect(await count({ group: 'pagers' })).toBe(100)
    expect(await count({ group: 'other' })).toBe(1) // a group path compares case-insensitively
    expect(await count({ value: 'EXT-10' })).toBe(1) // a param value, case-insensitively
    expect(await count({ value: 'u3' })).toBe(2) // the id in the path: u3 (i = 3) and u3 (i = 53)
    expect(await count({ methods: ['POST'] })).toBe(10)
    expect(await count({ statuses: [{ gte: 400, lte: 499 }] })).toBe(10)
    expect(await count({ sinceMs: BASE + 5, untilMs: BASE + 6 })).toBe(14)
  })
})

async function openContexts(): Promise<number> {
  const stats = await es(
    'GET',
    '/_nodes/stats/indices/search?filter_path=nodes.*.indices.search.open_contexts',
  )
  return Object.values(
    stats.body.nodes as Record<string, { indices: { search: { open_contexts: number } } }>,
  ).reduce((sum, node) => sum + node.indices.search.open_contexts, 0)
}
