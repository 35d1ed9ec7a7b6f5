/**
 * The report worker: builds the share of a report for the groups the main thread hands it (`scopeSplit.ts`).
 * It receives the log entries of those groups as text while the main thread reads, normalises them as the
 * main thread did (the same code, so the same records), and on `finish` builds timelines, diagnoses and
 * renders its people and findings, posts them, and is done.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { ScimRecord } from '../../records/types.js'
import { type PartOptions, type RenderedPart, renderPart, reportFindingsFor } from './part.js'

export type ToReportWorker =
  | { type: 'records'; records: ScimRecord[] }
  | { type: 'finish'; workingGroups: string[] }

export type FromReportWorker = { type: 'part'; part: RenderedPart } | { type: 'error'; message: string }

function run(port: NonNullable<typeof parentPort>, options: PartOptions): void {
  const records: ScimRecord[] = []
  port.on('message', (message: ToReportWorker) => {
    try {
      if (message.type === 'records') {
        for (let i = 0; i < message.records.length; i++) records.push(message.records[i] as ScimRecord)
        return
      }
      const part = renderPart(reportFindingsFor(records, options, message.workingGroups))
      port.postMessage({ type: 'part', part } satisfies FromReportWorker)
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
      port.postMessage({ type: 'error', message: text } satisfies FromReportWorker)
    }
    if (message.type === 'finish') port.close()
  })
}

if (parentPort && workerData) run(parentPort, workerData as PartOptions)
