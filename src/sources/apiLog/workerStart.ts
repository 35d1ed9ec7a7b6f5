/**
 * The read worker's thread, kept between jobs: started early, before its job is known
 * (`prestartReadWorker`), and, when asked (`keepReadWorkers`), kept after a read for the next read or for
 * another stage's job (`takeIdleWorker`, `worker.ts`'s `ModuleJob`). One thread waits at most.
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

/**
 * The worker's young generation: 12 MB rather than V8's 48. Its jobs keep little between one allocation and
 * the next (a segment's candidate text; the report job's records once unpacked), so smaller scavenges cost
 * less: `report --format json` on the 1 GiB bench log, 24 alternated runs, median 400 → 391 ms and peak RSS
 * ~178 → ~161 MB (tried first on the early worker alone: 6 MB and 24 MB no better than 12, 48 MB as the
 * default); reading alone (`bench/scan.js`, plain and gzip) unchanged.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 }

interface Waiting {
  worker: Worker
  failed: boolean
}

let idle: Waiting | undefined
let keep = false
/** The worker of the read under way (the first, when there are several). */
let current: Worker | undefined
/** A worker promised to another stage's job (`reserveWorker`): a read ending neither keeps nor stops it. */
let reserved: Worker | undefined

/** Let `worker` wait, not holding the process open, for a job; a failure meanwhile is remembered. */
function wait(worker: Worker): void {
  worker.removeAllListeners('error')
  worker.removeAllListeners('exit')
  const waiting: Waiting = { worker, failed: false }
  const failed = (): void => {
    waiting.failed = true
  }
  worker.on('error', failed)
  worker.on('exit', failed)
  worker.unref()
  idle = waiting
}

/**
 * The waiting worker, ready for a job (a read, or another stage's `ModuleJob`), or undefined: none waits, or
 * it failed (it is stopped then).
 */
export function takeIdleWorker(): Worker | undefined {
  const waiting = idle
  idle = undefined
  if (!waiting) return undefined
  if (waiting.failed) {
    void waiting.worker.terminate()
    return undefined
  }
  waiting.worker.removeAllListeners('error')
  waiting.worker.removeAllListeners('exit')
  waiting.worker.ref()
  return waiting.worker
}

/**
 * Start a read worker now, to be given its job when a big file is read. A worker needs ~50 ms to boot
 * and load once the main thread is busy reading, during which the main thread scans alone; started before
 * the CLI loads its modules, it boots on the idle core. `report --format json` on the 1 GiB bench log, 20
 * alternated runs: median 436 → 429 ms (read phase −13 ms). Unused, it does not keep the process alive,
 * but stopping it at exit costs ~8 ms: start it only for inputs of `WORKER_MIN_BYTES` or more.
 */
export function prestartReadWorker(url: URL = workerUrl()): void {
  if (idle) return
  wait(new Worker(url, { resourceLimits: WORKER_LIMITS }))
}

/**
 * After each read, keep its worker waiting for the next job instead of stopping it: the next file's read
 * starts without a boot, and another stage can run a job on the thread (`takeIdleWorker`).
 */
export function keepReadWorkers(on = true): void {
  keep = on
}

/** Whether a worker is waiting for a job, and whether it failed meanwhile (for tests). */
export function idleReadWorker(): 'none' | 'waiting' | 'failed' {
  if (!idle) return 'none'
  return idle.failed ? 'failed' : 'waiting'
}

/**
 * A worker for another stage's job, before the read under way is over: the read's worker (the job, posted
 * now, runs when its read is done) or the waiting one. The caller owns it from now on and stops it.
 * Undefined when there is neither.
 */
export function reserveWorker(): Worker | undefined {
  if (!current) return takeIdleWorker()
  reserved = current
  return current
}

/**
 * A read worker with its job: the waiting one, given the job now, or a new one. A gzip read's worker is
 * neither reserved nor kept: it inflates until the end of the read, so a job queued behind it starts no
 * sooner than on a new worker, and its heap, grown by inflating, is large (`report` on the bench log's gzip
 * split this way: ~2% quicker, peak RSS 143 → 197 MB).
 */
export function startReadWorker(data: WorkerData, port: MessagePort): Worker {
  let worker = takeIdleWorker()
  if (worker) worker.postMessage(data, [port])
  else
    worker = new Worker(workerUrl(), {
      workerData: data,
      transferList: [port],
      resourceLimits: WORKER_LIMITS,
    })
  if (data.mode === 'segments') current ??= worker
  return worker
}

/**
 * A read is over with `worker`: keep it waiting if asked to and it finished its job cleanly (and no other
 * worker waits), else stop it; a reserved worker goes on to its next job.
 */
export function releaseReadWorker(worker: Worker, finished: boolean): void {
  const reusable = worker === current
  if (reusable) current = undefined
  if (worker === reserved) {
    reserved = undefined
    return
  }
  if (keep && reusable && finished && !idle) wait(worker)
  else void worker.terminate()
}
