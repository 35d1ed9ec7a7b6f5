/**
 * A read worker, in one of two modes.
 *
 * Segments: claims segments of a plain file from the shared counter (`claims[0]`), scans each and
 * posts its `SegmentResult` on `port`, then bumps `claims[1]` and wakes the main thread, which may be waiting
 * on it. Stops when the segments run out (or the main thread sets `claims[0]` past the end). With a
 * preparer (`DocSelection.preparer`) it parses the candidates and posts what the preparer makes of them:
 * on input made of SCIM requests the consumer's work per line, not the scan, is what takes the time, and
 * this moves part of it to the worker's core.
 *
 * Gzip: reads and inflates a gzip file itself and posts its candidates in batches (`SegmentResult`s with
 * absolute line numbers and the counts since the previous batch), so the main thread's heap never sees the
 * inflated data (1 GiB of 1 MiB zlib output buffers cost the main thread ~0.8 s of GC under `report`).
 */

import { closeSync, createReadStream, openSync } from 'node:fs'
import { Readable } from 'node:stream'
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import { isModuleJob, jobError, type ModuleJob, runModule } from '../../common/threads/jobs.js'
import { gunzipChunks } from '../gunzip.js'
import { ChunkBuffer, LineScanner, type ScanSink } from './scanner.js'
import { SegmentReader, type SegmentResult, TextCandidateCollector } from './segments.js'
import { type DocSelection, Selector } from './select.js'

export interface WorkerData {
  mode: 'segments' | 'gzip'
  path: string
  size: number
  segmentBytes: number
  chunk: number
  maxLine: number
  /** Int32Array view: [0] next segment to claim, [1] results posted (for `Atomics.waitAsync`). */
  claims: SharedArrayBuffer
  port: MessagePort
  /** Drop unwanted candidates and fields here before posting (see `select.ts`). */
  selection?: DocSelection
}

export type WorkerMessage = { type: 'error'; message: string; code?: string } | { type: 'done' }

/**
 * What a `DocSelection.preparer` module exports: a sink for one segment's scan, which sees its skips and
 * parsed candidates in line order as they are scanned (so a segment's documents are never all alive at
 * once) and gives the consumer's form of them at the end.
 */
export interface SegmentPreparer {
  segmentSink(): ScanSink & { take(): unknown }
}

/** A read job, or another caller's module job on a kept or reserved worker (`common/threads/`). */
export type WorkerJob = WorkerData | ModuleJob

function posted(claims: Int32Array): void {
  Atomics.add(claims, 1, 1)
  Atomics.notify(claims, 1)
}

function errorMessage(error: unknown): WorkerMessage {
  return jobError(error)
}

/** Post a batch once this many candidates or lines have gathered. */
const BATCH_ENTRIES = 256
const BATCH_LINES = 50_000

function runGzip(data: WorkerData, done: () => void): void {
  const claims = new Int32Array(data.claims)
  const port = data.port
  const collected = new TextCandidateCollector()
  const scanner = new LineScanner(collected, data.maxLine, Selector.of(data.selection))
  const buffer = new ChunkBuffer(scanner, data.chunk, data.maxLine)
  let index = 0
  let lines = 0
  let other = 0
  let bytes = 0
  const post = (): void => {
    const result: SegmentResult = {
      index: index++,
      bytes,
      lines: scanner.lines - lines,
      other: scanner.other - other,
      ...collected.take(),
    }
    lines = scanner.lines
    other = scanner.other
    bytes = 0
    port.postMessage(result)
    posted(claims)
  }
  let failed = false
  const fail = (error: unknown): void => {
    if (failed) return
    failed = true
    port.postMessage(errorMessage(error))
    posted(claims)
    port.close()
    done()
  }
  const open = () => createReadStream(data.path, { highWaterMark: 1 << 20 })
  const gunzip = Readable.from(gunzipChunks(open(), 1 << 20, open), { objectMode: false })
  gunzip.on('error', (error) => {
    // What was inflated before a truncation or a corrupt block is read, its cut-off last line included.
    if (!failed) {
      buffer.end()
      post()
    }
    fail(error)
  })
  gunzip.on('data', (chunk: Buffer) => {
    bytes += chunk.length
    buffer.push(chunk)
    if (collected.at.length >= BATCH_ENTRIES || scanner.lines - lines >= BATCH_LINES) post()
  })
  gunzip.on('end', () => {
    if (failed) return
    buffer.end()
    post()
    port.postMessage({ type: 'done' } satisfies WorkerMessage)
    posted(claims)
    port.close()
    done()
  })
}

async function loadPreparer(url: string | undefined): Promise<SegmentPreparer | undefined> {
  if (url === undefined) return undefined
  const module = (await import(url)) as Partial<SegmentPreparer>
  if (typeof module.segmentSink !== 'function') throw new Error(`${url} exports no segmentSink`)
  return module as SegmentPreparer
}

async function runSegments(data: WorkerData): Promise<void> {
  const claims = new Int32Array(data.claims)
  const port = data.port
  let fd: number | undefined
  try {
    const preparer = await loadPreparer(data.selection?.preparer)
    fd = openSync(data.path, 'r')
    const reader = new SegmentReader(
      fd,
      data.size,
      data.segmentBytes,
      data.chunk,
      data.maxLine,
      preparer === undefined,
      Selector.of(data.selection),
    )
    for (;;) {
      const index = Atomics.add(claims, 0, 1)
      if (index >= reader.count) break
      if (preparer) {
        const sink = preparer.segmentSink()
        const counts = reader.scanInto(index, sink)
        const prepared: SegmentResult = { ...counts, at: [], kinds: [], items: [], prepared: sink.take() }
        port.postMessage(prepared)
      } else port.postMessage(reader.scan(index))
      posted(claims)
    }
  } catch (error) {
    port.postMessage(errorMessage(error))
    posted(claims)
  } finally {
    if (fd !== undefined) closeSync(fd)
    port.close()
  }
}

/** Run a job, then wait for the next: the main thread may keep the worker for another (`common/threads/pool.ts`). */
function run(job: WorkerJob): void {
  const next = (): void => {
    parentPort?.once('message', run)
  }
  if (isModuleJob(job)) void runModule(job, parentPort as unknown as MessagePort)
  else if (job.mode === 'gzip') runGzip(job, next)
  else void runSegments(job).then(next)
}

// Started with its job, or started early (`prestartReadWorker`) and given its job as the first message.
if (workerData) run(workerData as WorkerData)
else parentPort?.once('message', run)
