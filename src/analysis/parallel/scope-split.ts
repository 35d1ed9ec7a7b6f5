/**
 * `report` in two threads, split by group. Groups are independent all the way through: records link into
 * people only within their group, and every group-wide rule looks at one group at a time (the one fact
 * taken from other groups, `workingGroups`, is passed in). So as the main thread reads, each record's group
 * is given to this thread or to the other (a new group goes to whichever has fewer records so far). Once the
 * other's records are `minRecords`, the read's worker is reserved, and from then on they are posted (cloned)
 * in batches to a channel: when its read is done it takes up the report job (`report-job.ts`), unpacks the
 * records while this thread finishes reading, and once reading is done builds timelines, diagnoses and
 * renders its groups while this thread does its own. `join-report.ts` merges the two shares into the order one
 * thread gives (tested byte for byte against the one-thread report).
 *
 * The main thread still normalises every entry, so the accounting and the summary, which count all records,
 * are unchanged. Records cross by structured clone: 13 ms to send and 21 ms to receive for the 4,000 records
 * of one group of the bench log, against 10 ms to re-serialise their entries and 40 ms to parse and normalise
 * them again. A worker booted for the report instead of the read's (an earlier version) cost the read phase
 * ~25 ms and 10 MB more. Without a read worker (an input read by one thread is small) there is no split
 * unless `startWorker`.
 *
 * `report --format json` on the 1 GiB bench log (two groups of ~4,000 requests), 20 alternated runs: median
 * 430 → 390 ms (grep −cF: 267 ms); peak RSS 135 → 166 MB (the worker's share; ~160 MB with the smaller
 * young generation of `sources/api-log/worker-start.ts`).
 */
import { MessageChannel, type Worker } from 'node:worker_threads'
import { entryUrl } from '../../common/threads/entry.js'
import type { ModuleJob } from '../../common/threads/jobs.js'
import { scopeKey } from '../../diagnosis/facts/scope-facts.js'
import type { GitLabEra } from '../../diagnosis/versions/infer.js'
import type { ScimRecord } from '../../records/types.js'
import { DENSE_SHARE, readThreads, readWorkerPreparing } from '../../sources/index.js'
import type { PersonText } from '../../views/report.js'
import { formatCount } from '../../views/summary.js'
import type { FromReportJob, ReportJob, ToReportJob } from './report-job.js'
import type { PartOptions, ShareHead } from './share.js'

export interface ScopeSplitOptions extends PartOptions {
  /** Split only when the other thread's groups hold this many records. */
  minRecords: number
  /** The report job's module (tests point it elsewhere). */
  jobUrl?: URL
  /** With no kept worker, start one (its boot then delays the worker's share) rather than not split. */
  startWorker?: boolean
}

/** Records per message to the other thread. */
const BATCH_RECORDS = 256

/** The report job's entry script: next to this file when built (also in the bundle), from the sources in tests. */
function defaultJobUrl(): URL {
  return entryUrl(import.meta.url, 'report-job.js')
}

export class ScopeSplit {
  /** Records of the groups this thread keeps, in reading order. */
  readonly mine: ScimRecord[] = []
  /** Records of the other thread's groups: kept so their share can be built here if the worker fails. */
  readonly theirs: ScimRecord[] = []
  private readonly owners = new Map<string, 0 | 1>()
  /** How many of `theirs` were posted to the channel. */
  private posted = 0
  private readonly channel = new MessageChannel()
  private worker: Worker | undefined
  /** Where the worker came from: the read under way, one kept after its read, or started for this. */
  private source: 'the read’s worker' | 'a kept worker' | 'a new worker' | undefined
  /** What the worker posted and is not taken yet, and what wakes a reader waiting for more. */
  private readonly received: FromReportJob[] = []
  private wake: (() => void) | undefined
  private failure: Error | undefined
  /**
   * No split: the input is dense and the read's worker normalises its segments. The worker's core then
   * works through the read; cloning the records to it costs what the split saves and holds them twice
   * (dense-1000k-4g: 46 s and 2.6 GB without a split, 44–52 s and 4.5–5.1 GB with one; bench/README).
   */
  private declined = false

  constructor(readonly options: ScopeSplitOptions) {}

  /** `1 group (3,999 records) here, 1 group (4,008 records) in the read’s worker`, for debugging. */
  describe(): string {
    const groups = [0, 0]
    for (const owner of this.owners.values()) (groups[owner] as number)++
    const count = (n: number, what: string) => `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`
    const where = this.source ?? 'a worker'
    return `${count(groups[0] as number, 'group')} (${count(this.mine.length, 'record')}) here, ${count(groups[1] as number, 'group')} (${count(this.theirs.length, 'record')}) in ${where}`
  }

  /** Whether the worker took its share (else the whole report is built here, as without a split). */
  get started(): boolean {
    return this.worker !== undefined
  }

  /** Give a record to its group's thread. */
  readonly take = (record: ScimRecord): void => {
    const group = scopeKey(record)
    let owner = this.owners.get(group)
    if (owner === undefined) {
      owner = this.theirs.length < this.mine.length ? 1 : 0
      this.owners.set(group, owner)
    }
    if (owner === 0) {
      this.mine.push(record)
      return
    }
    this.theirs.push(record)
    if (this.theirs.length - this.posted < BATCH_RECORDS) return
    if (this.declined) return
    // Enough records for a split: reserve the read's worker, which takes up the job once its read is done
    // and unpacks the records posted meanwhile while this thread finishes reading.
    if (!this.worker && this.theirs.length >= this.options.minRecords) {
      if (readWorkerPreparing() && this.dense(record)) {
        this.declined = true
        return
      }
      const worker = readThreads.reserve()
      if (worker) this.hire(worker, 'the read’s worker')
    }
    // Cloned only once a worker will take them: a gzip read's worker is never reserved, and cloning its
    // groups' records for nothing cost its report 13 ms and 10–25 MB of peak RSS.
    if (this.worker) this.flush()
  }

  /**
   * Whether the input is made of SCIM requests: at least one record in `DENSE_SHARE` lines of the record's
   * input so far (documents without lines, from Elasticsearch, are all SCIM requests).
   */
  private dense(record: ScimRecord): boolean {
    const line = record.origin.line
    return line === undefined || (this.mine.length + this.theirs.length) * DENSE_SHARE >= line
  }

  private flush(): void {
    if (this.posted === this.theirs.length) return
    // Cloned now; the other thread unpacks them as it gets to them.
    this.channel.port1.postMessage(this.theirs.slice(this.posted) satisfies ToReportJob)
    this.posted = this.theirs.length
  }

  /** Give `worker` the report job: its records come on the channel, its part back as a message. */
  private hire(worker: Worker, source: NonNullable<ScopeSplit['source']>): void {
    this.worker = worker
    this.source = source
    const arrived = (): void => {
      const wake = this.wake
      this.wake = undefined
      wake?.()
    }
    worker.on('message', (message: FromReportJob) => {
      this.received.push(message)
      arrived()
    })
    worker.on('error', (error) => {
      this.failure ??= error
      arrived()
    })
    worker.on('exit', (code) => {
      this.failure ??= new Error(`report worker exited (code ${code}) before its share was done`)
      arrived()
    })
    const job: ReportJob = { allowedDomains: this.options.allowedDomains, records: this.channel.port2 }
    const url = (this.options.jobUrl ?? defaultJobUrl()).href
    worker.postMessage({ mode: 'module', url, data: job } satisfies ModuleJob, [this.channel.port2])
  }

  /**
   * Reading is done: hand the other groups to the kept worker, with the run's working groups and GitLab era. False (and
   * nothing started) when there are too few of their records or no worker is free.
   */
  begin(workingGroups: string[], gitlab: GitLabEra): boolean {
    if (this.declined) return false
    if (this.theirs.length === 0 || this.theirs.length < this.options.minRecords) return false
    if (!this.worker) {
      const kept = readThreads.take()
      if (kept) this.hire(kept, 'a kept worker')
      else if (this.options.startWorker) {
        readThreads.prestart()
        const started = readThreads.take()
        if (started) this.hire(started, 'a new worker')
      }
      if (!this.worker) return false
    }
    this.flush()
    this.channel.port1.postMessage({ workingGroups, gitlab } satisfies ToReportJob)
    return true
  }

  /** The worker's next message; throws when it failed first. */
  private async next(): Promise<FromReportJob> {
    for (;;) {
      const message = this.received.shift()
      if (message) {
        if (message.type === 'error') throw new Error(`report worker: ${message.message}`)
        return message
      }
      if (this.failure) throw this.failure
      if (!this.worker) throw new Error('report worker was not started')
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
    }
  }

  /** The worker's counts and group findings, once it has diagnosed its groups; throws if it failed. */
  async head(): Promise<ShareHead> {
    const message = await this.next()
    if (message.type !== 'head') throw new Error(`report worker: ${message.type} before its head`)
    return message
  }

  /** Then the worker's people in rank order, as it renders them; throws if it fails meanwhile. */
  async *people(): AsyncGenerator<PersonText> {
    for (;;) {
      const message = await this.next()
      if (message.type === 'done') return
      if (message.type !== 'people') throw new Error(`report worker: ${message.type} among its people`)
      for (let i = 0; i < message.people.length; i++) yield message.people[i] as PersonText
    }
  }

  /** Stop the worker (it is done, or the run failed), and drop what was posted for it. */
  close(): void {
    this.channel.port1.close()
    void this.worker?.terminate()
  }
}
