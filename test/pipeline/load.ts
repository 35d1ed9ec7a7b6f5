/**
 * Shared by tests that run the real pipeline on files: the engine (`analyse`) on them, as the CLI runs it,
 * and the one-thread report.
 */
import { readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type AnalyseOptions, type Analysis, analyse, analyseRecords } from '../../src/analysis/analyse.js'
import type { AccountingSnapshot } from '../../src/common/accounting.js'
import type { ScimRecord } from '../../src/records/index.js'
import { fileSources } from '../../src/sources/files.js'
import { reportJsonPieces } from '../../src/views/report.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Every error sample (one per situation, 19 groups between them), as absolute paths. */
export const ERROR_SAMPLES = readdirSync(join(ROOT, 'samples/errors'))
  .filter((name) => name.endsWith('.log'))
  .map((name) => join(ROOT, 'samples/errors', name))

export interface LoadedRecords {
  records: ScimRecord[]
  accounting: AccountingSnapshot
}

/** `analyse` on files (relative to the project, or absolute). */
export function analyseFiles(files: string[], options: AnalyseOptions = {}): Promise<Analysis> {
  return analyse(fileSources(files.map((file) => resolve(ROOT, file))), options)
}

/**
 * `analyseFiles`, with each record's origin written relative to the checkout (`samples/…:5`): renderers
 * cut long origins to their column, so a test of their text must not depend on where the checkout lies.
 */
export async function analyseSamples(files: string[], options: AnalyseOptions = {}): Promise<Analysis> {
  const analysis = await analyseFiles(files, options)
  for (const record of analysis.records)
    record.origin = { ...record.origin, source: relative(ROOT, record.origin.source) }
  return analysis
}

/** Read files into records as the CLI does. */
export async function loadRecords(files: string[]): Promise<LoadedRecords> {
  const { records, accounting } = await analyseFiles(files, { until: 'records' })
  return { records, accounting }
}

/** `report --format json` built whole, in this thread. */
export function oneThreadReport({ records, accounting }: LoadedRecords): string {
  // The records are already read: analyse them without reading again.
  return reportJsonOf(analyseRecords({ records, accounting }))
}

/** `report --format json` of an analysis, built whole. */
export function reportJsonOf(analysis: Analysis): string {
  const input = {
    timelines: analysis.timelines,
    byPerson: analysis.diagnosis.byPerson,
    groupFindings: analysis.diagnosis.groupFindings,
    accounting: analysis.accounting,
    redacted: false,
    gitlab: analysis.gitlab,
  }
  return [...reportJsonPieces(input)].join('')
}
