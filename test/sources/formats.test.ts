import { describe, expect, it } from 'vitest'
import { classifyObject, detectFormat } from '../../src/sources/detect.js'
import { FALLBACK_FORMAT, FORMATS, INPUT_FORMATS } from '../../src/sources/formats.js'
import { classifyName } from '../../src/sources/inputs.js'

describe('the input format list', () => {
  it('names each format once, and offers every one to --input-format after auto', () => {
    const names = FORMATS.map((format) => format.name)
    expect(new Set(names).size).toBe(names.length)
    expect(INPUT_FORMATS).toEqual(['auto', ...names])
    expect(names).toContain(FALLBACK_FORMAT)
  })

  it('asks formats in list order: an export shape with api_json keys is the export', () => {
    expect(classifyObject({ json: { path: '/x' }, time: 't' })).toBe('kibana-ndjson')
    expect(classifyObject({ hits: { hits: [] }, path: '/x' })).toBe('es-json')
    expect(classifyObject({ time: 't', path: '/x' })).toBe('api-json')
    expect(classifyObject({ other: 1 })).toBeUndefined()
  })

  it('reads blank text as the fallback format and binary as unknown', () => {
    expect(detectFormat(Buffer.from('  \n\n'))).toBe(FALLBACK_FORMAT)
    expect(detectFormat(Buffer.from('\u0000\u0001abc'))).toBe('unknown')
  })

  it('lets a directory read files named like an export without sniffing them', () => {
    for (const name of ['a.csv', 'b.json.gz', 'c.ndjson', 'd.JSONL'])
      expect(classifyName(name).group).toBe('export')
    expect(classifyName('notes.txt').group).toBe('ignored')
  })
})
