/**
 * The short fuzz run (issue #14): mutated lines of every class through the built executable, on every reader
 * path, as api_json and as Kibana NDJSON, Elasticsearch JSON and Kibana CSV exports. Asserts exit 0, the accounting identity, per-reason counts against the generator's own model, and
 * byte-identical reports whichever path read the bytes. The long run is `bench/fuzz.ts`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import {
  asEsJson,
  asKibanaCsv,
  asKibanaLine,
  CSV_EXPORTABLE,
  EXPORTABLE,
  expectedInput,
  type FuzzLine,
  fuzzLines,
  MUTATIONS,
} from '../../samples/generator/fuzz.js'
import { scimtrace } from '../cli/run.js'

const T = mkdtempSync(join(tmpdir(), 'scimtrace-fuzz-'))
afterAll(() => rmSync(T, { recursive: true, force: true }))

function report(args: string[], input?: Buffer, env: NodeJS.ProcessEnv = {}) {
  const result = scimtrace(['report', '--format', 'json', '-q', ...args], input ? { input, env } : { env })
  expect(result.stderr).not.toContain('internal error')
  expect(result.code).toBe(0)
  return { text: result.stdout, input: JSON.parse(result.stdout).summary.input }
}

function checkInput(input: Record<string, unknown>, model: ReturnType<typeof expectedInput>): void {
  const byReason = Object.fromEntries(
    Object.entries(input.skippedByReason as Record<string, number | { count: number }>).map(([k, v]) => [
      k,
      typeof v === 'number' ? v : v.count,
    ]),
  )
  expect({ ...input, skippedByReason: byReason }).toMatchObject({ ...model })
  expect((input.scimRequests as number) + (input.other as number) + (input.skipped as number)).toBe(
    input.lines,
  )
}

describe.each([1, 2, 3])('fuzz seed %i', (seed) => {
  const lines: FuzzLine[] = [...fuzzLines(1500, seed)]
  const model = expectedInput(lines)
  const text = `${lines.map((l) => l.text).join('\n')}\n`
  const plain = join(T, `fuzz${seed}.log`)
  const gz = join(T, `fuzz${seed}.log.gz`)
  writeFileSync(plain, text)
  writeFileSync(gz, gzipSync(text))

  it('api_json: every reader path gives the model counts and the same report', () => {
    const single = report([plain])
    checkInput(single.input, model)
    const paths = [
      report([plain], undefined, { SCIMTRACE_PARALLEL_MIN_BYTES: '0' }), // two threads
      report([plain], undefined, { SCIMTRACE_READ_WORKERS: '0' }),
      report([gz]),
      report([], Buffer.from(text)), // stdin
      report([], readFileSync(gz)), // gzip on stdin
    ]
    const same = (r: { text: string }) => {
      const doc = JSON.parse(
        r.text.split(`${gz}:`).join('X:').split(`${plain}:`).join('X:').split('"-:').join('"X:'),
      )
      delete doc.summary.sources
      return doc
    }
    for (const other of paths) {
      expect(other.input.lines).toBe(single.input.lines)
      // compared parsed: the key order of skippedByReason follows which thread met a reason first
      expect(same(other)).toEqual(same(single))
    }
  }, 120_000)

  it('Kibana NDJSON and an Elasticsearch response give the model counts', () => {
    const exportable = lines.filter((l) => (EXPORTABLE as readonly string[]).includes(l.klass))
    const exportModel = expectedInput(exportable)
    const ndjson = join(T, `fuzz${seed}.kibana.ndjson`)
    writeFileSync(ndjson, `${exportable.map(asKibanaLine).join('\n')}\n`)
    checkInput(report([ndjson]).input, exportModel)
    const es = join(T, `fuzz${seed}.es.json`)
    writeFileSync(es, asEsJson(exportable))
    checkInput(report(['--input-format', 'es-json', es]).input, exportModel)
  }, 120_000)

  it('Kibana CSV: every reader path gives the model counts and the same report', () => {
    const exportable = lines.filter((l) => (CSV_EXPORTABLE as readonly string[]).includes(l.klass))
    const csvModel = expectedInput(exportable)
    const text = asKibanaCsv(exportable)
    const csv = join(T, `fuzz${seed}.kibana.csv`)
    const csvGz = `${csv}.gz`
    writeFileSync(csv, text)
    writeFileSync(csvGz, gzipSync(text))
    // Named: raw NULs (control-chars) in the first 4 KiB make detection take the file for binary.
    const format = ['--input-format', 'kibana-csv']
    const single = report([...format, csv])
    checkInput(single.input, csvModel)
    const paths = [
      report([...format, csvGz]),
      report(format, Buffer.from(text)), // stdin
      report(format, readFileSync(csvGz)), // gzip on stdin
    ]
    const same = (r: { text: string }) => {
      const doc = JSON.parse(
        r.text.split(`${csvGz}:`).join('X:').split(`${csv}:`).join('X:').split('"-:').join('"X:'),
      )
      delete doc.summary.sources
      return doc
    }
    for (const other of paths) expect(same(other)).toEqual(same(single))
    // Detected by content, the same file without the raw NULs gives its model counts too.
    const detectable = exportable.filter((l) => l.klass !== 'control-chars')
    const plain = join(T, `fuzz${seed}.auto.csv`)
    writeFileSync(plain, asKibanaCsv(detectable))
    checkInput(report([plain]).input, expectedInput(detectable))
  }, 120_000)
})

it('the classes cover every mutation', () => {
  const seen = new Set([...fuzzLines(20000, 9)].map((l) => l.klass))
  for (const klass of Object.keys(MUTATIONS)) expect(seen).toContain(klass)
})
