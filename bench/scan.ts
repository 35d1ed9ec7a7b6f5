/**
 * Drive `readApiLog` alone over one file (no records stage), for the bench and for profiling:
 * `node dist/bench/scan.js FILE [--gzip] [--stream] [--select] [--workers N] [--chunk BYTES]`. Prints one JSON
 * line of counts. A gzip file is read by path, as the CLI reads it (inflated in a worker); `--stream` reads
 * it as a stream in the main thread instead. `--select` passes the records stage's `RECORD_SELECTION`.
 */
import { createReadStream } from 'node:fs'
import { Accounting } from '../src/common/accounting.js'
import { RECORD_SELECTION } from '../src/records/index.js'
import { readApiLog } from '../src/sources/api-log/index.js'

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.match(/^--(workers|chunk)$/))
  if (!file) throw new Error('usage: scan FILE [--gzip] [--stream] [--select] [--workers N] [--chunk BYTES]')
  const option = (name: string): number | undefined => {
    const i = args.indexOf(name)
    return i >= 0 ? Number(args[i + 1]) : undefined
  }
  const gzip = args.includes('--gzip') || file.endsWith('.gz')
  const stream = args.includes('--stream')
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: file, format: 'api-json', bytes: 0, lines: 0 })
  const input = stream
    ? { display: file, stream: createReadStream(file, { highWaterMark: 1 << 20 }), gzip }
    : { display: file, path: file, gzip }
  let candidates = 0
  let scim = 0
  for await (const entry of readApiLog(
    input,
    { accounting, tally },
    {
      workers: option('--workers'),
      chunkBytes: option('--chunk'),
      ...(args.includes('--select') ? { selection: RECORD_SELECTION } : {}),
    },
  )) {
    candidates++
    const path = entry.doc.path
    if (typeof path === 'string' && path.startsWith('/api/scim/')) scim++
  }
  const { lines, bytes, other, skipped } = accounting.snapshot()
  process.stdout.write(`${JSON.stringify({ candidates, scim, lines, bytes, other, skipped })}\n`)
}

await main()
