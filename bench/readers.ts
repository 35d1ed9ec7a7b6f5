/**
 * Compare NDJSON readers on one file, in this process, one after the other (MB/s of the file):
 * - naive: `readline` + `JSON.parse` of every line (what a first version would do);
 * - ndjson: the `ndjson` package's `parse()` stream (split2 + JSON.parse of every line);
 * - scimtrace: `readApiLog`, main thread only and main thread + one range worker (the default).
 *
 * `node dist/bench/readers.js FILE [--max-bytes N]`: the slow readers only read the first N bytes (default
 * 256 MiB) of FILE, so the run stays short; ours reads the whole file too.
 */
import { createReadStream, statSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import ndjson from 'ndjson'
import { Accounting } from '../src/common/accounting.js'
import { readApiLog } from '../src/sources/api-log/index.js'

export interface ReaderResult {
  reader: string
  bytes: number
  seconds: number
  mbPerSecond: number
  /** What the reader found: parsed lines for naive/ndjson, candidates for scimtrace. */
  count: number
}

async function naive(file: string, end: number): Promise<number> {
  let scim = 0
  const lines = createInterface({ input: createReadStream(file, { end: end - 1 }), crlfDelay: Infinity })
  for await (const line of lines) {
    if (line === '') continue
    try {
      const doc = JSON.parse(line) as { path?: unknown }
      if (typeof doc.path === 'string' && doc.path.startsWith('/api/scim/')) scim++
    } catch {
      // counted as invalid by a real reader
    }
  }
  return scim
}

function viaNdjson(file: string, end: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let scim = 0
    createReadStream(file, { end: end - 1 })
      .pipe(ndjson.parse({ strict: false }))
      .on('data', (doc: { path?: unknown }) => {
        if (typeof doc.path === 'string' && doc.path.startsWith('/api/scim/')) scim++
      })
      .on('error', reject)
      .on('end', () => resolve(scim))
  })
}

async function ours(file: string, workers: number): Promise<number> {
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: file, format: 'api-json', bytes: 0, lines: 0 })
  let scim = 0
  for await (const entry of readApiLog(
    { display: file, path: file, gzip: false },
    { accounting, tally },
    { workers },
  )) {
    const path = entry.doc.path
    if (typeof path === 'string' && path.startsWith('/api/scim/')) scim++
  }
  return scim
}

/** The slow readers read the first `maxBytes` only (a cut last line is fine for a throughput figure). */
export async function compareReaders(file: string, maxBytes = 256 << 20): Promise<ReaderResult[]> {
  const size = statSync(file).size
  const prefix = Math.min(size, maxBytes)
  const results: ReaderResult[] = []
  const time = async (reader: string, bytes: number, run: () => Promise<number>) => {
    const start = process.hrtime.bigint()
    const count = await run()
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    results.push({ reader, bytes, seconds, mbPerSecond: bytes / 1e6 / seconds, count })
    process.stderr.write(`  ${reader}: ${(bytes / 1e6 / seconds).toFixed(0)} MB/s\n`)
  }
  await time('naive (readline + JSON.parse)', prefix, () => naive(file, prefix))
  await time('ndjson.parse()', prefix, () => viaNdjson(file, prefix))
  await time('scimtrace readApiLog, 1 thread', size, () => ours(file, 0))
  await time('scimtrace readApiLog, main + 1 worker', size, () => ours(file, 2))
  return results
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a))
  if (!file) throw new Error('usage: readers FILE [--max-bytes N]')
  const i = args.indexOf('--max-bytes')
  const results = await compareReaders(file, i >= 0 ? Number(args[i + 1]) : undefined)
  for (const r of results) {
    console.log(
      `${r.reader.padEnd(38)} ${r.mbPerSecond.toFixed(0).padStart(6)} MB/s  (${(r.bytes / 1e6).toFixed(0)} MB)`,
    )
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
