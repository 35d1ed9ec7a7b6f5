/**
 * The read worker's threads: one `ThreadPool` (`common/threads/pool.ts`) for this folder's `worker.ts`.
 * Started early, before its job is known (`prestartReadWorker`); a segments read's worker may be kept after
 * its read (`readThreads.keep`) or reserved during it, so the engine can run another job on the thread.
 * Kept apart from the reader so the CLI's start-up can start a worker first thing without loading the reader.
 */
import type { MessagePort, Worker } from 'node:worker_threads'
import { entryUrl } from '../../common/threads/entry.js'
import { ThreadPool } from '../../common/threads/pool.js'
import type { WorkerData } from './worker.js'

/** The worker's entry script: next to this file when built, bundled from the sources under vitest. */
export function workerUrl(): URL {
  return entryUrl(import.meta.url, 'worker.js')
}

/**
 * The smallest file the reader hands to a worker: a gzip file (inflated in a worker) of 8 MiB; plain files
 * are scanned by two threads from 256 MiB. Reasons for both figures are in `index.ts`.
 */
export const WORKER_MIN_BYTES = 8 << 20

/**
 * The worker's young generation: 12 MB rather than V8's 48. Its jobs keep little between one allocation and
 * the next (a segment's candidate text; the report job's records once unpacked), so smaller scavenges cost
 * less: `report --format json` on the 1 GiB bench log, 24 alternated runs, median 400 → 391 ms and peak RSS
 * ~178 → ~161 MB (tried first on the early worker alone: 6 MB and 24 MB no better than 12, 48 MB as the
 * default); reading alone (`bench/scan.js`, plain and gzip) unchanged.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 }

/** The reader's threads. The engine may keep and borrow them (`keep`, `reserve`, `take`); nothing else. */
export const readThreads = new ThreadPool(workerUrl, { resourceLimits: WORKER_LIMITS })

/**
 * Start a read worker now, to be given its job when a big file is read. A worker needs ~50 ms to boot
 * and load once the main thread is busy reading, during which the main thread scans alone; started before
 * the CLI loads its modules, it boots on the idle core. `report --format json` on the 1 GiB bench log, 20
 * alternated runs: median 436 → 429 ms (read phase −13 ms). Unused, it does not keep the process alive,
 * but stopping it at exit costs ~8 ms: start it only for inputs of `WORKER_MIN_BYTES` or more.
 */
export function prestartReadWorker(url?: URL): void {
  readThreads.prestart(url)
}

/**
 * A read worker with its job. A gzip read's worker is neither reserved nor kept: it inflates until the end
 * of the read, so a job queued behind it starts no sooner than on a new worker, and its heap, grown by
 * inflating, is large (`report` on the bench log's gzip split this way: ~2% quicker, peak RSS 143 → 197 MB).
 */
export function startReadWorker(data: WorkerData, port: MessagePort): Worker {
  const worker = readThreads.start(data, [port], data.mode === 'segments')
  if (data.mode === 'segments' && data.selection?.preparer !== undefined) preparing = worker
  return worker
}

/** A read is over with `worker` (`ThreadPool.release`). */
export function releaseReadWorker(worker: Worker, finished: boolean): void {
  if (worker === preparing) preparing = undefined
  readThreads.release(worker, finished)
}

let preparing: Worker | undefined

/**
 * Whether a read under way has a worker that does the consumer's first step (`DocSelection.preparer`): that
 * worker is busy to the end of the read, so a job reserved on it (`readThreads.reserve`) waits that long.
 */
export function readWorkerPreparing(): boolean {
  return preparing !== undefined
}
