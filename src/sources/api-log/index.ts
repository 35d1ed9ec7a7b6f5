/**
 * The hot read path for GitLab `api_json.log` NDJSON (plain, gzip, svlogd, stdin).
 *
 * OWNER: performance work (issue #4). This file fixes the interface the rest of the sources stage uses;
 * the implementation may change freely behind it.
 *
 * Hand-written because only ~1% of lines are SCIM requests: a WebAssembly SIMD kernel (`kernel.ts`) counts the
 * lines of each 128 KiB read and finds the ones holding `scim` in one pass, and only those are decoded and
 * parsed. General NDJSON readers decode every line: ndjson 59 MB/s, readline + JSON.parse 54 MB/s on this
 * machine (2-core AMD EPYC VM, Node 20.20, 1 GiB generated log in the page cache, `bench/readers.ts`).
 *
 * Plain files of 256 MiB or more are read by two threads by default (from 16 MiB when the file is made of
 * SCIM requests and the worker normalises them: `density.ts`): the main thread and one range worker
 * claim 8 MiB segments from a shared counter (`segments.ts`); the worker posts each segment's candidate
 * lines as text, polled here with `receiveMessageOnPort`, and they are parsed here in file order. 1 GiB,
 * `bench/scan.js`: 1.04 s before this design (main thread, `indexOf`), 0.63–0.69 s with the kernel in the
 * main thread only, ~0.55 s with the worker. Why the earlier range workers (one fixed half of the file per
 * worker, parsed docs posted back) measured no faster than one thread (0.94–1.07 s): each worker needs
 * 60–120 ms to boot while the main thread waited idle; the old `indexOf` scanner cost ~0.45 s per half; the
 * workers JSON-parsed their candidates and structured-cloned the docs (~12 µs a doc to send, as much again
 * to receive, i.e. more than parsing the text); and with two workers plus the main thread deserialising,
 * three busy threads shared the two cores. Raw reads and searches do scale across two threads here (read +
 * `\n` count of 1 GiB: 265 ms in one thread, 156–163 ms per half in two).
 *
 * Gzip files of 8 MiB or more are read, inflated and scanned by a worker (`scanGzipFile`); other streams
 * (stdin, small gzip) are scanned in the main thread while zlib inflates on the libuv thread pool.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import type { Readable } from 'node:stream'
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads'
import type { Accounting, SourceTally } from '../../common/accounting.js'
import { InputError } from '../../common/errors.js'
import { pause } from '../../common/pause.js'
import { pacer } from '../../common/steps.js'
import { MAX_LINE_BYTES } from '../limits.js'
import type { RawEntry } from '../types.js'
import { releaseChunkBuffer, takeChunkBuffer } from './buffer-pool.js'
import { looksDense } from './density.js'
import { type ChunkBuffer, DEFAULT_CHUNK_BYTES, LineScanner, parseCandidate } from './scanner.js'
import { CandidateCollector, type SegmentCounts, SegmentReader, type SegmentResult } from './segments.js'
import { type DocSelection, Selector } from './select.js'
import type { WorkerData, WorkerMessage } from './worker.js'
import { releaseReadWorker, startReadWorker, WORKER_MIN_BYTES } from './worker-start.js'

export type { DocSelection } from './select.js'

export interface ApiLogInput {
  /** Name used in origins (`file:line`). */
  display: string
  /** A regular file on disk: scanned in parallel by byte ranges if plain, inflated in a worker if gzip. */
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
  /**
   * Threads for a plain file, the main thread included: 0 or 1 scans in the main thread only; n ≥ 2 adds
   * n − 1 range workers (at most 7). Default: 2 where there are two cores or more (env `SCIMTRACE_READ_WORKERS`).
   */
  workers?: number
  /**
   * Files smaller than this are scanned in the main thread (default 256 MiB, see `PARALLEL_MIN_BYTES`; env
   * `SCIMTRACE_PARALLEL_MIN_BYTES`).
   */
  parallelMinBytes?: number
  /** Gzip files given by path and this big are inflated in a worker (default 8 MiB). */
  gzipWorkerMinBytes?: number
  /** Segment size for the parallel read (default: size / 32, between 64 KiB and 8 MiB). */
  segmentBytes?: number
  /**
   * Only these fields of documents whose path has the marker are wanted (`select.ts`): the rest is dropped
   * in the thread that scanned the line, and unwanted documents are counted as other traffic.
   */
  selection?: DocSelection
}

/**
 * A worker is ready to scan ~85 ms after it is started (isolate boot ~55 ms, module load ~25 ms) on the bench
 * VM, by which time the main thread has scanned ~100 MB alone, and the process cannot exit until it has
 * booted. Measured (`bench/scan.js`, medians of 3, main only vs main + worker): 128 MiB 0.27 vs 0.28 s,
 * 180 MiB 0.28 vs 0.31 s, 243 MiB 0.34 vs 0.33 s, 512 MiB 0.49 vs 0.43 s, 1 GiB 0.81 vs 0.60 s (`report`
 * showed no gain below 256 MiB either).
 */
const PARALLEL_MIN_BYTES = 256 << 20
/** From this size a file dense in SCIM requests is read by two threads (`density.ts`). */
const DENSE_PARALLEL_MIN_BYTES = 16 << 20
const MAX_SEGMENT_BYTES = 8 << 20
/**
 * Gzip files from this size (compressed; ~60 MiB inflated) are inflated and scanned in a worker. The worker
 * boots in ~85 ms, in which the main thread would inflate ~5 MiB of gzip itself.
 */
const GZIP_WORKER_MIN_BYTES = WORKER_MIN_BYTES

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
  const selection = options.selection
  if (input.path !== undefined && !input.gzip) {
    let fd: number
    try {
      fd = openSync(input.path, 'r')
    } catch (error) {
      throw new InputError(`cannot read ${input.display}: ${(error as Error).message}`)
    }
    let size: number
    try {
      size = fstatSync(fd).size
    } catch (error) {
      closeSync(fd)
      throw new InputError(`cannot read ${input.display}: ${(error as Error).message}`)
    }
    const threads = Math.min(
      options.workers ?? envInt('SCIMTRACE_READ_WORKERS') ?? (availableParallelism() >= 2 ? 2 : 0),
      8,
    )
    try {
      const given = options.parallelMinBytes ?? envInt('SCIMTRACE_PARALLEL_MIN_BYTES')
      const parallelMin = given ?? PARALLEL_MIN_BYTES
      // A smaller file of SCIM requests still pays for the worker, when it normalises them (`density.ts`).
      const dense =
        given === undefined &&
        threads >= 2 &&
        selection?.preparer !== undefined &&
        size >= DENSE_PARALLEL_MIN_BYTES &&
        size < parallelMin &&
        looksDense(fd, size)
      if (threads >= 2 && (size >= parallelMin || dense)) {
        const segment =
          options.segmentBytes ?? Math.max(64 << 10, Math.min(MAX_SEGMENT_BYTES, Math.ceil(size / 32)))
        const plan: ParallelScan = {
          path: input.path,
          display: input.display,
          size,
          threads,
          segmentBytes: segment,
          chunk,
          maxLine,
          selection,
        }
        yield* scanParallel(fd, plan, context)
      } else {
        yield* scanFd(fd, input.display, context, chunk, maxLine, selection)
      }
    } finally {
      closeSync(fd)
    }
    return
  }
  const gzipPath = input.gzip ? gzipFile(input, options) : undefined
  if (gzipPath !== undefined) {
    yield* scanGzipFile(gzipPath, input.display, context, chunk, maxLine, selection)
    return
  }
  const stream = input.stream ?? (input.path !== undefined ? createReadStream(input.path) : undefined)
  if (!stream) throw new InputError(`${input.display}: nothing to read`)
  const path = input.stream ? undefined : input.path
  const reopen = path !== undefined ? () => createReadStream(path) : undefined
  yield* scanStream(stream, input.gzip, reopen, input.display, context, chunk, maxLine, selection)
}

/** The path of a gzip file big enough to be inflated in a worker (streams, such as stdin, stay here). */
function gzipFile(input: ApiLogInput, options: ReadApiLogOptions): string | undefined {
  const threads = options.workers ?? envInt('SCIMTRACE_READ_WORKERS') ?? (availableParallelism() >= 2 ? 2 : 0)
  if (threads < 2 || input.path === undefined) return undefined
  const min = options.gzipWorkerMinBytes ?? GZIP_WORKER_MIN_BYTES
  try {
    return statSync(input.path).size < min ? undefined : input.path
  } catch {
    return undefined
  }
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

function mainScanner(
  display: string,
  context: ApiLogContext,
  maxLine: number,
  selection: DocSelection | undefined,
): LineScanner {
  const accounting = context.accounting
  return new LineScanner(
    { skip: (reason, line) => accounting.skip(reason, { source: display, line }) },
    maxLine,
    Selector.of(selection),
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
  selection: DocSelection | undefined,
): AsyncGenerator<RawEntry> {
  const scanner = mainScanner(display, context, maxLine, selection)
  const buffer = takeChunkBuffer(scanner, chunk, maxLine)
  const counter = new Counter(context, scanner)
  try {
    yield* scanFdWith(fd, display, buffer, scanner, counter)
  } finally {
    releaseChunkBuffer(buffer, chunk, maxLine)
  }
}

async function* scanFdWith(
  fd: number,
  display: string,
  buffer: ChunkBuffer,
  scanner: LineScanner,
  counter: Counter,
): AsyncGenerator<RawEntry> {
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
  reopen: (() => Readable) | undefined,
  display: string,
  context: ApiLogContext,
  chunk: number,
  maxLine: number,
  selection: DocSelection | undefined,
): AsyncGenerator<RawEntry> {
  const scanner = mainScanner(display, context, maxLine, selection)
  const buffer = takeChunkBuffer(scanner, chunk, maxLine)
  const counter = new Counter(context, scanner)
  let chunks: AsyncIterator<Buffer> | undefined
  try {
    let source: AsyncIterable<Buffer> = stream
    if (gzip) {
      const { gunzipChunks } = await import('../gunzip.js')
      source = gunzipChunks(stream, 1 << 20, reopen)
    }
    chunks = source[Symbol.asyncIterator]()
    try {
      // One pause at a time, shared by the chunks that come within it (a timer per chunk cost ~20 %).
      let pausing: Promise<undefined> | undefined
      for (;;) {
        const next = chunks.next()
        let result: IteratorResult<Buffer> | undefined
        if (buffer.buffered > 0) {
          pausing ??= pause(STREAM_PAUSE_MS)
          result = await Promise.race([next, pausing])
          if (result === undefined) pausing = undefined
        } else result = await next
        if (result === undefined) {
          next.catch(() => {}) // awaited below; seen now in case this reader is closed first
          // Nothing more for a while (a log piped as it is written): read the lines buffered so far now,
          // instead of once a read's worth has come. A stream that keeps coming is never scanned so.
          buffer.scanWaiting()
          if (scanner.entries.length > 0) {
            counter.sync()
            yield* drain(scanner, display)
          }
          result = await next
        }
        if (result.done) break
        const data = result.value as Buffer | string
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
        // What was inflated before the damage is read, its cut-off last line included (as zcat shows it).
        buffer.end()
        counter.sync()
        yield* drain(scanner, display)
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
  } finally {
    // As `for await` would: a reader that stops early (or fails) releases the stream.
    await chunks?.return?.()
    releaseChunkBuffer(buffer, chunk, maxLine)
  }
}

/** How long a stream may pause before the lines it has given are read without waiting for more. */
const STREAM_PAUSE_MS = 50

/** What a parallel scan of one plain file is given: the file, its split, and the scanner's settings. */
interface ParallelScan {
  path: string
  display: string
  size: number
  /** Threads in all, the main one included. */
  threads: number
  segmentBytes: number
  chunk: number
  maxLine: number
  selection: DocSelection | undefined
}

/**
 * Scan a plain file's segments with `threads - 1` workers and the main thread, which scans a segment itself
 * whenever the next one in file order is not ready yet and some are unclaimed, so it never idles while work
 * is left. Results are yielded in file order; candidates are parsed here.
 */
async function* scanParallel(
  fd: number,
  plan: ParallelScan,
  context: ApiLogContext,
): AsyncGenerator<RawEntry> {
  const { path, display, size, threads, segmentBytes, chunk, maxLine, selection } = plan
  const reader = new SegmentReader(fd, size, segmentBytes, chunk, maxLine, false, Selector.of(selection))
  const claims = new Int32Array(new SharedArrayBuffer(8))
  const ports: MessagePort[] = []
  const workers: Worker[] = []
  let failure: Error | undefined
  const results = new Map<number, SegmentResult>()
  let finished = false
  const poll = (): void => {
    for (const port of ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const message = m.message as SegmentResult | WorkerMessage
        if ('index' in message) results.set(message.index, message)
        else if (message.type === 'error') failure ??= workerError(message)
      }
    }
  }
  try {
    for (let i = 1; i < threads && reader.count > 1; i++) {
      const channel = new MessageChannel()
      const data: WorkerData = {
        mode: 'segments',
        path,
        size,
        segmentBytes,
        chunk,
        maxLine,
        claims: claims.buffer as SharedArrayBuffer,
        port: channel.port2,
      }
      if (selection) data.selection = selection
      const worker = startReadWorker(data, channel.port2)
      worker.on('error', (error) => {
        failure ??= error
      })
      worker.on('exit', (code) => {
        if (code !== 0) failure ??= new Error(`read worker exited with code ${code}`)
      })
      ports.push(channel.port1)
      workers.push(worker)
    }
    let lineOffset = 0
    for (let next = 0; next < reader.count; ) {
      let result = results.get(next)
      if (!result) {
        poll()
        result = results.get(next)
      }
      if (!result) {
        const index = Atomics.add(claims, 0, 1)
        if (index === next) {
          // Next in file order: its documents go on as each read is scanned (`SegmentReader.chunks`).
          const lines = yield* streamSegment(reader, index, lineOffset, display, context)
          next++
          lineOffset += lines
          continue
        }
        if (index < reader.count) {
          results.set(index, await scanAhead(reader, index, display))
          continue
        } else {
          // Everything is claimed and the next segment is a worker's: wait for a result (or a failure).
          const seen = Atomics.load(claims, 1)
          poll()
          if (results.has(next)) continue
          if (failure) {
            // A worker that failed posts its error instead of the segment it held and stops: this thread
            // reads what it left (a fault in the file itself then fails here, as in a sequential read).
            const lines = yield* streamSegment(reader, next, lineOffset, display, context)
            next++
            lineOffset += lines
            continue
          }
          await waitAsync(claims, seen)
          continue
        }
      }
      results.delete(next)
      next++
      yield* emit(result, lineOffset, display, context)
      lineOffset += result.lines
    }
    finished = failure === undefined
  } finally {
    Atomics.store(claims, 0, reader.count)
    // The first worker may wait for another job (`keepReadWorkers`); the rest stop.
    workers.forEach((worker, i) => {
      if (i === 0) releaseReadWorker(worker, finished)
      else void worker.terminate()
    })
    for (const port of ports) port.close()
  }
}

/** How long a segment scanned ahead of its turn may hold the thread before the event loop runs. */
const AHEAD_SLICE_MS = 16

/**
 * Scan segment `index`, which a worker's segment precedes, in this thread, whole: it waits in `results` for
 * its turn. The event loop runs every `AHEAD_SLICE_MS` meanwhile: 8 MiB of SCIM requests take 250-450 ms to
 * parse, which held the explorer's keys and frames (its reader yields only between documents it is given).
 * A batch run has nothing else to run then, and pays one turn per slice.
 */
async function scanAhead(reader: SegmentReader, index: number, display: string): Promise<SegmentResult> {
  const collected = new CandidateCollector()
  const chunks = reader.chunks(index, collected)
  const pause = pacer(AHEAD_SLICE_MS)
  for (;;) {
    const step = nextRead(chunks, display)
    if (step.done) return { ...step.value, ...collected.take() }
    await pause()
  }
}

/** The next read of a segment's scan (`SegmentReader.chunks`), a failure named after the file. */
function nextRead(
  chunks: Generator<void, SegmentCounts>,
  display: string,
): IteratorResult<void, SegmentCounts> {
  try {
    return chunks.next()
  } catch (error) {
    throw readError(display, error as Error)
  }
}

/** Scan segment `index` in this thread, yielding its candidates as each read is scanned; its line count. */
function* streamSegment(
  reader: SegmentReader,
  index: number,
  lineOffset: number,
  display: string,
  context: ApiLogContext,
): Generator<RawEntry, number> {
  const collected = new CandidateCollector()
  const chunks = reader.chunks(index, collected)
  for (;;) {
    const step = nextRead(chunks, display)
    yield* emitCandidates(collected.take(), lineOffset, display, context.accounting)
    if (step.done) {
      account(step.value, context)
      return step.value.lines
    }
  }
}

function account(counts: SegmentCounts, { accounting, tally }: ApiLogContext): void {
  accounting.bytes += counts.bytes
  tally.bytes += counts.bytes
  accounting.lines += counts.lines
  tally.lines += counts.lines
  accounting.other += counts.other
}

/** Account for a segment's (or batch's) counts and skips and yield its candidates, parsed, in line order. */
function* emit(
  result: SegmentResult,
  lineOffset: number,
  display: string,
  context: ApiLogContext,
): Generator<RawEntry> {
  account(result, context)
  if (result.prepared !== undefined) {
    // A worker's prepared segment goes on whole, in its place; the consumer unpacks it (`DocSelection.preparer`).
    yield { doc: {}, origin: { source: display, line: lineOffset }, prepared: result.prepared }
    return
  }
  yield* emitCandidates(result, lineOffset, display, context.accounting)
}

/** A segment's skips and candidates (parsed here if text) in line order. */
function* emitCandidates(
  { at, kinds, items }: Pick<SegmentResult, 'at' | 'kinds' | 'items'>,
  lineOffset: number,
  display: string,
  accounting: Accounting,
): Generator<RawEntry> {
  let t = 0
  for (let i = 0; i < at.length; i++) {
    const line = lineOffset + (at[i] as number)
    const kind = kinds[i]
    if (kind) {
      accounting.skip(kind, { source: display, line })
      continue
    }
    const item = items[t++] as string | RawEntry['doc']
    const value = typeof item === 'string' ? parseCandidate(item) : item
    if (typeof value === 'string') accounting.skip(value, { source: display, line })
    else yield { doc: value, origin: { source: display, line } }
  }
}

/**
 * A gzip file read, inflated and scanned by a worker, its candidates parsed here. Measured on the 1 GiB
 * file's gzip (132 MiB), medians of 3: `report --format json` 5.3 s when the main thread inflated (its heap
 * churning through 1 GiB of zlib output buffers: 0.8 s of GC, and zlib idle whenever the consumer was busy)
 * vs 3.8 s with the worker; `search --value` 4.6 vs 3.3 s. Inflating is now the limit: zlib on the libuv
 * pool takes 2.1–2.9 s for the GiB while both JS threads idle (`bench/scan.js` on the gzip: 2.1 s before,
 * 2.3 s now, the worker's boot and posting not hidden behind anything).
 */
async function* scanGzipFile(
  path: string,
  display: string,
  context: ApiLogContext,
  chunk: number,
  maxLine: number,
  selection: DocSelection | undefined,
): AsyncGenerator<RawEntry> {
  const claims = new Int32Array(new SharedArrayBuffer(8))
  const channel = new MessageChannel()
  const port = channel.port1
  const data: WorkerData = {
    mode: 'gzip',
    path,
    size: 0,
    segmentBytes: 0,
    chunk,
    maxLine,
    claims: claims.buffer as SharedArrayBuffer,
    port: channel.port2,
  }
  if (selection) data.selection = selection
  const worker = startReadWorker(data, channel.port2)
  let failure: Error | undefined
  let finished = false
  worker.on('error', (error) => {
    failure ??= error
  })
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`read worker exited with code ${code}`)
  })
  try {
    for (;;) {
      const seen = Atomics.load(claims, 1)
      let done = false
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const message = m.message as SegmentResult | WorkerMessage
        if ('index' in message) {
          yield* emit(message, 0, display, context)
        } else if (message.type === 'error') {
          const error = workerError(message)
          if (String(message.code).startsWith('Z_')) {
            throw new InputError(`${display}: not valid gzip data (${message.message})`)
          }
          throw readError(display, error)
        } else done = true
      }
      if (done) {
        finished = failure === undefined
        return
      }
      if (failure) throw readError(display, failure)
      await waitAsync(claims, seen)
    }
  } finally {
    releaseReadWorker(worker, finished)
    port.close()
  }
}

function workerError(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  return Object.assign(new Error(message.message), { code: message.code })
}

/** Wait until `claims[1]` moves from `seen` (a worker posted), or 50 ms pass (to notice a dead worker). */
async function waitAsync(claims: Int32Array, seen: number): Promise<void> {
  const atomics = Atomics as unknown as {
    waitAsync?: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: unknown }
  }
  if (atomics.waitAsync) {
    const wait = atomics.waitAsync(claims, 1, seen, 50)
    if (wait.async) await wait.value
    return
  }
  await new Promise((resolve) => setTimeout(resolve, 1))
}

function readError(display: string, error: Error): Error {
  if ('code' in error && typeof error.code === 'string' && error.code.startsWith('E')) {
    return new InputError(`cannot read ${display}: ${error.message}`)
  }
  return error
}
