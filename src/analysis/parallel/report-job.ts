/**
 * The report job, run on the read worker's thread (`scope-split.ts`, as a `ModuleJob` of `common/threads/jobs.ts`): builds
 * the share of a report for the groups the main thread hands over. Their records arrive on `records` in
 * batches (cloned) while the main thread reads; the last message gives the run's working groups and GitLab era. Then it
 * builds timelines and diagnoses, posts what the summary needs and its group-wide findings (`head`), then
 * its people in rank order as it renders them, so the main thread writes the report while it renders.
 */
import type { MessagePort } from 'node:worker_threads'
import type { GitLabEra } from '../../diagnosis/versions/infer.js'
import type { ScimRecord } from '../../records/types.js'
import { type PersonText, personTexts } from '../../views/report.js'
import { type PartOptions, reportFindingsFor, type ShareHead, shareHead } from './share.js'

export interface ReportJob extends PartOptions {
  records: MessagePort
}

/** On `records`: batches of records, then the end of reading with the run's working groups and GitLab era. */
export type ToReportJob = ScimRecord[] | { workingGroups: string[]; gitlab: GitLabEra }

export type FromReportJob =
  | ({ type: 'head' } & ShareHead)
  | { type: 'people'; people: PersonText[] }
  | { type: 'done' }
  | { type: 'error'; message: string }

/** People per message back. */
const PEOPLE_PER_MESSAGE = 200

function build(
  records: ScimRecord[],
  job: ReportJob,
  run: { workingGroups: string[]; gitlab: GitLabEra },
  reply: MessagePort,
): void {
  const findings = reportFindingsFor(records, job, run.workingGroups, run.gitlab)
  reply.postMessage({ type: 'head', ...shareHead(findings) } satisfies FromReportJob)
  let people: PersonText[] = []
  for (const person of personTexts(findings)) {
    people.push(person)
    if (people.length < PEOPLE_PER_MESSAGE) continue
    reply.postMessage({ type: 'people', people } satisfies FromReportJob)
    people = []
  }
  if (people.length > 0) reply.postMessage({ type: 'people', people } satisfies FromReportJob)
  reply.postMessage({ type: 'done' } satisfies FromReportJob)
}

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
        build(records, job, message, reply)
      } catch (error) {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
        reply.postMessage({ type: 'error', message: text } satisfies FromReportJob)
      }
      resolve()
    })
  })
}
