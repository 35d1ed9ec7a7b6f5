/**
 * Probe D11: a line far longer than a segment, read by two threads. Every segment boundary inside it used to
 * probe forward to the line's end: O(segments × line length) reads. A 32 MiB line in 8 KiB segments is 4,096
 * boundaries, ~64 GiB of reads that way (minutes); linear, it is a fraction of a second.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Accounting } from '../../../src/common/accounting.js'
import { readApiLog } from '../../../src/sources/api-log/index.js'

let dir: string
let path: string
const LINE = 32 << 20
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scimtrace-longline-'))
  path = join(dir, 'long.log')
  const fd = openSync(path, 'w')
  writeSync(
    fd,
    '{"time":"2024-05-14T09:00:00Z","status":200,"method":"GET","path":"/api/scim/v2/groups/g/Users","x":"',
  )
  const block = Buffer.alloc(1 << 20, 'a')
  for (let i = 0; i < LINE >> 20; i++) writeSync(fd, block)
  writeSync(
    fd,
    '"}\n{"time":"2024-05-14T09:00:00Z","status":200,"method":"GET","path":"/api/scim/v2/groups/g/Users","params":[]}\n',
  )
  closeSync(fd)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

it('a 32 MiB line in 8 KiB segments is read in linear time, and counted once as too long', async () => {
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: 'long', format: 'api-json', bytes: 0, lines: 0 })
  const started = performance.now()
  let entries = 0
  for await (const _ of readApiLog(
    { display: 'long', path, gzip: false },
    { accounting, tally },
    {
      workers: 2,
      parallelMinBytes: 0,
      segmentBytes: 8 << 10,
    },
  ))
    entries++
  const seconds = (performance.now() - started) / 1000
  expect(entries).toBe(1)
  expect(accounting.lines).toBe(2)
  expect(accounting.snapshot().skippedByReason['too-long']?.count).toBe(1)
  expect(seconds).toBeLessThan(4)
}, 60_000)
