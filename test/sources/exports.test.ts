import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/common/errors.js'
import { readEsJson } from '../../src/sources/exports/es-json.js'
import { readKibanaCsv } from '../../src/sources/exports/kibana-csv.js'
import { splitLines } from '../../src/sources/exports/lines.js'
import { readKibanaNdjson } from '../../src/sources/exports/ndjson.js'
import {
  API_DOCS,
  chunksOf,
  collect,
  core,
  discoverCsv,
  dottedSource,
  exportContext,
  hitOf,
  nestedSource,
  searchResponse,
} from './fixtures.js'

const ndjson = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n')

describe('splitLines', () => {
  it('splits across chunk boundaries, strips \\r, and marks over-long lines without keeping them', async () => {
    const lines = await collect(splitLines(chunksOf('ab', 'c\r\nde', 'f\n', 'x'.repeat(30), 'y\nlast'), 10))
    expect(lines).toEqual([
      { number: 1, text: 'abc' },
      { number: 2, text: 'def' },
      { number: 3, tooLong: true },
      { number: 4, text: 'last' },
    ])
  })
})

describe('readKibanaNdjson', () => {
  it('reads every line shape into api_json docs with line origins (and ids for hits)', async () => {
    const context = exportContext('x.ndjson')
    const text = ndjson([
      nestedSource(API_DOCS[0] ?? {}),
      dottedSource(API_DOCS[1] ?? {}),
      hitOf(API_DOCS[2] ?? {}, 7, 'fields'),
    ])
    const entries = await collect(readKibanaNdjson(chunksOf(`\uFEFF${text}\n\n`), context))
    expect(entries.map((e) => e.doc)).toEqual(API_DOCS)
    expect(entries.map((e) => e.origin)).toEqual([
      { source: 'x.ndjson', line: 1 },
      { source: 'x.ndjson', line: 2 },
      { source: 'x.ndjson', line: 3, docId: 'doc-7', index: 'pubsub-rails-inf-gprd-000001' },
    ])
    expect(context.accounting.lines).toBe(3)
    expect(context.tally.lines).toBe(3)
    expect(context.accounting.skipped).toBe(0)
  })

  it('skips and counts bad lines with reasons and locations', async () => {
    const context = exportContext('bad.ndjson')
    const text = [
      JSON.stringify(nestedSource(API_DOCS[0] ?? {})),
      '{"json":{"path":"/api/scim',
      '[1,2]',
      JSON.stringify({ json: { status: 200 } }),
      JSON.stringify({ json: { path: 'x'.repeat(3000) } }),
      JSON.stringify(nestedSource(API_DOCS[1] ?? {})),
    ].join('\n')
    const entries = await collect(readKibanaNdjson(chunksOf(text), context, 2000))
    expect(entries.map((e) => e.origin.line)).toEqual([1, 6])
    const snapshot = context.accounting.snapshot()
    expect(snapshot.lines).toBe(6)
    expect(snapshot.skippedByReason).toEqual({
      'invalid-json': { count: 1, first: [{ source: 'bad.ndjson', line: 2 }] },
      'not-an-object': { count: 1, first: [{ source: 'bad.ndjson', line: 3 }] },
      'bad-field-type': { count: 1, first: [{ source: 'bad.ndjson', line: 4 }] },
      'too-long': { count: 1, first: [{ source: 'bad.ndjson', line: 5 }] },
    })
  })
})

describe('readEsJson', () => {
  const read = (value: unknown, display = 'x.json') => {
    const context = exportContext(display)
    return { context, entries: collect(readEsJson(chunksOf(JSON.stringify(value, null, 2)), context)) }
  }

  it('reads a search response with _source hits, keeping ids and index', async () => {
    const { entries, context } = read(searchResponse(API_DOCS, 'source'))
    const got = await entries
    expect(got.map((e) => e.doc)).toEqual(API_DOCS)
    expect(got[1]?.origin).toEqual({
      source: 'x.json',
      docId: 'doc-1',
      index: 'pubsub-rails-inf-gprd-000001',
    })
    expect(context.tally.lines).toBe(3)
    expect(context.accounting.lines).toBe(3)
  })

  it('reads Kibana Inspect responses with fields hits, and arrays of responses', async () => {
    expect(
      (await read({ rawResponse: searchResponse(API_DOCS, 'fields') }).entries).map((e) => e.doc),
    ).toEqual(API_DOCS)
    const many = [
      searchResponse(API_DOCS.slice(0, 1), 'source'),
      { rawResponse: searchResponse(API_DOCS.slice(1), 'fields') },
    ]
    expect((await read(many).entries).map((e) => e.doc)).toEqual(API_DOCS)
    expect((await read({ responses: [searchResponse(API_DOCS, 'source')] }).entries).length).toBe(3)
  })

  it('reads an array of plain documents, numbering them, and a single document', async () => {
    const got = await read(API_DOCS.map((doc) => ({ json: doc }))).entries
    expect(got.map((e) => e.doc)).toEqual(API_DOCS)
    expect(got.map((e) => e.origin)).toEqual([1, 2, 3].map((item) => ({ source: 'x.json', item })))
    expect((await read(nestedSource(API_DOCS[2] ?? {})).entries).map((e) => e.doc)).toEqual([API_DOCS[2]])
  })

  it('skips elements that are not documents', async () => {
    const { entries, context } = read([nestedSource(API_DOCS[0] ?? {}), 42, { json: { method: 'GET' } }])
    expect(await entries).toHaveLength(1)
    expect(context.accounting.snapshot().skippedByReason).toEqual({
      'not-an-object': { count: 1, first: [{ source: 'x.json', item: 2 }] },
      'bad-field-type': { count: 1, first: [{ source: 'x.json', item: 3 }] },
    })
  })

  it('refuses invalid JSON and documents over the size limit with a clear InputError', async () => {
    const context = exportContext('broken.json')
    await expect(collect(readEsJson(chunksOf('{"hits": '), context))).rejects.toThrow(
      /^cannot parse 'broken\.json' as JSON: /,
    )
    const big = collect(readEsJson(chunksOf('[', ' '.repeat(2 * 1024 * 1024), ']'), context, 1024 * 1024))
    await expect(big).rejects.toThrow(InputError)
    await expect(
      collect(readEsJson(chunksOf('[', ' '.repeat(2 * 1024 * 1024), ']'), context, 1024 * 1024)),
    ).rejects.toThrow("'broken.json' is a JSON document over 1 MiB: export it as NDJSON")
  })
})

describe('readKibanaCsv', () => {
  it('reads a Discover CSV (BOM, ; separator, labels, chunked) into the same requests', async () => {
    for (const options of [{}, { bom: true, separator: ';' }]) {
      const text = discoverCsv(API_DOCS, options)
      const chunks = chunksOf(...(text.match(/[\s\S]{1,7}/g) ?? []))
      const context = exportContext('x.csv')
      const entries = await collect(readKibanaCsv(chunks, context))
      expect(entries.map((e) => core(e.doc))).toEqual(API_DOCS.map(core))
      expect(entries.map((e) => e.origin.line)).toEqual([2, 3, 4])
      expect(context.tally.lines).toBe(3)
      expect(context.tally.bytes).toBe(0) // counted by countBytes in readEntries, not by the reader
    }
  })

  it('keeps line numbers across embedded newlines and skips bad rows with their line', async () => {
    const text = [
      '@timestamp,json.path,json.method',
      '"Jan 5, 2025 @ 13:04:05.123","/api/scim/v2/groups/g/Users","GET"',
      '"Jan 5, 2025 @ 13:04:06.000","/api/scim/v2/groups/g/Users',
      'still the path",POST',
      'too,few',
      'bad"quote,/p,GET',
      '"Jan 5, 2025 @ 13:04:07.000",/api/scim/v2/groups/g/Users/1,PATCH',
      '"unterminated,/p,GET',
    ].join('\n')
    const context = exportContext('x.csv')
    const entries = await collect(readKibanaCsv(chunksOf(text), context))
    expect(entries.map((e) => [e.origin.line, e.doc.method, e.doc.time])).toEqual([
      [2, 'GET', '2025-01-05T13:04:05.123Z'],
      [3, 'POST', '2025-01-05T13:04:06.000Z'],
      [7, 'PATCH', '2025-01-05T13:04:07.000Z'],
    ])
    expect(entries[1]?.doc.path).toBe('/api/scim/v2/groups/g/Users\nstill the path')
    const skipped = context.accounting.snapshot().skippedByReason['bad-csv-row']
    expect(skipped?.count).toBe(3)
    expect(skipped?.first.map((o) => o.line)).toEqual([5, 6, 8])
    expect(context.accounting.lines).toBe(6)
  })
})
