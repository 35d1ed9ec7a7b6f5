/**
 * `RECORD_SELECTION` lets the reader drop fields and non-SCIM documents before this stage sees them. It must
 * not change a single record: checked on every bundled api_json sample and on a generated busy log (SCIM
 * requests among traffic that mentions `scim` elsewhere), read by one and by two threads.
 */
import { readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBigLog } from '../../samples/generator/big.js'
import { Accounting, type AccountingSnapshot } from '../../src/common/accounting.js'
import { RECORD_SELECTION, type ScimRecord, toRecords } from '../../src/records/index.js'
import { readApiLog } from '../../src/sources/api-log/index.js'
import { type DocSelection, type RawEntry, readEntries } from '../../src/sources/index.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const SAMPLES = [
  'samples/okta-lifecycle/api_json.log',
  'samples/entra-lifecycle/api_json.log',
  'samples/healthy/api_json.log',
  'samples/mixed/api_json.log',
  'samples/k8s/api_json.log',
  'samples/rotated',
  ...readdirSync(join(root, 'samples/errors')).map((name) => `samples/errors/${name}`),
].map((p) => join(root, p))

interface Read {
  records: ScimRecord[]
  snapshot: AccountingSnapshot
}

async function collect(source: (accounting: Accounting) => AsyncIterable<RawEntry>): Promise<Read> {
  const accounting = new Accounting()
  const records: ScimRecord[] = []
  for await (const record of toRecords(source(accounting), accounting)) records.push(record)
  return { records, snapshot: accounting.snapshot() }
}

const viaEntries = (path: string, selection?: DocSelection) =>
  collect((accounting) => readEntries([path], selection ? { accounting, selection } : { accounting }))

function expectSameRecords(whole: Read, selected: Read): void {
  expect(selected.records).toEqual(whole.records)
  expect(selected.snapshot.scim).toBe(whole.snapshot.scim)
  expect(selected.snapshot.lines).toBe(whole.snapshot.lines)
  expect(selected.snapshot.bytes).toBe(whole.snapshot.bytes)
  // Lines the selection recognises as other traffic before decoding are no longer judged malformed.
  expect(selected.snapshot.skipped).toBeLessThanOrEqual(whole.snapshot.skipped)
  expect(selected.snapshot.scim + selected.snapshot.other + selected.snapshot.skipped).toBe(
    selected.snapshot.lines,
  )
}

describe('RECORD_SELECTION keeps every record the records stage would make', () => {
  for (const sample of SAMPLES) {
    it(sample.slice(root.length), async () => {
      const whole = await viaEntries(sample)
      const selected = await viaEntries(sample, RECORD_SELECTION)
      expect(whole.records.length).toBeGreaterThan(0)
      expectSameRecords(whole, selected)
    })
  }

  describe('on a generated busy log', () => {
    let dir: string
    let path: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'scimtrace-selection-'))
      path = join(dir, 'api_json.log')
      await writeBigLog({ path, bytes: 6 * 1024 * 1024, seed: 11 })
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    for (const workers of [0, 2]) {
      it(`read by ${workers === 0 ? 'the main thread' : 'two threads'}`, async () => {
        const read = (selection?: DocSelection) =>
          collect((accounting) => {
            const tally = accounting.addSource({ name: 'busy.log', format: 'api-json', bytes: 0, lines: 0 })
            return readApiLog(
              { display: 'busy.log', path, gzip: false },
              { accounting, tally },
              { workers, parallelMinBytes: 0, segmentBytes: 256 << 10, ...(selection ? { selection } : {}) },
            )
          })
        const whole = await read()
        const selected = await read(RECORD_SELECTION)
        expect(whole.records.length).toBeGreaterThan(20)
        // The generated traffic mentions `scim` outside SCIM requests; those never reach the records stage.
        expect(whole.snapshot.other).toBeGreaterThan(0)
        expectSameRecords(whole, selected)
      })
    }
  })
})
