/**
 * Read workers that normalise (`prepare-segment.ts`): a file read by two threads whose worker hands back its
 * segments in the records' transferable form gives the same records, in the same order, with the same
 * accounting, as the plain sequential read; also when the worker fails half way.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preparerUrl } from '../../../src/analysis/parallel/preparer.js'
import { Accounting, type AccountingSnapshot } from '../../../src/common/accounting.js'
import { RECORD_SELECTION, toRecords } from '../../../src/records/index.js'
import type { ScimRecord } from '../../../src/records/types.js'
import { type ReadApiLogOptions, readApiLog } from '../../../src/sources/api-log/index.js'
import { prestartReadWorker } from '../../../src/sources/api-log/worker-start.js'
import type { DocSelection, RawEntry } from '../../../src/sources/types.js'
import { GROUP_USERS, logDoc } from '../../records/helpers.js'

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname

/** Every plain api_json sample (svlogd, container logs and exports have readers of their own). */
function sampleLogs(): string[] {
  const found: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.log$/.test(name) && readFileSync(path, 'utf8').startsWith('{')) found.push(path)
    }
  }
  for (const dir of readdirSync(SAMPLES).sort()) {
    if (dir === 'exports' || dir === 'k8s') continue
    const path = join(SAMPLES, dir)
    if (statSync(path).isDirectory()) walk(path)
  }
  return found
}

interface Read {
  records: ScimRecord[]
  accounting: AccountingSnapshot
  /** Entries that were whole prepared segments. */
  prepared: number
}

async function read(path: string, options: ReadApiLogOptions, selection: DocSelection): Promise<Read> {
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: 'all.log', format: 'api-json', bytes: 0, lines: 0 })
  let prepared = 0
  async function* entries(): AsyncGenerator<RawEntry> {
    for await (const entry of readApiLog(
      { display: 'all.log', path, gzip: false },
      { accounting, tally },
      { ...options, selection },
    )) {
      if (entry.prepared !== undefined) prepared++
      yield entry
    }
  }
  const records: ScimRecord[] = []
  for await (const record of toRecords(entries(), accounting)) records.push(record)
  return { records, accounting: accounting.snapshot(), prepared }
}

/** Two threads, segments of under a KiB and reads of 300 bytes: many segment and chunk edges. */
const SPLIT: ReadApiLogOptions = { workers: 2, parallelMinBytes: 0, segmentBytes: 997, chunkBytes: 300 }

let dir: string
let path: string
let plain: Read

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scimtrace-prepare-'))
  path = join(dir, 'all.log')
  const extra = [
    // Multi-byte characters (a 4-byte one too), a lone surrogate escaped, a control character.
    JSON.stringify(
      logDoc({
        status: 201,
        method: 'POST',
        params: [
          { key: 'externalId', value: 'ü-ß-日本-😀' },
          { key: 'userName', value: 'zoë@acme.example' },
          { key: 'name', value: { formatted: 'Zoë \ud800 \u0007 Ünal', givenName: 'Zoë' } },
          { key: '__proto__', value: { polluted: true } },
        ],
        ua: 'Okta SCIM Client 1.0.0',
      }),
    ),
    'not json at all, but mentions /api/scim/v2/groups/acme',
    '{"time":"2024-05-14T09:12:04Z","status":"oops","method":"GET","path":"/api/scim/v2/groups/acme/Users"}',
    // An op without a value and a skipped op: the effect refers to the body's own operations.
    JSON.stringify(
      logDoc({
        status: 204,
        method: 'PATCH',
        path: `${GROUP_USERS}/00u1`,
        params: [
          {
            key: 'Operations',
            value: [
              { op: 'remove', path: 'members' },
              { op: 'replace', value: { active: false, displayName: 'x' } },
              { op: 'Replace', path: 'externalId', value: 'new-uid' },
            ],
          },
        ],
      }),
    ),
  ]
  // Thirty times over (~10,000 requests, ~10 MB): long enough for the worker to boot and take many segments.
  const once = [...sampleLogs().map((log) => readFileSync(log, 'utf8').trimEnd()), ...extra].join('\n')
  writeFileSync(path, `${Array.from({ length: 30 }, () => once).join('\n')}\n`)
  plain = await read(path, { workers: 0 }, RECORD_SELECTION)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a read whose worker normalises its segments', () => {
  it('reads every sample into enough records to mean something', () => {
    expect(sampleLogs().length).toBeGreaterThan(20)
    expect(plain.records.length).toBeGreaterThan(9000)
    expect(plain.accounting.skipped).toBeGreaterThan(0)
  })

  it('gives the records of a sequential read: same values, shapes, field order and origins', async () => {
    prestartReadWorker()
    const split = await read(path, SPLIT, { ...RECORD_SELECTION, preparer: preparerUrl() })
    expect(split.prepared).toBeGreaterThan(10)
    expect(split.records.length).toBe(plain.records.length)
    expect(split.records).toStrictEqual(plain.records)
    // toStrictEqual does not see key order, which JSON output and V8's hidden classes do.
    for (let i = 0; i < plain.records.length; i++) {
      const a = plain.records[i] as ScimRecord
      const b = split.records[i] as ScimRecord
      expect(Object.keys(b)).toEqual(Object.keys(a))
      expect(Object.keys(b.body)).toEqual(Object.keys(a.body))
      expect(b.patch && Object.keys(b.patch)).toEqual(a.patch && Object.keys(a.patch))
      // A skipped op is the body's own operation object, as `interpretPatch` makes it.
      for (const op of b.patch?.skippedOps ?? []) expect(b.body.operations).toContain(op)
    }
    expect(JSON.stringify(split.records)).toBe(JSON.stringify(plain.records))
    expect(split.accounting).toEqual(plain.accounting)
  })

  it('still gives them when the worker fails half way: this thread reads what it left', async () => {
    const failing = new URL('./failing-preparer.mjs', import.meta.url).href
    prestartReadWorker()
    const split = await read(path, SPLIT, { ...RECORD_SELECTION, preparer: failing })
    // Its first nineteen segments, then none: it takes over a thousand when it does not fail.
    expect(split.prepared).toBe(19)
    expect(split.records).toStrictEqual(plain.records)
    expect(split.accounting).toEqual(plain.accounting)
  })

  it('still gives them when the preparer cannot be loaded', async () => {
    const broken = 'data:text/javascript,throw new Error("no preparer today")'
    const split = await read(path, SPLIT, { ...RECORD_SELECTION, preparer: broken })
    expect(split.prepared).toBe(0)
    expect(split.records).toStrictEqual(plain.records)
    expect(split.accounting).toEqual(plain.accounting)
  })
})
