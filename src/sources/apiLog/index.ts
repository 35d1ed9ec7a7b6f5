/**
 * The hot read path for GitLab `api_json.log` NDJSON (plain, gzip, svlogd, stdin).
 *
 * OWNER: performance work (issue #4). This file fixes the interface the rest of the sources stage uses;
 * the implementation may change freely behind it.
 *
 * Hand-written because only ~1% of lines are SCIM requests: a native `indexOf` for `scim` over 128 KiB reads
 * finds them without decoding the rest: 1069 MB/s vs ndjson 59 MB/s (readline + JSON.parse: 54 MB/s) on this
 * machine (2-core AMD EPYC VM, Node 20.20, 1 GiB generated log in the page cache, `bench/readers.ts`).
 *
 * Plain files are scanned in the main thread by default. Range workers (one newline-aligned byte range per
 * worker, candidates posted back with range-relative line numbers and shifted by the earlier ranges' line
 * counts, so output stays in file order) are implemented and tested, but measured slower here: two workers
 * each take as long on half the file as one thread on all of it (page-cache copies and memchr do not scale
 * across this VM's two vCPUs), plus worker start-up and structured-clone costs: 689 vs 1069 MB/s. Enable
 * them with `workers` / `SCIMTRACE_READ_WORKERS=2` on machines where they pay. Gzip and other streams are
 * scanned in the main thread while zlib inflates on the libuv thread pool, so gzip input uses both cores.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import type { Readable } from 'node:stream'
import type { Accounting, AccountingSnapshot, SourceTally } from '../../common/accounting.js'
import { InputError } from '../../common/errors.js'
import type { RawEntry, SkipReason } from '../types.js'
import { ChunkBuffer, DEFAULT_CHUNK_BYTES, LineScanner, MAX_LINE_BYTES } from './scanner.js'
import type { WorkerData, WorkerMessage } from './worker.js'

export interface ApiLogInput {
  /** Name used in origins (`file:line`). */
  display: string
  /** A regular, uncompressed file on disk: may be scanned in parallel by byte ranges. */
  path?: string
  /** Already-open bytes (stdin, or a file). `gzip` says whether they must be inflated first. */
  stream?: Readable
  gzip: boolean
}

export interface ApiLogContext {
  accounting: Accounting
  /** The tally for this input (bytes and lines are added to it and to `accounting`). */
  tally: SourceTally
}

/** Tuning knobs, for tests and benchmarks. Defaults are what the bench measured best. */
export interface ReadApiLogOptions {
  /** Bytes per read (default 128 KiB; env `SCIMTRACE_CHUNK_BYTES`). */
  chunkBytes?: number
  /** Lines longer than this are skipped as `too-long` (default 1 MiB). */
  maxLineBytes?: number
  /** Range workers for a plain file: 0 or 1 scans in the main thread (default 0, see above; env `SCIMTRACE_READ_WORKERS`). */
  workers?: number
  /** Files smaller than this are scanned in the main thread (default 32 MiB). */
  parallelMinBytes?: number
}

const PARALLEL_MIN_BYTES = 32 << 20
/** Candidates per message from a worker. */
export const BATCH_ENTRIES = 256

/**
 * Yield one `RawEntry` per candidate line (one that contains `scim`), in file order, with its 1-based line
 * number. Other lines are counted (`accounting.other`) and never decoded; candidates that are too long,
 * binary or not a JSON object are skipped with a reason (`accounting.skip`). The records stage decides
 * whether a candidate is a SCIM request.
 */
export async function* readApiLog(
  input: ApiLogInput,
  context: ApiLogContext,
  options: ReadApiLogOptions = {},
): AsyncGenerator<RawEntry> {
  const chunk = options.chunkBytes ?? envInt('SCIMTRACE_CHUNK_BYTES') ?? DEFAULT_CHUNK_BYTES
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES
  if (input.path !== undefined && !input.gzip) {
    let fd: number
    try {
      fd = openSync(input.path, 'r')
    } catch (error) {
      throw new InputError(`cannot read ${input.display}: ${(error as Error).message}`)
    }
    let size: number
    let ranges: Range[]
    try {
      size = fstatSync(fd).size
      const wanted = Math.min(options.workers ?? envInt('SCIMTRACE_READ_WORKERS') ?? 0, 8)
      const parallel = wanted >= 2 && size >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)
      ranges = parallel ? splitRanges(fd, size, wanted) : [{ start: 0, end: size }]
    } catch (error) {
      closeSync(fd)
      throw new InputError(`cannot read ${input.display}: ${(error as Error).message}`)
    }
    if (ranges.length < 2) {
      try {
        yield* scanFd(fd, input.display, context, chunk, maxLine)
      } finally {
        closeSync(fd)
      }
      return
    }
    closeSync(fd)
    yield* scanParallel(input.path, input.display, ranges, context, chunk, maxLine)
    return
  }
  if (!input.stream) throw new InputError(`${input.display}: nothing to read`)
  yield* scanStream(input.stream, input.gzip, input.display, context, chunk, maxLine)
}

function envInt(name: string): number | undefined {
  const value = process.env[name]
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isInteger(n) && n >= 0 ? n : undefined
}

/** Keeps `accounting` and the tally current with a scanner's counts. */
class Counter {
  private lines = 0
  private other = 0

  constructor(
    private readonly context: ApiLogContext,
    private readonly scanner: LineScanner,
  ) {}

  bytes(n: number): void {
    this.context.accounting.bytes += n
    this.context.tally.bytes += n
  }

  sync(): void {
    const { accounting, tally } = this.context
    const lines = this.scanner.lines - this.lines
    accounting.lines += lines
    tally.lines += lines
    accounting.other += this.scanner.other - this.other
    this.lines = this.scanner.lines
    this.other = this.scanner.other
  }
}

function mainScanner(display: string, context: ApiLogContext, maxLine: number): LineScanner {
  const accounting = context.accounting
  return new LineScanner(
    { skip: (reason, line) => accounting.skip(reason, { source: display, line }) },
    maxLine,
  )
}

function* drain(scanner: LineScanner, display: string): Generator<RawEntry> {
  if (scanner.entries.length === 0) return
  for (const entry of scanner.take()) yield { doc: entry.doc, origin: { source: display, line: entry.line } }
}

/** Sequential scan of an open file in the main thread. */
async function* scanFd(
  fd: number,
  display: string,
  context: ApiLogContext,
  chunk: number,
  maxLine: number,
): AsyncGenerator<RawEntry> {
  const scanner = mainScanner(display, context, maxLine)
  const buffer = new ChunkBuffer(scanner, chunk, maxLine)
  const counter = new Counter(context, scanner)
  for (;;) {
    let n: number
    try {
      n = readSync(fd, buffer.buffer, buffer.readOffset, buffer.readSize, null)
    } catch (error) {
      throw new InputError(`cannot read ${display}: ${(error as Error).message}`)
    }
    if (n === 0) break
    counter.bytes(n)
    buffer.commit(n)
    if (scanner.entries.length > 0) {
      counter.sync()
      yield* drain(scanner, display)
    }
  }
  buffer.end()
  counter.sync()
  yield* drain(scanner, display)
}

/** Sequential scan of a stream (stdin, pipes, gzip) in the main thread. */
async function* scanStream(
  stream: Readable,
  gzip: boolean,
  display: string,
  context: ApiLogContext,
  chunk: number,
  maxLine: number,
): AsyncGenerator<RawEntry> {
  const scanner = mainScanner(display, context, maxLine)
  const buffer = new ChunkBuffer(scanner, chunk, maxLine)
  const counter = new Counter(context, scanner)
  let source: AsyncIterable<Buffer> = stream
  if (gzip) {
    const { createGunzip } = await import('node:zlib')
    const gunzip = createGunzip({ chunkSize: 1 << 20 })
    // Errors on the input stream must surface, not hang the pipe.
    stream.on('error', (error) => gunzip.destroy(error))
    source = stream.pipe(gunzip)
  }
  try {
    for await (const data of source) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data
      counter.bytes(bytes.length)
      buffer.push(bytes)
      if (scanner.entries.length > 0) {
        counter.sync()
        yield* drain(scanner, display)
      }
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('Z_')) {
      throw new InputError(`${display}: not valid gzip data (${error.message})`)
    }
    if (
      error instanceof Error &&
      'code' in error &&
      typeof error.code === 'string' &&
      error.code.startsWith('E')
    ) {
      throw new InputError(`cannot read ${display}: ${error.message}`)
    }
    throw error
  }
  buffer.end()
  counter.sync()
  yield* drain(scanner, display)
}

export interface Range {
  start: number
  end: number
}

/** Cut `[0, size)` into up to `parts` ranges, each ending just after a `\n` (the last at `size`). */
export function splitRanges(fd: number, size: number, parts: number): Range[] {
  const ranges: Range[] = []
  const probe = Buffer.allocUnsafe(64 << 10)
  let start = 0
  for (let i = 1; i < parts && start < size; i++) {
    let at = Math.max(start, Math.floor((size * i) / parts))
    let cut = -1
    while (at < size) {
      const n = readSync(fd, probe, 0, probe.length, at)
      if (n === 0) break
      const nl = probe.subarray(0, n).indexOf(10)
      if (nl >= 0) {
        cut = at + nl + 1
        break
      }
      at += n
    }
    if (cut < 0 || cut >= size) break
    ranges.push({ start, end: cut })
    start = cut
  }
  ranges.push({ start, end: size })
  return ranges
}

/** In ESM builds the worker sits next to this file; under vitest (TypeScript sources) use the compiled one. */
function workerUrl(): URL {
  const here = import.meta.url
  if (here.endsWith('.ts')) return new URL('../../../dist/src/sources/apiLog/worker.js', here)
  return new URL('./worker.js', here)
}

interface Queue {
  messages: WorkerMessage[]
  error?: Error
  wake?: () => void
}

/** Scan a plain file's ranges in workers; yield range by range so the output is in file order. */
async function* scanParallel(
  path: string,
  display: string,
  ranges: Range[],
  context: ApiLogContext,
  chunk: number,
  maxLine: number,
): AsyncGenerator<RawEntry> {
  const { Worker } = await import('node:worker_threads')
  const url = workerUrl()
  const queues: Queue[] = []
  const workers = ranges.map((range) => {
    const queue: Queue = { messages: [] }
    queues.push(queue)
    const data: WorkerData = { path, start: range.start, end: range.end, chunk, maxLine }
    const worker = new Worker(url, { workerData: data })
    const wake = () => {
      const w = queue.wake
      queue.wake = undefined
      w?.()
    }
    worker.on('message', (message: WorkerMessage) => {
      queue.messages.push(message)
      wake()
    })
    worker.on('error', (error) => {
      queue.error = error
      wake()
    })
    worker.on('exit', (code) => {
      if (code !== 0 && !queue.error) queue.error = new Error(`read worker exited with code ${code}`)
      wake()
    })
    return worker
  })
  try {
    let lineOffset = 0
    for (const queue of queues) {
      let done = false
      while (!done) {
        if (queue.messages.length === 0) {
          if (queue.error) throw readError(display, queue.error)
          await new Promise<void>((resolve) => {
            queue.wake = resolve
          })
          continue
        }
        const messages = queue.messages
        queue.messages = []
        for (const message of messages) {
          if (message.type === 'batch') {
            for (const entry of message.entries) {
              yield { doc: entry.doc, origin: { source: display, line: lineOffset + entry.line } }
            }
          } else {
            context.accounting.merge(shiftSnapshot(message, display, lineOffset))
            context.tally.lines += message.lines
            context.tally.bytes += message.bytes
            lineOffset += message.lines
            done = true
          }
        }
      }
    }
  } finally {
    for (const worker of workers) void worker.terminate()
  }
}

function readError(display: string, error: Error): Error {
  if ('code' in error && typeof error.code === 'string' && error.code.startsWith('E')) {
    return new InputError(`cannot read ${display}: ${error.message}`)
  }
  return error
}

function shiftSnapshot(
  message: Extract<WorkerMessage, { type: 'done' }>,
  display: string,
  offset: number,
): AccountingSnapshot {
  const skippedByReason: AccountingSnapshot['skippedByReason'] = {}
  let skipped = 0
  for (const [reason, tally] of Object.entries(message.skips) as [
    SkipReason,
    { count: number; first: number[] },
  ][]) {
    skipped += tally.count
    skippedByReason[reason] = {
      count: tally.count,
      first: tally.first.map((line) => ({ source: display, line: offset + line })),
    }
  }
  return {
    lines: message.lines,
    bytes: message.bytes,
    scim: 0,
    other: message.other,
    skipped,
    skippedByReason,
    sources: [],
  }
}
