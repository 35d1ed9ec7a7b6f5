import { isUtf8 } from 'node:buffer'
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { Worker } from 'node:worker_threads'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Accounting, type AccountingSnapshot } from '../../../src/common/accounting.js'
import type { ModuleJob } from '../../../src/common/threads/jobs.js'
import { type ApiLogInput, type ReadApiLogOptions, readApiLog } from '../../../src/sources/api-log/index.js'
import { prestartReadWorker, readThreads } from '../../../src/sources/api-log/worker-start.js'
import type { DocSelection, RawEntry, SkipReason } from '../../../src/sources/types.js'

const MiB = 1 << 20

/** A small deterministic PRNG (mulberry32), so the generated file is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function scimLine(i: number, name = `Person ${i}`): string {
  return JSON.stringify({
    time: `2024-05-14T09:${String(i % 60).padStart(2, '0')}:03.412Z`,
    severity: 'INFO',
    status: 201,
    method: 'POST',
    path: '/api/scim/v2/groups/acme/Users',
    params: [
      { key: 'externalId', value: `00u${i}` },
      { key: 'userName', value: `p${i}@acme.com` },
      { key: 'name', value: { formatted: name } },
    ],
    route: '/api/scim/:version/groups/:group/Users',
  })
}

function otherLine(i: number, rnd: () => number): string {
  const params = []
  const n = 1 + Math.floor(rnd() * 12)
  for (let k = 0; k < n; k++) params.push({ key: `k${k}`, value: Math.floor(rnd() * 1e9).toString(36) })
  return JSON.stringify({
    time: '2024-05-14T09:12:03.412Z',
    status: 200,
    method: 'GET',
    path: `/api/v4/projects/${i}`,
    params,
    ua: 'Mozilla/5.0 (X11; Linux x86_64)',
  })
}

/** Lines whose byte `offsets` fall inside a 4-byte character, so those chunk edges split it. */
function lineSplittingAt(offsets: number[], start: number): string {
  const head = '{"scim":"'
  let text = head
  let bytes = start + Buffer.byteLength(head)
  for (const offset of offsets) {
    while (bytes < offset - 2) {
      text += 'a'
      bytes++
    }
    text += '😀'
    bytes += 4
  }
  return `${text}é日本","path":"/api/scim/v2/groups/acme/Users"}`
}

const SPLIT_OFFSETS = [64, 100, 1000, 4096]

/** The test file: every kind of line the reader must handle, mixed with plain traffic. */
function buildFile(): Buffer {
  const rnd = prng(42)
  const parts: Buffer[] = []
  const add = (s: string | Buffer, eol = '\n') =>
    parts.push(Buffer.concat([Buffer.from(s), Buffer.from(eol)]))
  add(lineSplittingAt(SPLIT_OFFSETS, 0))
  for (let i = 0; i < 6000; i++) {
    const r = rnd()
    if (r < 0.05) add(scimLine(i, i % 3 === 0 ? `Zoë Ångström 😀 ${i}` : `Person ${i}`))
    else if (r < 0.06) add(scimLine(i), '\r\n')
    else if (r < 0.07)
      add(JSON.stringify({ path: '/api/v4/search', params: [{ key: 'q', value: 'scim token' }] }))
    else if (r < 0.075) add(`2024-05-14T09:12:03.1Z stdout F ${scimLine(i)}`)
    else if (r < 0.078) add(scimLine(i).replaceAll('/', '\\/'))
    else if (r < 0.08) add('')
    else if (r < 0.081)
      add(scimLine(i).slice(0, -1 - (i % 50))) // truncated JSON
    else if (r < 0.082)
      add(
        Buffer.concat([
          Buffer.from('{"path":"/api/scim/v2/'),
          Buffer.from([0xff, 0xfe, 0x80]),
          Buffer.from('"}'),
        ]),
      )
    else if (r < 0.083) add(`{"path":"/api/scim/v2/x","junk":"\u0000"}`)
    else if (r < 0.084) add('["scim"]')
    else if (r < 0.085) add(`@4000000066433a2b1c2d3e4f ${scimLine(i)}`)
    else add(otherLine(i, rnd), rnd() < 0.05 ? '\r\n' : '\n')
    if (i === 2000) add(`{"path":"/api/scim/v2/groups/acme/Users","pad":"${'x'.repeat(MiB + 10)}"}`)
    if (i === 3000) add(`{"path":"/api/v4/projects","pad":"${'y'.repeat(MiB + 3)}"}`)
    if (i === 4000) add(`{"path":"/api/v4/x","pad":"${'é'.repeat(MiB / 2 - 30)}","q":"scim"}`)
  }
  // A final SCIM line without a newline.
  parts.push(Buffer.from(scimLine(99999, 'Last Ünïcode')))
  return Buffer.concat(parts)
}

interface Result {
  entries: { line: number; doc: Record<string, unknown> }[]
  snapshot: AccountingSnapshot
}

/** What `RECORD_SELECTION`-like selections keep: a few fields of documents whose path holds `/scim/v`. */
const SELECTION: DocSelection = {
  fields: ['path', 'params', 'time', 'status', 'nope'],
  pathIncludes: '/scim/v',
}

function classify(raw: Buffer, selection?: DocSelection): 'other' | SkipReason | Record<string, unknown> {
  if (raw.length > MiB) return 'too-long'
  if (!raw.includes('scim')) return 'other'
  const bytes = raw.at(-1) === 13 ? raw.subarray(0, -1) : raw
  if (selection && !bytes.includes('/scim/v') && !bytes.includes('\\/scim\\/v')) return 'other'
  if (bytes.includes(0) || !isUtf8(bytes)) return 'binary'
  const text = bytes.toString('utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // A text prefix: the JSON starts at the first `{`.
    const brace = text.indexOf('{')
    if (brace <= 0) return 'invalid-json'
    try {
      value = JSON.parse(text.slice(brace))
    } catch {
      return 'invalid-json'
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not-an-object'
  const doc = value as Record<string, unknown>
  if (!selection) return doc
  if (typeof doc.path === 'string' && !doc.path.includes('/scim/v')) return 'other'
  return Object.fromEntries(selection.fields.filter((f) => f in doc).map((f) => [f, doc[f]]))
}

/** The slow, obvious reference: split the whole file on `\n` and look at each line. */
function reference(file: Buffer, display: string, selection?: DocSelection): Result {
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: display, format: 'api-json', bytes: 0, lines: 0 })
  const entries: Result['entries'] = []
  const lines: Buffer[] = []
  let start = 0
  for (let i = 0; i < file.length; i++) {
    if (file[i] === 10) {
      lines.push(file.subarray(start, i))
      start = i + 1
    }
  }
  if (start < file.length) lines.push(file.subarray(start))
  accounting.bytes = tally.bytes = file.length
  accounting.lines = tally.lines = lines.length
  lines.forEach((raw, index) => {
    const line = index + 1
    const verdict = classify(raw, selection)
    if (verdict === 'other') accounting.other++
    else if (typeof verdict === 'string') accounting.skip(verdict, { source: display, line })
    else entries.push({ line, doc: verdict })
  })
  return { entries, snapshot: accounting.snapshot() }
}

async function read(input: ApiLogInput, options: ReadApiLogOptions): Promise<Result> {
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: input.display, format: 'api-json', bytes: 0, lines: 0 })
  const entries: Result['entries'] = []
  for await (const entry of readApiLog(input, { accounting, tally }, options) as AsyncIterable<RawEntry>) {
    expect(entry.origin.source).toBe(input.display)
    entries.push({ line: entry.origin.line ?? -1, doc: entry.doc })
  }
  return { entries, snapshot: accounting.snapshot() }
}

let dir: string
let file: Buffer
let path: string
let gzPath: string
let expected: Result
let selected: Result
const display = 'api_json.log'

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scimtrace-apilog-'))
  file = buildFile()
  path = join(dir, display)
  gzPath = `${path}.gz`
  writeFileSync(path, file)
  writeFileSync(gzPath, gzipSync(file))
  expected = reference(file, display)
  selected = reference(file, display, SELECTION)
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('the generated file', () => {
  it('covers the cases the fast path must get right', () => {
    for (const offset of SPLIT_OFFSETS) expect((file[offset] ?? 0) & 0xc0).toBe(0x80) // a character split at a chunk edge
    expect(file.at(-1)).not.toBe(10)
    const reasons = expected.snapshot.skippedByReason
    expect(reasons['too-long']?.count).toBe(2) // a SCIM and a plain line over 1 MiB
    expect(expected.entries.some((e) => String(e.doc.pad).length > MiB / 2 - 40)).toBe(true) // just under 1 MiB
    expect(reasons.binary?.count).toBeGreaterThan(3)
    expect(reasons['invalid-json']?.count).toBeGreaterThan(3)
    expect(reasons['not-an-object']?.count).toBeGreaterThan(3)
    expect(expected.entries.length).toBeGreaterThan(400)
    expect(expected.entries.some((e) => JSON.stringify(e.doc).includes('\\/api\\/scim'))).toBe(false) // unescaped by parsing
    expect(expected.entries.at(-1)?.line).toBe(expected.snapshot.lines)
  })
})

describe('readApiLog matches the line-by-line reference', () => {
  for (const chunkBytes of [64, 100, 1000, 4096, undefined]) {
    const label = chunkBytes ?? 'default'
    it(`sequential file, chunk ${label}`, async () => {
      const got = await read({ display, path, gzip: false }, { chunkBytes, workers: 0 })
      expect(got).toEqual(expected)
    })
    it(`plain stream, chunk ${label}`, async () => {
      const stream = createReadStream(path, { highWaterMark: 997 })
      const got = await read({ display, stream, gzip: false }, { chunkBytes })
      expect(got).toEqual(expected)
    })
    it(`gzip stream, chunk ${label}`, async () => {
      const got = await read({ display, stream: createReadStream(gzPath), gzip: true }, { chunkBytes })
      expect(got).toEqual(expected)
    })
    it(`gzip file inflated in a worker, chunk ${label}`, async () => {
      const got = await read(
        { display, path: gzPath, gzip: true },
        { chunkBytes, workers: 2, gzipWorkerMinBytes: 0 },
      )
      expect(got).toEqual(expected)
    })
  }
  for (const workers of [2, 3]) {
    for (const chunkBytes of [100, 4096, undefined]) {
      it(`${workers} threads, chunk ${chunkBytes ?? 'default'}`, async () => {
        const got = await read({ display, path, gzip: false }, { chunkBytes, workers, parallelMinBytes: 0 })
        expect(got).toEqual(expected)
      })
    }
    // Segments much shorter than the long lines: segments inside a line are empty, edges split characters.
    for (const segmentBytes of [997, 64 << 10]) {
      it(`${workers} threads, ${segmentBytes}-byte segments`, async () => {
        const got = await read({ display, path, gzip: false }, { workers, parallelMinBytes: 0, segmentBytes })
        expect(got).toEqual(expected)
      })
    }
  }
})

describe('readApiLog with a selection matches the reference with the same selection', () => {
  it('the selection drops documents and fields in this file', () => {
    expect(selected.entries.length).toBeGreaterThan(300)
    expect(selected.entries.length).toBeLessThan(expected.entries.length)
    expect(selected.snapshot.other).toBeGreaterThan(expected.snapshot.other)
    // Lines written with escaped slashes (`\/api\/scim\/v2`) are still found.
    const lines = file.toString('utf8').split('\n')
    const escaped = selected.entries.filter((e) => lines[e.line - 1]?.includes('\\/scim\\/v'))
    expect(escaped.length).toBeGreaterThan(3)
    // Only the listed fields are kept (`nope` is in none of the documents).
    for (const { doc } of selected.entries) {
      for (const key of Object.keys(doc)) expect(['path', 'params', 'time', 'status']).toContain(key)
    }
    expect(selected.snapshot.lines).toBe(expected.snapshot.lines)
  })
  const cases: [string, () => ApiLogInput, ReadApiLogOptions][] = [
    ['sequential file', () => ({ display, path, gzip: false }), { workers: 0, chunkBytes: 1000 }],
    [
      'plain stream',
      () => ({ display, stream: createReadStream(path, { highWaterMark: 997 }), gzip: false }),
      {},
    ],
    [
      'gzip file inflated in a worker',
      () => ({ display, path: gzPath, gzip: true }),
      { workers: 2, gzipWorkerMinBytes: 0 },
    ],
    [
      '2 threads, 997-byte segments',
      () => ({ display, path, gzip: false }),
      { workers: 2, parallelMinBytes: 0, segmentBytes: 997 },
    ],
    [
      '3 threads, 64 KiB segments',
      () => ({ display, path, gzip: false }),
      { workers: 3, parallelMinBytes: 0, segmentBytes: 64 << 10 },
    ],
  ]
  for (const [label, input, options] of cases) {
    it(label, async () => {
      const got = await read(input(), { ...options, selection: SELECTION })
      expect(got).toEqual(selected)
    })
  }
})

describe('readApiLog on small inputs', () => {
  const scan = (text: string | Buffer, options: ReadApiLogOptions = {}) =>
    read({ display: '-', stream: Readable.from([Buffer.from(text)]), gzip: false }, options)

  it('counts blank lines and a final line without a newline, and keeps exact line numbers', async () => {
    const got = await scan(`\n{"path":"/api/v4/x"}\r\n\n${scimLine(1)}\r\n${scimLine(2)}`)
    expect(got.entries.map((e) => e.line)).toEqual([4, 5])
    expect(got.snapshot).toMatchObject({ lines: 5, other: 3, bytes: expect.any(Number), skipped: 0 })
  })

  it('reads the JSON after a Kubernetes or svlogd prefix', async () => {
    const got = await scan(`2024-05-14T09:12:03.1Z stdout F ${scimLine(7)}\n@400000006643 ${scimLine(8)}\n`)
    expect(got.entries.map((e) => (e.doc.params as { value: unknown }[])[0]?.value)).toEqual(['00u7', '00u8'])
  })

  it('skips malformed candidates with a reason and where they were', async () => {
    const got = await scan(
      ['{"path":"/api/scim/v2/x"', '"scim"', 'scim but no json', '{"a":"scim\u0000"}'].join('\n'),
    )
    expect(got.entries).toEqual([])
    expect(got.snapshot.skippedByReason).toEqual({
      'invalid-json': {
        count: 2,
        first: [
          { source: '-', line: 1 },
          { source: '-', line: 3 },
        ],
      },
      'not-an-object': { count: 1, first: [{ source: '-', line: 2 }] },
      binary: { count: 1, first: [{ source: '-', line: 4 }] },
    })
  })

  it('drops a line over the limit without keeping it, even across many chunks', async () => {
    const long = `{"path":"/api/scim/v2/x","pad":"${'z'.repeat(5000)}"}`
    const got = await scan(`${scimLine(1)}\n${long}\n${scimLine(2)}\n${long}`, {
      chunkBytes: 64,
      maxLineBytes: 1000,
    })
    expect(got.entries.map((e) => e.line)).toEqual([1, 3])
    expect(got.snapshot.skippedByReason['too-long']).toEqual({
      count: 2,
      first: [
        { source: '-', line: 2 },
        { source: '-', line: 4 },
      ],
    })
  })

  it('inflates a gzip stream (not a path) in the main thread, with the same result', async () => {
    const got = await read(
      { display, stream: createReadStream(join(dir, `${display}.gz`)), gzip: true },
      { workers: 2, gzipWorkerMinBytes: 0 },
    )
    expect(got).toEqual(expected)
  })

  it('reports bad gzip inflated in a worker as an input error', async () => {
    const bad = join(dir, 'bad.gz')
    writeFileSync(bad, 'not gzip at all')
    await expect(
      read({ display: 'bad.gz', path: bad, gzip: true }, { workers: 2, gzipWorkerMinBytes: 0 }),
    ).rejects.toMatchObject({ name: 'InputError', message: expect.stringMatching(/not valid gzip/) })
    await expect(
      read(
        { display: 'gone.gz', path: join(dir, 'gone.gz'), gzip: true },
        { workers: 2, gzipWorkerMinBytes: 0 },
      ),
    ).rejects.toMatchObject({ name: 'InputError', message: expect.stringMatching(/cannot read gone.gz/) })
  })

  it('reports unreadable files and bad gzip as input errors', async () => {
    await expect(read({ display: 'nope', path: join(dir, 'missing.log'), gzip: false }, {})).rejects.toThrow(
      /cannot read nope/,
    )
    await expect(
      read({ display: 'bad.gz', stream: Readable.from([Buffer.from('not gzip at all')]), gzip: true }, {}),
    ).rejects.toMatchObject({ name: 'InputError' })
  })
})

describe('a read worker started early (prestartReadWorker)', () => {
  it('is given its job by the first parallel read, with the same result', async () => {
    prestartReadWorker()
    expect(readThreads.idleState()).toBe('waiting')
    const got = await read({ display, path, gzip: false }, { workers: 2, parallelMinBytes: 0 })
    expect(readThreads.idleState()).toBe('none')
    expect(got).toEqual(expected)
  })

  it('is given a gzip file to inflate, with the same result', async () => {
    prestartReadWorker()
    const got = await read({ display, path: gzPath, gzip: true }, { workers: 2, gzipWorkerMinBytes: 0 })
    expect(readThreads.idleState()).toBe('none')
    expect(got).toEqual(expected)
  })

  it('is replaced by a new worker when it failed to start', async () => {
    prestartReadWorker(new URL('data:text/javascript,throw new Error("cannot start")'))
    for (let i = 0; i < 200 && readThreads.idleState() !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(readThreads.idleState()).toBe('failed')
    const got = await read({ display, path, gzip: false }, { workers: 2, parallelMinBytes: 0 })
    expect(readThreads.idleState()).toBe('none')
    expect(got).toEqual(expected)
  })
})

describe('a read worker kept for the next job (ThreadPool.keep)', () => {
  afterAll(() => {
    readThreads.keep(false)
    void readThreads.take()?.terminate()
  })

  it('waits after a read, and serves the next reads with the same results; a gzip read’s is not kept', async () => {
    readThreads.keep()
    expect(await read({ display, path, gzip: false }, { workers: 2, parallelMinBytes: 0 })).toEqual(expected)
    expect(readThreads.idleState()).toBe('waiting')
    expect(await read({ display, path, gzip: false }, { workers: 3, parallelMinBytes: 0 })).toEqual(expected)
    expect(readThreads.idleState()).toBe('waiting') // one of the two workers
    const gzip = await read({ display, path: gzPath, gzip: true }, { workers: 2, gzipWorkerMinBytes: 0 })
    expect(gzip).toEqual(expected)
    expect(readThreads.idleState()).toBe('none') // the waiting worker inflated the gzip, and was then stopped
    expect(await read({ display, path, gzip: false }, { workers: 2, parallelMinBytes: 0 })).toEqual(expected)
    expect(readThreads.idleState()).toBe('waiting')
  })

  it('runs another stage’s module job on the waiting thread, and reports a failing one', async () => {
    readThreads.keep()
    await read({ display, path, gzip: false }, { workers: 2, parallelMinBytes: 0 })
    const job = (worker: Worker, url: string): Promise<unknown> =>
      new Promise((resolve) => {
        worker.once('message', resolve)
        worker.postMessage({ mode: 'module', url, data: 42 } satisfies ModuleJob)
      })
    const worker = readThreads.take()
    expect(worker).toBeDefined()
    expect(readThreads.idleState()).toBe('none')
    const echo =
      'data:text/javascript,export function runJob(data, reply) { reply.postMessage({ echo: data }) }'
    expect(await job(worker as Worker, echo)).toEqual({ echo: 42 })
    await (worker as Worker).terminate()

    await read({ display, path, gzip: false }, { workers: 2, parallelMinBytes: 0 })
    const other = readThreads.take() as Worker
    const reply = (await job(other, 'data:text/javascript,export const nothing = 1')) as {
      type: string
      message: string
    }
    expect(reply.type).toBe('error')
    expect(reply.message).toMatch(/exports no runJob/)
    await other.terminate()
  })

  it('is not kept when the read stopped early (its worker may still be busy)', async () => {
    readThreads.keep()
    void readThreads.take()?.terminate()
    const accounting = new Accounting()
    const tally = accounting.addSource({ name: display, format: 'api-json', bytes: 0, lines: 0 })
    for await (const _ of readApiLog(
      { display, path, gzip: false },
      { accounting, tally },
      { workers: 2, parallelMinBytes: 0 },
    ))
      break
    expect(readThreads.idleState()).toBe('none')
  })
})

describe('a read worker reserved during its read (ThreadPool.reserve)', () => {
  it('runs the job posted meanwhile once its read is done, and is neither kept nor stopped by the read', async () => {
    readThreads.keep(false)
    void readThreads.take()?.terminate()
    const accounting = new Accounting()
    const tally = accounting.addSource({ name: display, format: 'api-json', bytes: 0, lines: 0 })
    let worker: Worker | undefined
    let reply: Promise<unknown> | undefined
    const entries: Result['entries'] = []
    const options = { workers: 2, parallelMinBytes: 0 }
    for await (const entry of readApiLog({ display, path, gzip: false }, { accounting, tally }, options)) {
      if (!worker) {
        worker = readThreads.reserve()
        expect(worker).toBeDefined()
        const echo =
          'data:text/javascript,export function runJob(data, reply) { reply.postMessage({ echo: data }) }'
        reply = new Promise((resolve) => (worker as Worker).once('message', resolve))
        worker?.postMessage({ mode: 'module', url: echo, data: 'after the read' } satisfies ModuleJob)
      }
      entries.push({ line: entry.origin.line ?? -1, doc: entry.doc })
    }
    expect({ entries, snapshot: accounting.snapshot() }).toEqual(expected)
    expect(await reply).toEqual({ echo: 'after the read' })
    expect(readThreads.idleState()).toBe('none') // not parked: it is the reserver's
    await worker?.terminate()
    expect(readThreads.reserve()).toBeUndefined() // no read under way, none waiting
  })
})
