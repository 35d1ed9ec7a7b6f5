/**
 * Shared by tests that run the real pipeline on files: read them into records, and the one-thread report.
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Accounting, type AccountingSnapshot } from '../../src/common/accounting.js'
import { diagnose } from '../../src/diagnosis/index.js'
import { RECORD_SELECTION, type ScimRecord, toRecords } from '../../src/records/index.js'
import { readEntries } from '../../src/sources/index.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { reportJsonParts } from '../../src/views/report.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Every error sample (one per situation, 19 groups between them), as absolute paths. */
export const ERROR_SAMPLES = readdirSync(join(ROOT, 'samples/errors'))
  .filter((name) => name.endsWith('.log'))
  .map((name) => join(ROOT, 'samples/errors', name))

export interface LoadedRecords {
  records: ScimRecord[]
  accounting: AccountingSnapshot
}

/** Read files (relative to the project, or absolute) as the CLI does. */
export async function loadRecords(files: string[]): Promise<LoadedRecords> {
  const accounting = new Accounting()
  const records: ScimRecord[] = []
  const entries = readEntries(
    files.map((file) => resolve(ROOT, file)),
    { accounting, selection: RECORD_SELECTION },
  )
  for await (const record of toRecords(entries, accounting)) records.push(record)
  return { records, accounting: accounting.snapshot() }
}

/** `report --format json` built whole, in this thread. */
export function oneThreadReport({ records, accounting }: LoadedRecords): string {
  const timelines = buildTimelines(records)
  const diagnosis = diagnose(timelines)
  return [...reportJsonParts({ timelines, ...diagnosis, accounting, redacted: false })].join('')
}
