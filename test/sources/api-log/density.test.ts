/**
 * Dense files below 256 MiB (`density.ts`): a file made of SCIM requests is read by two threads when the
 * worker normalises them, a sparse one of the same size by one; the share is judged on whole lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { preparerUrl } from '../../../src/analysis/parallel/preparer.js'
import { Accounting } from '../../../src/common/accounting.js'
import { RECORD_SELECTION } from '../../../src/records/index.js'
import { candidateShare } from '../../../src/sources/api-log/density.js'
import { readApiLog } from '../../../src/sources/api-log/index.js'
import { prestartReadWorker } from '../../../src/sources/api-log/worker-start.js'
import { GROUP_USERS, logDoc } from '../../records/helpers.js'

const MiB = 1 << 20

describe('the share of candidate lines', () => {
  it('counts whole lines that hold scim, and ignores a line cut off at the end', () => {
    expect(candidateShare(Buffer.from('a scim line\nplain\nanother /scim/\nplain\n'))).toBe(0.5)
    expect(candidateShare(Buffer.from('plain\nplain\ncut off scim'))).toBe(0)
    expect(candidateShare(Buffer.from('no newline with scim'))).toBe(0)
    expect(candidateShare(Buffer.from('scimscim scim\n\n'))).toBe(0.5)
  })
})

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scimtrace-density-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A file of ~`bytes` with one SCIM request in `every` lines, the others ordinary API traffic. */
function writeLog(name: string, bytes: number, every: number): string {
  const scim = JSON.stringify(logDoc({ status: 200, method: 'GET', path: `${GROUP_USERS}/00u1` }))
  const other = JSON.stringify({ ...logDoc({ status: 200, method: 'GET' }), path: '/api/v4/projects/1' })
  const block = Array.from({ length: every }, (_, i) => (i === 0 ? scim : other)).join('\n')
  const copies = Math.ceil(bytes / (block.length + 1))
  const path = join(dir, name)
  writeFileSync(path, `${Array.from({ length: copies }, () => block).join('\n')}\n`)
  return path
}

async function preparedEntries(path: string): Promise<{ prepared: number; all: number }> {
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: 'x.log', format: 'api-json', bytes: 0, lines: 0 })
  let prepared = 0
  let all = 0
  for await (const entry of readApiLog(
    { display: 'x.log', path, gzip: false },
    { accounting, tally },
    { workers: 2, selection: { ...RECORD_SELECTION, preparer: preparerUrl() } },
  )) {
    all++
    if (entry.prepared !== undefined) prepared++
  }
  return { prepared, all }
}

describe('a file below 256 MiB', () => {
  it('is read by two threads when it is made of SCIM requests, by one when they are rare', async () => {
    prestartReadWorker()
    const dense = await preparedEntries(writeLog('dense.log', 20 * MiB, 2))
    expect(dense.prepared).toBeGreaterThan(0)
    const sparse = await preparedEntries(writeLog('sparse.log', 20 * MiB, 50))
    expect(sparse.all).toBeGreaterThan(0)
    expect(sparse.prepared).toBe(0)
    // Below 16 MiB a dense file stays with one thread too.
    expect((await preparedEntries(writeLog('small.log', 4 * MiB, 2))).prepared).toBe(0)
  }, 60_000)
})
