/**
 * The report job, run on the read worker's thread (`scopeSplit.ts`, and `worker.ts`'s `ModuleJob`): builds
 * the share of a report for the groups the main thread hands over. Their records arrive on `records` in
 * batches (cloned) while the main thread reads; the last message gives the run's working groups, and then
 * it builds timelines, diagnoses, renders its people and findings, and posts them on `reply`.
 */
import type { MessagePort } from 'node:worker_threads'
import type { ScimRecord } from '../../records/types.js'
import { findingTallies, groupFindingTexts, type PersonText, personTexts } from '../../views/report.js'
import { type PartOptions, type RenderedPart, reportFindingsFor } from './part.js'

export interface ReportJob extends PartOptions {
  records: MessagePort
}

/** On `records`: batches of records, then the end of reading with the run's working groups. */
export type ToReportJob = ScimRecord[] | { workingGroups: string[] }

/**
 * Back on the worker's port: its people as they are rendered (so the main thread unpacks them while the
 * rest renders: the last message came 12 ms after rendering ended when all were posted at once), then the
 * rest of its part; or an error.
 */
export type FromReportJob =
  | { type: 'people'; people: PersonText[] }
  | { type: 'part'; part: RenderedPart }
  | { type: 'error'; message: string }

/** People per message back. */
const PEOPLE_PER_MESSAGE = 200

export function runJob(data: unknown, reply: MessagePort): Promise<void> {
  const job = data as ReportJob
  const records: ScimRecord[] = []
  return new Promise((resolve) => {
    job.records.on('message', (message: ToReportJob) => {
      if (Array.isArray(message)) {
        for (let i = 0; i < message.length; i++) records.push(message[i] as ScimRecord)
        return
      }
      job.records.close()
      try {
        const findings = reportFindingsFor(records, job, message.workingGroups)
        let people: PersonText[] = []
        for (const person of personTexts(findings)) {
          people.push(person)
          if (people.length < PEOPLE_PER_MESSAGE) continue
          reply.postMessage({ type: 'people', people } satisfies FromReportJob)
          people = []
        }
        const part: RenderedPart = {
          people,
          findings: groupFindingTexts(findings),
          tallies: findingTallies(findings),
          peopleCount: findings.timelines.people.length,
        }
        reply.postMessage({ type: 'part', part } satisfies FromReportJob)
      } catch (error) {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
        reply.postMessage({ type: 'error', message: text } satisfies FromReportJob)
      }
      resolve()
    })
  })
}
