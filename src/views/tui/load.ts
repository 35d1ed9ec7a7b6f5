/**
 * The explorer's one call into the pipeline, shaped like the engine's `analyse()` (src/analysis/analyse.ts,
 * being written on another branch): records → timelines → diagnosis, with progress, warnings and an abort
 * signal. Assembled from today's stages the way `cli/context.ts` `loadRecords` and `commands/explain.ts` do,
 * so the coordinator can replace `analyseInputs` by `analyse()` at merge without touching the UI.
 */
import { stat } from 'node:fs/promises'
import { Accounting, type AccountingSnapshot } from '../../common/accounting.js'
import { type Diagnosis, diagnose } from '../../diagnosis/index.js'
import { RECORD_SELECTION, type ScimRecord, toRecords } from '../../records/index.js'
import { readEntries } from '../../sources/index.js'
import type { InputFormat } from '../../sources/types.js'
import { buildTimelines } from '../../timelines/index.js'
import type { Timelines } from '../../timelines/types.js'

export interface Analysis {
  records: ScimRecord[]
  timelines: Timelines
  diagnosis: Diagnosis
  accounting: AccountingSnapshot
}

export interface Progress {
  /** Bytes read so far (inflated bytes for gzip). */
  bytes: number
  /** Bytes on disk of the file inputs; undefined when unknown (stdin) or not comparable (gzip). */
  totalBytes?: number
  lines: number
  requests: number
  /** Milliseconds since the read began. */
  elapsedMs: number
  phase: 'reading' | 'analysing'
}

export interface AnalyseHooks {
  onProgress?: (progress: Progress) => void
  onWarning?: (message: string) => void
  signal?: AbortSignal
}

export interface AnalyseOptions {
  inputFormat?: InputFormat
  allowedDomains?: string[]
  stdin?: NodeJS.ReadableStream
  /** How often progress is reported while reading (ms). */
  progressEveryMs?: number
}

/** Total bytes of the plain file inputs, or undefined when any input's size cannot be compared with bytes read. */
export async function measureInputs(inputs: readonly string[]): Promise<number | undefined> {
  let total = 0
  for (const input of inputs) {
    if (input === '-') return undefined
    const info = await stat(input).catch(() => undefined)
    if (!info) continue // the reader reports it properly
    if (info.isDirectory()) return undefined
    if (/\.gz$/i.test(input)) return undefined
    total += info.size
  }
  return total
}

export async function analyseInputs(
  inputs: readonly string[],
  options: AnalyseOptions,
  hooks: AnalyseHooks = {},
): Promise<Analysis> {
  const accounting = new Accounting()
  const totalBytes = await measureInputs(inputs)
  const started = Date.now()
  const progress = (phase: Progress['phase']): Progress => {
    const out: Progress = {
      bytes: accounting.bytes,
      lines: accounting.lines,
      requests: accounting.scim,
      elapsedMs: Date.now() - started,
      phase,
    }
    if (totalBytes !== undefined) out.totalBytes = totalBytes
    return out
  }
  const timer = hooks.onProgress
    ? setInterval(() => hooks.onProgress?.(progress('reading')), options.progressEveryMs ?? 100)
    : undefined
  timer?.unref()
  const records: ScimRecord[] = []
  try {
    const read: Parameters<typeof readEntries>[1] = { accounting, selection: RECORD_SELECTION }
    if (options.stdin) read.stdin = options.stdin
    if (options.inputFormat && options.inputFormat !== 'auto') read.format = options.inputFormat
    for await (const record of toRecords(readEntries(inputs, read), accounting)) {
      records.push(record)
      if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error('aborted')
    }
  } finally {
    if (timer) clearInterval(timer)
  }
  hooks.onProgress?.(progress('analysing'))
  const snapshot = accounting.snapshot()
  for (const source of snapshot.sources) {
    if (source.format === 'unknown') {
      hooks.onWarning?.(
        `'${source.name}' does not look like an api_json.log or a Kibana/Elasticsearch export; read as api_json`,
      )
    }
  }
  const timelines = buildTimelines(records)
  const diagnosis = diagnose(timelines, { allowedDomains: options.allowedDomains ?? [] })
  return { records: timelines.records, timelines, diagnosis, accounting: snapshot }
}
