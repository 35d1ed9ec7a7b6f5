/**
 * Starting read workers (`worker.ts`): with their job, or early, before the job is known.
 * Kept apart from the reader so the CLI can start a worker first thing without loading the reader.
 */
import { type MessagePort, Worker } from 'node:worker_threads'
import type { WorkerData } from './worker.js'

/** In ESM builds the worker sits next to this file; under vitest (TypeScript sources) use the compiled one. */
export function workerUrl(): URL {
  const here = import.meta.url
  if (here.endsWith('.ts')) return new URL('../../../dist/src/sources/apiLog/worker.js', here)
  return new URL('./worker.js', here)
}

/**
 * The smallest file the reader hands to a worker: a gzip file (inflated in a worker) of 8 MiB; plain files
 * are scanned by two threads from 256 MiB. Reasons for both figures are in `index.ts`.
 */
export const WORKER_MIN_BYTES = 8 << 20

let prestarted: { worker: Worker; failed: boolean } | undefined

/**
 * Start a read worker now, to be given its job when a big file is read. A worker needs ~50 ms to boot
 * and load once the main thread is busy reading, during which the main thread scans alone; started before
 * the CLI loads its modules, it boots on the idle core. `report --format json` on the 1 GiB bench log, 20
 * alternated runs: median 436 → 429 ms (read phase −13 ms). Unused, it does not keep the process alive,
 * but stopping it at exit costs ~8 ms: start it only for inputs of `WORKER_MIN_BYTES` or more.
 */
export function prestartReadWorker(url: URL = workerUrl()): void {
  if (prestarted) return
  const worker = new Worker(url)
  const slot = { worker, failed: false }
  // A failure before the worker is taken is remembered, and a new worker is started then instead.
  worker.on('error', () => {
    slot.failed = true
  })
  worker.unref()
  prestarted = slot
}

/** Whether a read worker was started early and not taken yet, and whether it failed to start (for tests). */
export function prestartedReadWorker(): 'none' | 'waiting' | 'failed' {
  if (!prestarted) return 'none'
  return prestarted.failed ? 'failed' : 'waiting'
}

/** A new read worker with its job, or the prestarted one, given the job now. */
export function startReadWorker(data: WorkerData, port: MessagePort): Worker {
  const early = prestarted
  prestarted = undefined
  if (early && !early.failed) {
    early.worker.ref()
    early.worker.postMessage(data, [port])
    return early.worker
  }
  if (early) void early.worker.terminate()
  return new Worker(workerUrl(), { workerData: data, transferList: [port] })
}
