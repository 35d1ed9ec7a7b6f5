/**
 * Probe D14: a truncated gzip keeps every line `zcat` recovers, on every gzip read path (main thread,
 * worker, export reader), and is still reported as an input error; in a directory it is skipped as
 * unreadable while the other files are read.
 */
import { createReadStream, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { constants, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Accounting } from '../../src/common/accounting.js'
import { readApiLog } from '../../src/sources/api-log/index.js'
import { gunzipChunks } from '../../src/sources/gunzip.js'
import { readEntries } from '../../src/sources/index.js'

let dir: string
let cut: string
let zcatLines: number
let text: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scimtrace-gunzip-'))
  const lines: string[] = []
  // random-ish bytes so the gzip is not tiny and the cut falls well inside the last output chunk
  for (let i = 0; i < 6000; i++)
    lines.push(
      JSON.stringify({
        time: '2024-05-14T09:00:00Z',
        status: 201,
        method: 'POST',
        path: '/api/scim/v2/groups/g/Users',
        params: [{ key: 'userName', value: `u${i}` }],
        x: Math.random().toString(36).repeat(8),
      }),
    )
  text = `${lines.join('\n')}\n`
  const gz = gzipSync(text)
  cut = join(dir, 'api_json.log.1.gz')
  writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)))
  const recovered = gunzipSync(gz.subarray(0, Math.floor(gz.length * 0.6)), {
    finishFlush: constants.Z_SYNC_FLUSH,
  }).toString('utf8')
  zcatLines = recovered.split('\n').length - 1 // complete lines; the cut-off one is extra
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('gunzipChunks', () => {
  it('passes on everything zcat recovers from a truncated file, then fails as truncated', async () => {
    let bytes = 0
    const run = async () => {
      for await (const chunk of gunzipChunks(createReadStream(cut), 1 << 20, () => createReadStream(cut)))
        bytes += chunk.length
    }
    await expect(run()).rejects.toMatchObject({ code: 'Z_BUF_ERROR' })
    const all = gunzipSync(await import('node:fs').then((fs) => fs.readFileSync(cut)), {
      finishFlush: constants.Z_SYNC_FLUSH,
    })
    expect(bytes).toBe(all.length)
  })
})

describe('a truncated gzip', () => {
  for (const [label, options] of [
    ['in the main thread', { workers: 0 }],
    ['in a worker', { workers: 2, gzipWorkerMinBytes: 0 }],
  ] as const) {
    it(`keeps its complete lines ${label}, then is an input error`, async () => {
      const accounting = new Accounting()
      const tally = accounting.addSource({ name: 'cut', format: 'api-json', bytes: 0, lines: 0 })
      let entries = 0
      const run = async () => {
        for await (const _ of readApiLog(
          { display: 'cut', path: cut, gzip: true },
          { accounting, tally },
          options,
        ))
          entries++
      }
      await expect(run()).rejects.toMatchObject({ name: 'InputError', message: /not valid gzip/ })
      // every complete line, plus the cut-off one (skipped as invalid JSON)
      expect(entries).toBe(zcatLines)
      expect(accounting.lines).toBe(zcatLines + 1)
      expect(accounting.snapshot().skippedByReason['invalid-json']?.count).toBe(1)
    })
  }

  it('in a directory, beside a dangling link: both skipped as unreadable, the rest read', async () => {
    const d = join(dir, 'd')
    mkdirSync(d)
    writeFileSync(join(d, 'api_json.log'), text.split('\n').slice(0, 10).join('\n'))
    writeFileSync(join(d, 'api_json.log.1.gz'), await import('node:fs').then((fs) => fs.readFileSync(cut)))
    symlinkSync(join(d, 'nowhere'), join(d, 'api_json.log.2.gz'))
    const accounting = new Accounting()
    const warnings: string[] = []
    let entries = 0
    for await (const _ of readEntries([d], { accounting, warn: (m) => warnings.push(m) })) entries++
    expect(entries).toBe(zcatLines + 10)
    const snapshot = accounting.snapshot()
    expect(snapshot.skippedByReason.unreadable?.count).toBe(2)
    expect(warnings).toHaveLength(2)
    expect(warnings.join('\n')).toMatch(/api_json\.log\.2\.gz': no such file/)
    expect(warnings.join('\n')).toMatch(/api_json\.log\.1\.gz: not valid gzip data/)
  })

  it('read as an export (Kibana NDJSON) keeps its complete documents too', async () => {
    const docs = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.stringify({ json: JSON.parse(l) }))
    const gz = gzipSync(`${docs.join('\n')}\n`)
    const d = join(dir, 'e')
    mkdirSync(d)
    writeFileSync(join(d, 'kibana.ndjson.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)))
    const whole = gunzipSync(gz.subarray(0, Math.floor(gz.length * 0.6)), {
      finishFlush: constants.Z_SYNC_FLUSH,
    })
    const complete = whole.toString('utf8').split('\n').length - 1
    const accounting = new Accounting()
    let entries = 0
    for await (const _ of readEntries([d], { accounting, warn: () => {} })) entries++
    expect(entries).toBe(complete)
    expect(accounting.snapshot().skippedByReason.unreadable?.count).toBe(1)
  })
})
