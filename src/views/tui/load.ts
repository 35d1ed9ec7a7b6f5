/**
 * The explorer's one call into the pipeline: the engine (`analysis/analyse.ts`) over the file sources, with
 * its progress shown in the explorer's terms (bytes, lines, requests, elapsed time, and a phase for the
 * step after reading).
 */

import { type Analysis, type AnalysisHooks, analyseRecords, readSources } from '../../analysis/analyse.js'
import type { Version } from '../../diagnosis/versions/gitlab.js'
import { type FileSourceOptions, fileSources } from '../../sources/files.js'
import type { InputFormat } from '../../sources/types.js'

export type { Analysis } from '../../analysis/analyse.js'

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
  /** `--gitlab-version` (`diagnosis/versions/gitlab.ts`). */
  gitlabVersion?: Version
  stdin?: NodeJS.ReadableStream
}

export async function analyseInputs(
  inputs: readonly string[],
  options: AnalyseOptions,
  hooks: AnalyseHooks = {},
): Promise<Analysis> {
  const started = Date.now()
  const sourceOptions: FileSourceOptions = {}
  if (options.stdin) sourceOptions.stdin = options.stdin
  if (options.inputFormat && options.inputFormat !== 'auto') sourceOptions.format = options.inputFormat
  const sources = fileSources(inputs, sourceOptions)
  let last: Progress = { bytes: 0, lines: 0, requests: 0, elapsedMs: 0, phase: 'reading' }
  const engine: AnalysisHooks = {}
  if (hooks.onWarning) engine.onWarning = hooks.onWarning
  if (hooks.signal) engine.signal = hooks.signal
  const onProgress = hooks.onProgress
  if (onProgress) {
    engine.onProgress = (progress) => {
      last = {
        bytes: progress.done,
        lines: progress.lines,
        requests: progress.scim,
        elapsedMs: Date.now() - started,
        phase: 'reading',
      }
      if (progress.total !== undefined) last.totalBytes = progress.total
      onProgress(last)
    }
  }
  const read = await readSources(sources, engine)
  onProgress?.({
    ...last,
    bytes: read.accounting.bytes,
    lines: read.accounting.lines,
    requests: read.accounting.scim,
    elapsedMs: Date.now() - started,
    phase: 'analysing',
  })
  const analysis: Parameters<typeof analyseRecords>[1] = { allowedDomains: options.allowedDomains ?? [] }
  if (options.gitlabVersion !== undefined) analysis.gitlabVersion = options.gitlabVersion
  return analyseRecords(read, analysis)
}
