/**
 * `report` split by group across two threads gives the one-thread report, byte for byte.
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBigLog } from '../../../samples/generator/big.js'
import { ScopeSplit } from '../../../src/analysis/parallel/scope-split.js'
import { buildSplitReport } from '../../../src/analysis/parallel/split-report.js'
import type { AccountingSnapshot } from '../../../src/common/accounting.js'
import { workingGroups } from '../../../src/diagnosis/index.js'
import { inferEra, UNKNOWN_ERA } from '../../../src/diagnosis/versions/infer.js'
import type { ScimRecord } from '../../../src/records/index.js'
import { prestartReadWorker, readThreads } from '../../../src/sources/api-log/worker-start.js'
import { ROOT, scimtrace } from '../../cli/run.js'
import { ERROR_SAMPLES, loadRecords, oneThreadReport } from '../../pipeline/load.js'

const errorSamples = ERROR_SAMPLES.map((path) => relative(ROOT, path))
let dir: string
let bigLog: string
let denseLog: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scimtrace-split-'))
  bigLog = join(dir, 'api_json.log')
  await writeBigLog({ path: bigLog, bytes: 4 << 20, seed: 11 })
  denseLog = join(dir, 'dense.log')
  await writeBigLog({ path: denseLog, bytes: 3 << 20, seed: 12, scimRatio: 0.5 })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function split(
  records: ScimRecord[],
  accounting: AccountingSnapshot,
  jobUrl?: URL,
): Promise<{ text: string; split: ScopeSplit; failure?: Error }> {
  const scopeSplit = new ScopeSplit({ allowedDomains: [], minRecords: 0, ...(jobUrl ? { jobUrl } : {}) })
  try {
    for (const record of records) scopeSplit.take(record)
    prestartReadWorker() // the thread a read would have kept
    const working = workingGroups(records)
    const era = inferEra(records)
    expect(scopeSplit.begin(working, era)).toBe(true)
    const report = await buildSplitReport(
      records,
      accounting,
      scopeSplit,
      { allowedDomains: [] },
      working,
      era,
    )
    let text = ''
    for await (const piece of report.text) text += piece
    const failure = report.workerFailure()
    return failure ? { text, split: scopeSplit, failure } : { text, split: scopeSplit }
  } finally {
    scopeSplit.close()
  }
}

describe('ScopeSplit', () => {
  it('gives a new group to the thread with fewer records so far, and keeps each group on one side', () => {
    const scopeSplit = new ScopeSplit({ allowedDomains: [], minRecords: Number.POSITIVE_INFINITY })
    const record = (scope: string) => ({ scope, scopeKind: 'group' }) as ScimRecord
    for (const scope of ['a', 'a', 'a', 'b', 'c', 'b', 'd', 'a', 'c']) scopeSplit.take(record(scope))
    // a: here on a tie (0–0); b: worker, 0 < 3; c: worker, 1 < 3; d: here, on a tie (3–3).
    expect(scopeSplit.mine.map((r) => r.scope)).toEqual(['a', 'a', 'a', 'd', 'a'])
    expect(scopeSplit.theirs.map((r) => r.scope)).toEqual(['b', 'c', 'b', 'c'])
    expect(scopeSplit.started).toBe(false) // below minRecords: no worker
    expect(scopeSplit.describe()).toBe('2 groups (5 records) here, 2 groups (4 records) in a worker')
  })

  it('begins only with minRecords records for the worker and a free worker (or leave to start one)', () => {
    const record = (scope: string) => ({ scope, scopeKind: 'group' }) as ScimRecord
    const make = (options: { startWorker?: boolean } = {}) => {
      const scopeSplit = new ScopeSplit({ allowedDomains: [], minRecords: 2, ...options })
      for (const scope of ['a', 'b', 'a']) scopeSplit.take(record(scope))
      return scopeSplit
    }
    void readThreads.take()?.terminate()
    const few = make()
    prestartReadWorker()
    expect(few.begin([], UNKNOWN_ERA)).toBe(false) // one record for the worker
    expect(readThreads.idleState()).toBe('waiting') // not taken
    few.close()

    const free = make()
    free.take(record('b'))
    expect(free.begin([], UNKNOWN_ERA)).toBe(true)
    expect(free.started).toBe(true)
    expect(readThreads.idleState()).toBe('none')
    free.close()

    const none = make()
    none.take(record('b'))
    expect(none.begin([], UNKNOWN_ERA)).toBe(false) // no worker kept
    none.close()
    const started = make({ startWorker: true })
    started.take(record('b'))
    expect(started.begin([], UNKNOWN_ERA)).toBe(true)
    started.close()
  })
})

describe('a report built in two threads', () => {
  it('is the one-thread report for every error sample (19 groups) and a generated busy log', async () => {
    for (const files of [errorSamples, [bigLog]]) {
      const { records, accounting } = await loadRecords(files)
      const result = await split(records, accounting)
      expect(result.failure).toBeUndefined()
      expect(result.split.started).toBe(true)
      expect(result.split.theirs.length).toBeGreaterThan(0)
      expect(result.split.mine.length).toBeGreaterThan(0)
      expect(result.text).toBe(oneThreadReport({ records, accounting }))
    }
  })

  it('builds the rest of the worker’s people here when it fails half way, with the same report', async () => {
    const { records, accounting } = await loadRecords([denseLog])
    const failing = new URL('./failing-report-job.mjs', import.meta.url)
    const result = await split(records, accounting, failing)
    expect(result.failure?.message).toMatch(/failed after its first people/)
    expect(result.split.theirs.length).toBeGreaterThan(400)
    expect(result.text).toBe(oneThreadReport({ records, accounting }))
  })

  it('builds the worker’s groups here when the worker fails, with the same report', async () => {
    const { records, accounting } = await loadRecords(errorSamples)
    const broken = new URL('data:text/javascript,throw new Error("no worker today")')
    const result = await split(records, accounting, broken)
    expect(result.failure?.message).toMatch(/no worker today/)
    expect(result.text).toBe(oneThreadReport({ records, accounting }))
  })
})

describe('scimtrace report --format json in two threads', () => {
  const run = (args: string[], splitMin: string) =>
    scimtrace(['report', '--format', 'json', ...args], {
      env: { SCIMTRACE_SPLIT_MIN: splitMin, SCIMTRACE_DEBUG: '1' },
    })

  it('prints what one thread prints, and says it split (SCIMTRACE_DEBUG)', () => {
    for (const args of [errorSamples, [bigLog], ['samples/okta-lifecycle', ...errorSamples]]) {
      const two = run(args, '0')
      const one = run(args, 'off')
      expect(two.code).toBe(0)
      expect(two.stderr).toMatch(
        /debug: report split by group: \d+ groups? \(.*\) here, \d+ groups? \(.*\) in a new worker/,
      )
      expect(one.stderr).not.toContain('report split by group')
      expect(two.stdout.length).toBeGreaterThan(1000)
      expect(two.stdout).toBe(one.stdout)
    }
  })

  it('runs on the read’s worker when the file is read by two threads (reserved, or kept after the read)', () => {
    // The read worker as a scanner only: one that normalises a dense read is not split (below).
    const twoThreads = {
      SCIMTRACE_PARALLEL_MIN_BYTES: '0',
      SCIMTRACE_DEBUG: '1',
      SCIMTRACE_PREPARE_IN_WORKER: '0',
    }
    const cases: [string, string, string][] = [
      [denseLog, '100', 'the read’s worker'], // 256 records for the worker arrive while reading
      [bigLog, '1', 'a kept worker'], // too few to reserve it before the read ends
    ]
    for (const [log, min, where] of cases) {
      const two = scimtrace(['report', '--format', 'json', log], {
        env: { ...twoThreads, SCIMTRACE_SPLIT_MIN: min },
      })
      const one = scimtrace(['report', '--format', 'json', log], {
        env: { ...twoThreads, SCIMTRACE_SPLIT_MIN: 'off' },
      })
      expect(two.code).toBe(0)
      expect(two.stderr).toContain(`in ${where}`)
      expect(two.stdout.length).toBeGreaterThan(1000)
      expect(two.stdout).toBe(one.stdout)
    }
  })

  it('does not split a dense input whose read worker normalises it, and prints the same report', () => {
    const env = { SCIMTRACE_PARALLEL_MIN_BYTES: '0', SCIMTRACE_DEBUG: '1' }
    const prepared = scimtrace(['report', '--format', 'json', denseLog], {
      env: { ...env, SCIMTRACE_SPLIT_MIN: '100' },
    })
    const scanned = scimtrace(['report', '--format', 'json', denseLog], {
      env: { ...env, SCIMTRACE_SPLIT_MIN: '100', SCIMTRACE_PREPARE_IN_WORKER: '0' },
    })
    expect(prepared.code).toBe(0)
    expect(prepared.stderr).not.toContain('report split by group')
    expect(scanned.stderr).toContain('in the read’s worker') // the same input splits when the worker only scans
    expect(prepared.stdout.length).toBeGreaterThan(1000)
    expect(prepared.stdout).toBe(scanned.stdout)
  })

  it('stays in one thread where a split would change the output or cannot pay', () => {
    for (const extra of [['--redact'], ['--group', 'hooli-eng']]) {
      const result = run([...extra, ...errorSamples], '0')
      expect(result.code).toBe(0)
      expect(result.stderr).not.toContain('report split by group')
    }
    // Text: given alone (a repeated --format is an error since the fix of D18).
    const text = scimtrace(['report', '--format', 'text', ...errorSamples], {
      env: { SCIMTRACE_SPLIT_MIN: '0', SCIMTRACE_DEBUG: '1' },
    })
    expect(text.code).toBe(0)
    expect(text.stderr).not.toContain('report split by group')
    const small = scimtrace(['report', '--format', 'json', ...errorSamples], {
      env: { SCIMTRACE_DEBUG: '1' },
    })
    expect(small.stderr).not.toContain('report split by group') // 161 records: below the default minimum
  })
})
