/**
 * `report` in two threads, split by group. Groups are independent all the way through: records link into
 * people only within their group, and every group-wide rule looks at one group at a time. So as the main
 * thread reads, each record's group is given to this thread or to a report worker (a new group goes to
 * whichever has fewer records so far), the worker's records are posted to it in batches, and once reading
 * is done both threads build timelines, diagnose and render their groups at the same time;
 * `views/report.ts` merges the two shares into the order one thread gives (`joinReportJson`; tested byte for
 * byte against the one-thread report).
 *
 * The main thread still reads and normalises every entry, so the accounting and the summary, which count
 * all records, are unchanged. Records cross by structured clone: 13 ms to send and 21 ms to receive for the
 * 4,000 records of one group of the bench log, against 10 ms to re-serialise their entries and 40 ms to
 * parse and normalise them again in the worker. The worker starts once its groups hold `minRecords`
 * records: booting it costs ~25 ms of the other core, which a few hundred records do not repay.
 *
 * `report --format json` on the 1 GiB bench log (two groups of ~4,000 requests), 20 alternated runs: median
 * 404 → 392 ms; peak RSS 135 → 175 MB (the worker's heap).
 */
import { Worker } from 'node:worker_threads'
import type { ScimRecord } from '../../records/types.js'
import { formatCount } from '../../views/summary.js'
import type { PartOptions, RenderedPart } from './part.js'
import type { FromReportWorker, ToReportWorker } from './reportWorker.js'

export interface ScopeSplitOptions extends PartOptions {
  /** Start the worker once its groups hold this many records. */
  minRecords: number
  /** The worker script (tests point it elsewhere). */
  workerUrl?: URL
}

/** Entries per message to the worker. */
const BATCH_ENTRIES = 256

/** In the bundle and tsc's output the worker sits next to this file; under vitest use tsc's. */
function defaultWorkerUrl(): URL {
  const here = import.meta.url
  if (here.endsWith('.ts')) return new URL('../../../dist/src/cli/parallel/reportWorker.js', here)
  // The bundle (`dist/bin/main.js`) is one file; its worker is `dist/bin/reportWorker.js`.
  return new URL('./reportWorker.js', here)
}

export class ScopeSplit {
  /** Records of the groups this thread keeps, in reading order. */
  readonly mine: ScimRecord[] = []
  /** Records of the worker's groups: kept so their share can be built here if the worker fails. */
  readonly theirs: ScimRecord[] = []
  private readonly owners = new Map<string, 0 | 1>()
  private readonly counts = [0, 0]
  private queued: ScimRecord[] = []
  private worker: Worker | undefined
  private reply: Promise<RenderedPart> | undefined

  constructor(private readonly options: ScopeSplitOptions) {}

  /** `2 groups (4,008 records) here, 1 group (3,999) in a worker`, for debugging. */
  describe(): string {
    const groups = [0, 0]
    for (const owner of this.owners.values()) (groups[owner] as number)++
    const count = (n: number, what: string) => `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`
    return `${count(groups[0] as number, 'group')} (${count(this.mine.length, 'record')}) here, ${count(groups[1] as number, 'group')} (${count(this.theirs.length, 'record')}) in a worker`
  }

  /** Whether the worker was started (else the whole report is built here, as without a split). */
  get started(): boolean {
    return this.worker !== undefined
  }

  /** Give a record to its group's thread. */
  readonly take = (record: ScimRecord): void => {
    const group = `${record.scopeKind}:${record.scope}`
    let owner = this.owners.get(group)
    if (owner === undefined) {
      owner = (this.counts[1] as number) < (this.counts[0] as number) ? 1 : 0
      this.owners.set(group, owner)
    }
    ;(this.counts[owner] as number)++
    if (owner === 0) {
      this.mine.push(record)
      return
    }
    this.theirs.push(record)
    this.queued.push(record)
    if (!this.worker && this.theirs.length >= this.options.minRecords) this.start()
    if (this.worker && this.queued.length >= BATCH_ENTRIES) this.flush()
  }

  private start(): void {
    const worker = new Worker(this.options.workerUrl ?? defaultWorkerUrl(), {
      workerData: { allowedDomains: this.options.allowedDomains } satisfies PartOptions,
    })
    this.worker = worker
    this.reply = new Promise<RenderedPart>((resolve, reject) => {
      worker.on('message', (message: FromReportWorker) => {
        if (message.type === 'part') resolve(message.part)
        else reject(new Error(`report worker: ${message.message}`))
      })
      worker.on('error', reject)
      worker.on('exit', (code) => reject(new Error(`report worker exited (code ${code}) before its part`)))
    })
    // Handled in `part()`; until then a failure must not count as unhandled.
    this.reply.catch(() => {})
  }

  private post(message: ToReportWorker): void {
    this.worker?.postMessage(message)
  }

  private flush(): void {
    if (this.queued.length === 0) return
    this.post({ type: 'records', records: this.queued })
    this.queued = []
  }

  /** Reading is done: the worker gets its last records, and the run's working groups, and builds its share. */
  finish(workingGroups: string[]): void {
    this.flush()
    this.post({ type: 'finish', workingGroups })
  }

  /** The worker's share, once it has built it; rejects if the worker failed. */
  async part(): Promise<RenderedPart> {
    if (!this.reply) throw new Error('report worker was not started')
    return this.reply
  }

  /** Stop the worker (it is done, or the run failed). */
  close(): void {
    void this.worker?.terminate()
  }
}
