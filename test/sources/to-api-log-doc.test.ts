import { describe, expect, it } from 'vitest'
import { CsvParser } from '../../src/sources/exports/csv.js'
import { rowDocument } from '../../src/sources/exports/kibana-csv.js'
import { toApiLogDoc } from '../../src/sources/exports/to-api-log-doc.js'
import { API_DOCS, core, discoverCsv, dottedSource, fieldsOf, nestedSource } from './fixtures.js'

describe('toApiLogDoc', () => {
  it('leaves a document already in api_json layout unchanged', () => {
    for (const doc of API_DOCS) expect(toApiLogDoc(doc)).toEqual(doc)
  })

  it('undoes nesting under json (and json.meta), dropping shipper fields', () => {
    for (const doc of API_DOCS) expect(toApiLogDoc(nestedSource(doc))).toEqual(doc)
  })

  it('undoes dotted json.* keys, taking time from @timestamp when json.time is missing', () => {
    for (const doc of API_DOCS) expect(toApiLogDoc(dottedSource(doc))).toEqual(doc)
  })

  it('unwraps fields-style arrays, drops .keyword duplicates, and zips params back', () => {
    for (const doc of API_DOCS) expect(toApiLogDoc(fieldsOf(doc))).toEqual(doc)
  })

  it('gives the same request from a Discover CSV row', () => {
    const parser = new CsvParser()
    const rows = [...parser.push(discoverCsv(API_DOCS)), ...parser.end()]
    const [header, ...data] = rows
    const columns = (header?.fields ?? []).map((h) => h.replace(/^Path \((.*)\)$/, '$1'))
    expect(data).toHaveLength(API_DOCS.length)
    data.forEach((row, i) => {
      const doc = toApiLogDoc(rowDocument(columns, row.fields))
      expect(core(doc)).toEqual(core(API_DOCS[i] ?? {}))
      expect(doc.db_count).toBe(API_DOCS[i]?.db_count)
      expect(doc.ua).toBe(API_DOCS[i]?.ua)
      expect(doc).not.toHaveProperty('api_error') // `-` means empty
    })
  })

  it('prefers json.time over @timestamp, and converts epoch-millisecond times', () => {
    expect(
      toApiLogDoc({ '@timestamp': '2024-01-01T00:00:00.000Z', json: { time: 'T', path: '/p' } }).time,
    ).toBe('T')
    expect(toApiLogDoc({ '@timestamp': [Date.UTC(2024, 0, 2)], 'json.path': ['/p'] }).time).toBe(
      '2024-01-02T00:00:00.000Z',
    )
  })

  it('leaves JSON-string param values from _source for the records stage', () => {
    const value = '[{"op":"replace","value":{"active":false}}]'
    const doc = toApiLogDoc({ json: { path: '/p', params: [{ key: 'Operations', value }] } })
    expect(doc.params).toEqual([{ key: 'Operations', value }])
  })

  it('parses JSON-looking values and true/false in a zipped params.value', () => {
    const doc = toApiLogDoc({
      'json.path': ['/p'],
      'json.params.key': ['Operations', 'active', 'userName', 'bad'],
      'json.params.value': ['[{"op":"replace","path":"active","value":"False"}]', 'false', 'True', '{nope'],
    })
    expect(doc.params).toEqual([
      { key: 'Operations', value: [{ op: 'replace', path: 'active', value: 'False' }] },
      { key: 'active', value: false },
      { key: 'userName', value: 'True' },
      { key: 'bad', value: '{nope' },
    ])
  })

  it('keeps params.key and params.value unpaired when their lengths differ', () => {
    const doc = toApiLogDoc({
      'json.path': ['/p'],
      'json.params.key': ['schemas', 'userName', 'active'],
      'json.params.value': ['urn:a', 'urn:b', 'jane', 'true'],
    })
    expect(doc.params).toBeUndefined()
    expect(doc['params.key']).toEqual(['schemas', 'userName', 'active'])
    expect(doc['params.value']).toEqual(['urn:a', 'urn:b', 'jane', true])
  })

  it('accepts params as JSON-stringified {key,value} objects (a json.params CSV column)', () => {
    const doc = toApiLogDoc({
      'json.path': ['/p'],
      'json.params': ['{"key":"externalId","value":"00u1"}', '{"key":"name","value":{"givenName":"J"}}'],
    })
    expect(doc.params).toEqual([
      { key: 'externalId', value: '00u1' },
      { key: 'name', value: { givenName: 'J' } },
    ])
  })

  it('turns numbers written as text into numbers only for numeric fields', () => {
    const doc = toApiLogDoc({ json: { path: '/p', status: '201', db_count: '1,234', content_length: '389' } })
    expect(doc).toMatchObject({ status: 201, db_count: 1234, content_length: '389' })
  })

  it('keeps multi-element arrays outside fields-style documents', () => {
    const doc = toApiLogDoc({ json: { path: '/p', api_error: ['a', 'b'], status: [400] } })
    expect(doc.api_error).toEqual(['a', 'b'])
    expect(doc.status).toBe(400)
  })
})
