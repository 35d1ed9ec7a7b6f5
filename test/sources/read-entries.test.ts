import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Accounting } from '../../src/common/accounting.js'
import { InputError } from '../../src/common/errors.js'
import { readEntries } from '../../src/sources/index.js'
import type { RawEntry } from '../../src/sources/types.js'
import {
  API_DOCS,
  collect,
  core,
  discoverCsv,
  dottedSource,
  nestedSource,
  searchResponse,
  withTempDir,
} from './fixtures.js'

const ndjson = (values: unknown[]) => `${values.map((v) => JSON.stringify(v)).join('\n')}\n`

function bySource(entries: RawEntry[], dir: string): Map<string, RawEntry[]> {
  const map = new Map<string, RawEntry[]>()
  for (const entry of entries) {
    const name = entry.origin.source.replace(`${dir}/`, '')
    map.set(name, [...(map.get(name) ?? []), entry])
  }
  return map
}

const byTime = (entries: RawEntry[]) =>
  entries.map((e) => core(e.doc)).sort((a, b) => String(a.time).localeCompare(String(b.time)))

describe('readEntries over exports', () => {
  it('gives the same requests from every export format in a directory, with per-source tallies', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.kibana.csv'), discoverCsv([...API_DOCS].reverse())) // Discover: newest first
      await writeFile(
        join(dir, 'b.es-hits.json'),
        JSON.stringify(searchResponse(API_DOCS, 'source'), null, 2),
      )
      await writeFile(
        join(dir, 'c.fields.json'),
        JSON.stringify({ rawResponse: searchResponse(API_DOCS, 'fields') }),
      )
      await writeFile(join(dir, 'd.kibana.ndjson'), ndjson(API_DOCS.map(dottedSource)))
      await writeFile(join(dir, 'e.docs.json'), JSON.stringify(API_DOCS.map((doc) => ({ json: doc }))))
      // gzip found by magic bytes, whatever the name says
      await writeFile(join(dir, 'f.csv'), gzipSync(ndjson(API_DOCS.map(nestedSource))))
      const accounting = new Accounting()
      const entries = await collect(readEntries([dir], { accounting }))
      const sources = bySource(entries, dir)
      expect([...sources.keys()]).toEqual([
        'a.kibana.csv',
        'b.es-hits.json',
        'c.fields.json',
        'd.kibana.ndjson',
        'e.docs.json',
        'f.csv',
      ])
      for (const [name, got] of sources) expect(byTime(got), name).toEqual(API_DOCS.map(core))
      const tallies = accounting.snapshot().sources
      expect(tallies.map((s) => [s.name.replace(`${dir}/`, ''), s.format, s.lines])).toEqual([
        ['a.kibana.csv', 'kibana-csv', 3],
        ['b.es-hits.json', 'es-json', 3],
        ['c.fields.json', 'es-json', 3],
        ['d.kibana.ndjson', 'kibana-ndjson', 3],
        ['e.docs.json', 'es-json', 3],
        ['f.csv', 'kibana-ndjson', 3],
      ])
      expect(tallies.every((s) => s.bytes > 0)).toBe(true)
      expect(accounting.lines).toBe(18)
      expect(accounting.bytes).toBe(tallies.reduce((sum, s) => sum + s.bytes, 0))
    })
  })

  it('reads an export from stdin', async () => {
    const accounting = new Accounting()
    const stdin = Readable.from([Buffer.from(discoverCsv(API_DOCS))])
    const entries = await collect(readEntries(['-'], { accounting, stdin }))
    expect(entries.map((e) => core(e.doc))).toEqual(API_DOCS.map(core))
    expect(entries[0]?.origin).toEqual({ source: '-', line: 2 })
    expect(accounting.snapshot().sources).toEqual([
      expect.objectContaining({ name: '-', format: 'kibana-csv', lines: 3 }),
    ])
  })

  it('lets --input-format override detection', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'x.txt')
      await writeFile(path, ndjson(API_DOCS.map(nestedSource)))
      const accounting = new Accounting()
      const entries = await collect(readEntries([path], { accounting, format: 'kibana-ndjson' }))
      expect(entries).toHaveLength(3)
      expect(accounting.snapshot().sources[0]?.format).toBe('kibana-ndjson')
    })
  })

  it('checks every explicit input before reading any', async () => {
    await withTempDir(async (dir) => {
      const good = join(dir, 'good.ndjson')
      await writeFile(good, ndjson(API_DOCS.map(nestedSource)))
      const missing = join(dir, 'missing.log')
      const accounting = new Accounting()
      const error = await collect(readEntries([good, missing], { accounting })).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InputError)
      expect((error as Error).message).toBe(`cannot read '${missing}': no such file`)
      expect(accounting.snapshot().sources).toEqual([])
      expect(accounting.lines).toBe(0)
    })
  })

  it('reports a corrupt gzip export as an input error', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'x.ndjson.gz')
      const gz = gzipSync(ndjson(API_DOCS.map(nestedSource)))
      await writeFile(path, gz.subarray(0, gz.length - 20))
      const result = collect(readEntries([path], { accounting: new Accounting() }))
      await expect(result).rejects.toThrow(InputError)
    })
  })
})

// These go through `readApiLog` in ./api-log/ (another module); they check the hand-off, not the scanner.
describe('readEntries over api_json logs', () => {
  it('reads a rotated directory oldest first, with file and line origins', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'api_json.log.2.gz'), gzipSync(ndjson(API_DOCS.slice(0, 1))))
      await writeFile(join(dir, 'api_json.log.1'), ndjson(API_DOCS.slice(1, 2)))
      await writeFile(join(dir, 'api_json.log'), `\n${ndjson(API_DOCS.slice(2))}`)
      const accounting = new Accounting()
      const entries = await collect(readEntries([dir], { accounting }))
      expect(entries.map((e) => e.doc)).toEqual(API_DOCS)
      expect(entries.map((e) => [e.origin.source.replace(`${dir}/`, ''), e.origin.line])).toEqual([
        ['api_json.log.2.gz', 1],
        ['api_json.log.1', 1],
        ['api_json.log', 2],
      ])
      expect(accounting.snapshot().sources.map((s) => s.format)).toEqual(['api-json', 'api-json', 'api-json'])
    })
  })

  it('reads gzip by magic bytes under a plain name, Kubernetes prefixes, and stdin', async () => {
    await withTempDir(async (dir) => {
      const gz = join(dir, 'api_json.log')
      await writeFile(gz, gzipSync(ndjson(API_DOCS)))
      const k8s = join(dir, 'pod.txt')
      await writeFile(
        k8s,
        API_DOCS.map((d) => `2024-05-14T09:12:03.1Z stdout F ${JSON.stringify(d)}\n`).join(''),
      )
      const stdin = Readable.from([Buffer.from(ndjson(API_DOCS))])
      const accounting = new Accounting()
      const entries = await collect(readEntries([gz, k8s, '-'], { accounting, stdin }))
      expect(entries.map((e) => e.doc)).toEqual([...API_DOCS, ...API_DOCS, ...API_DOCS])
      expect(entries.map((e) => e.origin.source)).toEqual([gz, gz, gz, k8s, k8s, k8s, '-', '-', '-'])
    })
  })

  it('reads an unrecognised file as api-json but tallies it as unknown', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'notes.txt')
      await writeFile(path, 'hello\nworld\n')
      const accounting = new Accounting()
      expect(await collect(readEntries([path], { accounting }))).toEqual([])
      expect(accounting.snapshot().sources[0]?.format).toBe('unknown')
    })
  })
})
