import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { detectFormat, inflateHead, isGzip, PEEK_BYTES } from '../../src/sources/detect.js'
import { openStream } from '../../src/sources/open.js'
import { chooseFormat } from '../../src/sources/read.js'
import {
  API_DOCS,
  discoverCsv,
  dottedSource,
  fieldsOf,
  hitOf,
  nestedSource,
  searchResponse,
} from './fixtures.js'

const lines = (values: unknown[]) => `${values.map((v) => JSON.stringify(v)).join('\n')}\n`
const detect = (text: string, complete = true) => detectFormat(Buffer.from(text), { complete })

describe('detectFormat', () => {
  it('recognises api_json lines', () => {
    expect(detect(lines(API_DOCS))).toBe('api-json')
  })

  it('recognises api_json lines behind a Kubernetes prefix', () => {
    const text = API_DOCS.map((d) => `2024-05-14T09:12:03.1Z stdout F ${JSON.stringify(d)}`).join('\n')
    expect(detect(text)).toBe('api-json')
  })

  it('recognises Kibana NDJSON in every line shape', () => {
    expect(detect(lines(API_DOCS.map(nestedSource)))).toBe('kibana-ndjson')
    expect(detect(lines(API_DOCS.map(dottedSource)))).toBe('kibana-ndjson')
    expect(detect(lines(API_DOCS.map((d, i) => hitOf(d, i, 'source'))))).toBe('kibana-ndjson')
    expect(detect(lines(API_DOCS.map((d, i) => hitOf(d, i, 'fields'))))).toBe('kibana-ndjson')
    expect(detect(lines(API_DOCS.map(fieldsOf)))).toBe('kibana-ndjson')
  })

  it('recognises JSON documents: arrays, responses, Inspect, pretty-printed', () => {
    expect(detect(JSON.stringify(API_DOCS.map(nestedSource)))).toBe('es-json')
    expect(detect(JSON.stringify(searchResponse(API_DOCS, 'source')))).toBe('es-json')
    expect(detect(JSON.stringify({ rawResponse: searchResponse(API_DOCS, 'fields') }))).toBe('es-json')
    expect(detect(JSON.stringify(searchResponse(API_DOCS, 'source'), null, 2))).toBe('es-json')
    expect(detect(JSON.stringify(nestedSource(API_DOCS[0] ?? {}), null, 2))).toBe('es-json')
    expect(detect(`  \n[\n  {"a": 1}\n]`)).toBe('es-json')
  })

  it('recognises a response too long to see the end of its first line', () => {
    const big = JSON.stringify(searchResponse(Array(400).fill(API_DOCS[1]), 'source'))
    expect(big.length).toBeGreaterThan(PEEK_BYTES)
    expect(detect(big.slice(0, PEEK_BYTES), false)).toBe('es-json')
  })

  it('recognises Discover CSV, with a BOM, labels, or ; separators', () => {
    expect(detect(discoverCsv(API_DOCS))).toBe('kibana-csv')
    expect(detect(discoverCsv(API_DOCS, { bom: true, separator: ';' }))).toBe('kibana-csv')
    expect(detect('"Time (@timestamp)","Path (json.path)"\n"x","y"\n')).toBe('kibana-csv')
  })

  it('ignores a partial last line unless the head is the whole input', () => {
    const text = `${JSON.stringify(API_DOCS[0])}\n{"json":{"pa`
    expect(detect(text, false)).toBe('api-json')
  })

  it('finds the format past a corrupt first line', () => {
    expect(detect(`{"time":"2024-05-14T09:12:03.412Z","status":2\n${lines(API_DOCS)}`)).toBe('api-json')
  })

  it('calls text, binary and foreign JSON unknown, and empty input api-json', () => {
    expect(detect('hello world\nsecond line\n')).toBe('unknown')
    expect(detect('\u0000\u0001binary')).toBe('unknown')
    expect(detect('{"foo":1}\n{"foo":2}\n')).toBe('unknown')
    expect(detect('')).toBe('api-json')
  })
})

describe('gzip detection', () => {
  it('goes by magic bytes and detects the inner format', async () => {
    const gz = gzipSync(lines(API_DOCS.map(nestedSource)))
    expect(isGzip(gz)).toBe(true)
    expect(detectFormat(inflateHead(gz))).toBe('kibana-ndjson')
    const opened = await openStream(Readable.from([gz]), 'export.csv') // the name says CSV; the bytes do not
    expect(chooseFormat(opened)).toEqual({ format: 'kibana-ndjson', tallyAs: 'kibana-ndjson', gzip: true })
  })

  it('inflates only a bounded head of a large or highly compressible stream', () => {
    const gz = gzipSync(Buffer.from(`${JSON.stringify(API_DOCS[0])}\n`.repeat(30_000)))
    const head = inflateHead(gz)
    expect(head.length).toBeLessThanOrEqual(PEEK_BYTES)
    expect(detectFormat(head)).toBe('api-json')
  })

  it('lets a forced format win but still inflates gzip', async () => {
    const opened = await openStream(Readable.from([gzipSync('a,b\n')]), '-')
    expect(chooseFormat(opened, 'kibana-ndjson')).toEqual({
      format: 'kibana-ndjson',
      tallyAs: 'kibana-ndjson',
      gzip: true,
    })
  })

  it('reads unknown inputs as api-json but tallies them as unknown', async () => {
    const opened = await openStream(Readable.from(['just some text\n']), '-')
    expect(chooseFormat(opened)).toEqual({ format: 'api-json', tallyAs: 'unknown', gzip: false })
  })
})
