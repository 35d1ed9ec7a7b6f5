/**
 * The explorer's one call into the pipeline: the engine (`analysis/analyse.ts`) over any sources (files,
 * stdin, a cluster), with its progress shown in the explorer's terms, and results while reading goes on.
 *
 * While reading, what has been read so far is analysed again every so often (`onPartial`) with the engine's
 * own analysis, so the lists fill in as a large input is read. Each partial analysis is a full one over the
 * records so far, so the next waits for `PARTIAL_FACTOR` times as long as the last took: re-analysis stays a
 * bounded share of the time, however large the input; one that would still be running when reading ends
 * (by the rate so far) is skipped, and one still running then is dropped. The final analysis, once reading
 * ends, is over the records as read, exactly as the other commands make it.
 *
 * Every analysis here runs in slices of a few milliseconds (`analysisSteps` through `inSlices`), between
 * which reading goes on and keys and frames are answered: on a million requests an analysis takes seconds,
 * and run at once it held the explorer for all of them.
 */

import {
  type Analysis,
  type AnalysisHooks,
  analysisSteps,
  combinedProgress,
  readSources,
} from '../../analysis/analyse.js'
import { Accounting } from '../../common/accounting.js'
import { inSlices, pacer } from '../../common/steps.js'
import type { Version } from '../../diagnosis/versions/gitlab.js'
import type { ScimRecord } from '../../records/types.js'
import type { Source, SourceContext, SourceProgress } from '../../sources/source.js'
import type { RawEntry } from '../../sources/types.js'

export type { Analysis } from '../../analysis/analyse.js'

export interface Progress {
  /** What `done` counts: bytes for files and stdin (inflated bytes for gzip), documents for a cluster. */
  unit: SourceProgress['unit']
  done: number
  /** What `done` counts toward; undefined when unknown (stdin, gzip). */
  total?: number
  lines: number
  requests: number
  /** Milliseconds since the read began. */
  elapsedMs: number
  phase: 'reading' | 'analysing'
  /**
   * While analysing, after partial analyses: how long the final one should hold the thread at most (the last
   * partial's cost, scaled by the requests; see `Loading.tsx`), and how long it has so far.
   */
  analysis?: { expectedMs: number; doneMs: number }
}

export interface AnalyseHooks {
  onProgress?: (progress: Progress) => void
  /** While reading: an analysis of the requests read so far (provisional; the promise gives the final one). */
  onPartial?: (analysis: Analysis) => void
  onWarning?: (message: string) => void
  signal?: AbortSignal
}

export interface AnalyseOptions {
  allowedDomains?: string[]
  /** Heap bytes past which reading stops (`--max-memory`). */
  maxMemory?: number
  /** The shortest time between two partial analyses (default `PARTIAL_MS`). */
  partialMs?: number
  /** `--gitlab-version` (`diagnosis/versions/gitlab.ts`). */
  gitlabVersion?: Version
}

/** The shortest time between partial analyses, and how many times its cost the next waits at least. */
export const PARTIAL_MS = 250
const PARTIAL_FACTOR = 4

/**
 * The records for a partial analysis. The engine settles identity providers in place on requests that carry
 * no clue of their own (`records/idp.ts`), from all the records it is given; so those get copies here, and
 * the final analysis sees every record as it was read.
 */
function partialRecords(records: readonly ScimRecord[]): ScimRecord[] {
  const copy = new Array<ScimRecord>(records.length)
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ScimRecord
    copy[i] = record.idpEvidence === 'none' ? { ...record } : record
  }
  return copy
}

/** How long reading may hold the thread before it lets keys, timers and frames through. */
const SLICE_MS = 20

/**
 * `source`, letting the event loop run every `SLICE_MS` while it is read (`pause`, shared with the records
 * loop: a read worker's segment is one entry of thousands of records). A file is read with synchronous reads
 * and its entries pass through promises that are already settled, which never give way to keys or timers:
 * without this the explorer would not answer a key, nor show a partial result, until reading ended.
 */
function yielding(source: Source, pause: () => Promise<void> | undefined): Source {
  return {
    get description() {
      return source.description
    },
    ...(source.check
      ? { check: (context: SourceContext) => source.check?.(context) ?? Promise.resolve() }
      : {}),
    progress: () => source.progress(),
    async *entries(context: SourceContext): AsyncGenerator<RawEntry> {
      let n = 0
      for await (const entry of source.entries(context)) {
        yield entry
        if ((++n & 255) === 0) await pause()
      }
    },
  }
}

export async function analyseSources(
  sources: readonly Source[],
  options: AnalyseOptions = {},
  hooks: AnalyseHooks = {},
): Promise<Analysis> {
  const started = Date.now()
  const accounting = new Accounting()
  const engineOptions: Parameters<typeof analysisSteps>[1] = { allowedDomains: options.allowedDomains ?? [] }
  if (options.gitlabVersion !== undefined) engineOptions.gitlabVersion = options.gitlabVersion
  let last: Progress = { unit: 'bytes', done: 0, lines: 0, requests: 0, elapsedMs: 0, phase: 'reading' }
  const engine: AnalysisHooks = {}
  if (hooks.onWarning) engine.onWarning = hooks.onWarning
  if (hooks.signal) engine.signal = hooks.signal
  const onProgress = hooks.onProgress
  const report = (progress: SourceProgress & { scim: number; lines: number }) => {
    last = {
      unit: progress.unit,
      done: progress.done,
      lines: progress.lines,
      requests: progress.scim,
      elapsedMs: Date.now() - started,
      phase: 'reading',
    }
    if (progress.total !== undefined) last.total = progress.total
    onProgress?.(last)
  }
  if (onProgress) engine.onProgress = report
  const records: ScimRecord[] = []
  const onPartial = hooks.onPartial
  let timer: NodeJS.Timeout | undefined
  // The partial analysis under way, if any, and how to drop it when reading ends.
  let partial: Promise<void> | undefined
  const dropPartial = new AbortController()
  // The last partial analysis: how many records, and how long it held the thread.
  let lastPartial: { records: number; busyMs: number } | undefined
  if (onPartial) {
    const minimum = options.partialMs ?? PARTIAL_MS
    let due = started + minimum
    let analysed = 0
    let cost = 0
    timer = setInterval(
      () => {
        const now = Date.now()
        if (partial || now < due || records.length === analysed) return
        const progress = combinedProgress(sources)
        // Skip a partial analysis that would end after reading does (its cost grows with the records): the
        // final analysis would wait for it.
        if (analysed > 0 && progress.total !== undefined && progress.done > 0) {
          const left = ((progress.total - progress.done) / progress.done) * (now - started)
          if ((cost * records.length) / analysed > left) return
        }
        analysed = records.length
        const count = analysed
        // The figures for the status bar with the results they go with (the engine's come every 250 ms).
        report({ ...progress, scim: accounting.scim, lines: accounting.lines })
        const read = { records: partialRecords(records), accounting: accounting.snapshot() }
        partial = inSlices(analysisSteps(read, engineOptions), { signal: dropPartial.signal })
          .then(
            ({ value, busyMs }) => {
              // Its cost is the time it held the thread: reading went on between its slices.
              cost = busyMs
              lastPartial = { records: count, busyMs }
              due = Date.now() + Math.max(minimum, PARTIAL_FACTOR * cost)
              onPartial(value)
            },
            () => {}, // dropped: reading ended first
          )
          .finally(() => {
            partial = undefined
          })
      },
      Math.min(minimum, PARTIAL_MS),
    )
  }
  let read: Awaited<ReturnType<typeof readSources>>
  try {
    const pause = pacer(SLICE_MS)
    read = await readSources(
      sources.map((source) => yielding(source, pause)),
      engine,
      {
        maxMemory: options.maxMemory,
        accounting,
        pause,
        onRecord: onPartial ? (record) => records.push(record) : undefined,
      },
    )
  } finally {
    if (timer) clearInterval(timer)
    dropPartial.abort()
  }
  const analysing: Progress = {
    ...last,
    done: last.unit === 'bytes' ? read.accounting.bytes : last.done,
    lines: read.accounting.lines,
    requests: read.accounting.scim,
    elapsedMs: Date.now() - started,
    phase: 'analysing',
  }
  onProgress?.(analysing)
  const sliced: Parameters<typeof inSlices>[1] = hooks.signal ? { signal: hooks.signal } : {}
  // The analysis grows about linearly with the requests (bench/README, "The explorer"): the last partial's
  // cost scaled to all of them says how long this one will take, for the status bar.
  if (onProgress && lastPartial && lastPartial.records > 0) {
    const expectedMs = (lastPartial.busyMs * read.records.length) / lastPartial.records
    let shownAt = 0
    sliced.onSlice = (doneMs) => {
      const now = Date.now()
      if (now - shownAt < PROGRESS_MS) return
      shownAt = now
      onProgress({ ...analysing, elapsedMs: now - started, analysis: { expectedMs, doneMs } })
    }
  }
  return (await inSlices(analysisSteps(read, engineOptions), sliced)).value
}

/**
 * How often the final analysis's progress is shown: each showing is a frame, which on a million requests
 * takes ~25 ms of the thread the analysis runs on.
 */
const PROGRESS_MS = 1000
