/**
 * Worker threads kept between jobs. A pool boots workers of one entry script: started early, before their
 * job is known (`prestart`), and, when asked (`keep`), kept after a job for the next one (`take`). A job
 * under way can be promised to another caller before it ends (`reserve`): the worker then runs that
 * caller's next job (a `ModuleJob`, `jobs.ts`) as soon as its current one is done. One thread waits at most.
 *
 * It knows no domain: the reader (`sources/api-log/worker-start.ts`) owns one pool for its entry script, and
 * only the engine (`analysis/`) borrows its threads.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads'

interface Waiting {
  worker: Worker
  failed: boolean
}

type TransferList = NonNullable<WorkerOptions['transferList']>

export type IdleState = 'none' | 'waiting' | 'failed'

export class ThreadPool {
  private idle: Waiting | undefined
  private keeping = false
  /** The worker of the reservable job under way (the first, when there are several). */
  private current: Worker | undefined
  /** A worker promised to another job (`reserve`): its job ending neither keeps nor stops it. */
  private reserved: Worker | undefined

  constructor(
    /** The entry script, resolved when the first worker boots. */
    private readonly url: () => URL,
    private readonly options: Pick<WorkerOptions, 'resourceLimits'> = {},
  ) {}

  /** Let `worker` wait, not holding the process open, for a job; a failure meanwhile is remembered. */
  private wait(worker: Worker): void {
    worker.removeAllListeners('error')
    worker.removeAllListeners('exit')
    const waiting: Waiting = { worker, failed: false }
    const failed = (): void => {
      waiting.failed = true
    }
    worker.on('error', failed)
    worker.on('exit', failed)
    worker.unref()
    this.idle = waiting
  }

  /** Boot a worker now, to wait for its job. Unused, it does not keep the process alive. */
  prestart(url: URL = this.url()): void {
    if (this.idle) return
    this.wait(new Worker(url, this.options))
  }

  /** After each job, keep its worker waiting for the next one instead of stopping it. */
  keep(on = true): void {
    this.keeping = on
  }

  /**
   * The waiting worker, ready for a job, or undefined: none waits, or it failed (it is stopped then). The
   * caller owns it from now on.
   */
  take(): Worker | undefined {
    const waiting = this.idle
    this.idle = undefined
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

  /** Whether a worker is waiting for a job, and whether it failed meanwhile. */
  idleState(): IdleState {
    if (!this.idle) return 'none'
    return this.idle.failed ? 'failed' : 'waiting'
  }

  /**
   * A worker for another job, before the reservable job under way is over: that job's worker (the new job,
   * posted now, runs when it is done) or the waiting one. The caller owns it from now on and stops it.
   */
  reserve(): Worker | undefined {
    if (!this.current) return this.take()
    this.reserved = this.current
    return this.current
  }

  /**
   * A worker with its job: the waiting one, given the job now, or a new one. A `reservable` job's worker may
   * be promised to another job while it runs (`reserve`) and kept after it (`keep`).
   */
  start(data: unknown, transferList: TransferList, reservable: boolean): Worker {
    let worker = this.take()
    if (worker) worker.postMessage(data, transferList)
    else
      worker = new Worker(this.url(), {
        ...this.options,
        workerData: data,
        transferList,
      })
    if (reservable) this.current ??= worker
    return worker
  }

  /**
   * A job is over with `worker`: keep it waiting if asked to and it finished its job cleanly (and no other
   * worker waits), else stop it; a reserved worker goes on to its next job.
   */
  release(worker: Worker, finished: boolean): void {
    const reusable = worker === this.current
    if (reusable) this.current = undefined
    if (worker === this.reserved) {
      this.reserved = undefined
      return
    }
    if (this.keeping && reusable && finished && !this.idle) this.wait(worker)
    else void worker.terminate()
  }
}
