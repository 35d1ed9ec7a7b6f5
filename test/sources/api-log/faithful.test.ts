/**
 * Probe D6: the same bytes give the same records whichever thread reads them. A read worker hands its
 * candidates over re-serialised, and `JSON.stringify` writes Infinity (`1e309`) as `null`: worker-read lines
 * became requests without a response while the main thread skipped them as a wrong field type.
 */
import { writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Accounting } from '../../../src/common/accounting.js'
import { RECORD_SELECTION, type ScimRecord, toRecords } from '../../../src/records/index.js'
import { pickedText } from '../../../src/sources/api-log/faithful.js'
import { readApiLog } from '../../../src/sources/api-log/index.js'

const SCIM = '"method":"GET","path":"/api/scim/v2/groups/g/Users"'
const LINES = [
  `{"time":"2024-05-14T09:00:00Z","status":1e309,${SCIM},"params":[]}`,
  `{"time":"2024-05-14T09:00:01Z","status":-1e400,${SCIM},"params":[]}`,
  `{"time":"2024-05-14T09:00:02Z","status":200,${SCIM},"duration_s":1e999,"params":[]}`,
  `{"time":"2024-05-14T09:00:03Z","status":200,${SCIM},"params":[{"key":"filter","value":"userName eq \\"a\\""},{"key":"n","value":[1e309,null]}]}`,
  `{"time":"2024-05-14T09:00:04Z","status":null,${SCIM},"params":[]}`,
  `{"time":"2024-05-14T09:00:05Z","status":"fail",${SCIM},"params":[]}`,
]

describe('pickedText', () => {
  it('re-serialises a document whose numbers survive JSON text', () => {
    expect(pickedText({ status: 200, x: null }, 'raw')).toBe('{"status":200,"x":null}')
  })
  it('hands over the line itself when a number would not (Infinity → null)', () => {
    expect(pickedText({ status: Number.POSITIVE_INFINITY }, 'raw')).toBe('raw')
    expect(pickedText({ p: [{ v: [Number.NEGATIVE_INFINITY] }] }, 'raw')).toBe('raw')
  })
})

describe('non-finite numbers read the same on every path', () => {
  let dir: string
  let plain: string
  let gz: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scimtrace-faithful-'))
    const lines: string[] = []
    for (let i = 0; i < 4000; i++) lines.push(LINES[i % LINES.length] as string)
    const text = `${lines.join('\n')}\n`
    plain = join(dir, 'inf.log')
    gz = join(dir, 'inf.log.gz')
    writeFileSync(plain, text)
    writeFileSync(gz, gzipSync(text))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  async function read(path: string, gzip: boolean, options: Parameters<typeof readApiLog>[2]) {
    const accounting = new Accounting()
    const tally = { bytes: 0, lines: 0 }
    const records: ScimRecord[] = []
    const entries = readApiLog({ display: 'inf.log', path, gzip }, { accounting, tally } as never, {
      ...options,
      selection: RECORD_SELECTION,
    })
    for await (const record of toRecords(entries, accounting)) records.push(record)
    const snapshot = accounting.snapshot()
    return { records: records.map((r) => [r.origin.line, r.status, r.durationS]), snapshot }
  }

  it('main thread, two threads, and a gzip inflated and scanned by a worker agree', async () => {
    const main = await read(plain, false, { workers: 0 })
    expect(main.snapshot.skipped).toBeGreaterThan(0)
    const paths = [
      await read(plain, false, { workers: 2, parallelMinBytes: 0, segmentBytes: 64 << 10 }),
      await read(gz, true, { workers: 2, gzipWorkerMinBytes: 0 }),
      await read(gz, true, { workers: 0 }),
    ]
    for (const other of paths) {
      expect(other.records).toEqual(main.records)
      expect(other.snapshot).toEqual(main.snapshot)
    }
  })
})
