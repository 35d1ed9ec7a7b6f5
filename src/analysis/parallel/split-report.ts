/**
 * The report of a split read (`scope-split.ts`, after `begin`): this thread's groups built here while the
 * worker builds its own, one summary over every record and both shares' counts, then the report's text,
 * merged as the worker's people arrive (`joinReportAsync`, `join-report.ts`), so that writing overlaps its rendering.
 */
import type { AccountingSnapshot } from '../../common/accounting.js'
import { mark } from '../../common/timings.js'
import { INTERNAL_ERROR, viewFailureCount } from '../../diagnosis/guard.js'
import type { GitLabEra } from '../../diagnosis/versions/infer.js'
import { settleRecords } from '../../records/idp.js'
import type { ScimRecord } from '../../records/types.js'
import {
  type PersonText,
  personTexts,
  type ReportFindings,
  recordsSummary,
  summaryJson,
} from '../../views/report.js'
import { addTallies, joinReportAsync } from './join-report.js'
import type { ScopeSplit } from './scope-split.js'
import { type PartOptions, renderPart, reportFindingsFor, type ShareHead, shareHead } from './share.js'

const INTERNAL_ERROR_JSON = `"rule":"${INTERNAL_ERROR}"`

export interface SplitReport {
  /** The report's JSON text, piece by piece. */
  text: AsyncIterable<string>
  people: number
  probes: number
  /** Once `text` is read: why the worker's groups were built here after all, if they were. */
  workerFailure(): Error | undefined
  /** Once `text` is read: whether an `internal-error` finding marks part of it incomplete (`diagnosis/guard.ts`). */
  incomplete(): boolean
}

export async function buildSplitReport(
  /** Every record read, in reading order (the split's two shares together). */
  records: readonly ScimRecord[],
  accounting: AccountingSnapshot,
  split: ScopeSplit,
  options: PartOptions,
  /** The run's, as given to `split.begin` (`workingGroups(records)`). */
  working: readonly string[],
  /** The run's GitLab era, inferred from every record. */
  gitlab: GitLabEra,
): Promise<SplitReport> {
  // Rendered now, while the worker does its own.
  const mine = renderPart(reportFindingsFor(split.mine, options, working, gitlab))
  mark('own groups')
  // The summary counts every record: done while the worker finishes.
  const summarised = recordsSummary(settleRecords(records))
  let failure: Error | undefined
  let viewFailed = false
  // Where a share is built does not change it: if the worker fails, its groups are built here.
  let local: ReportFindings | undefined
  const built = (): ReportFindings => {
    local ??= reportFindingsFor(split.theirs, options, working, gitlab)
    return local
  }
  let head: ShareHead
  try {
    head = await split.head()
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error))
    head = shareHead(built())
  }
  mark('worker groups')
  async function* theirPeople(): AsyncGenerator<PersonText> {
    let taken = 0
    if (!failure) {
      try {
        for await (const person of split.people()) {
          taken++
          // The worker's failed views: their text holds the finding (a value's quotes would be escaped).
          if (person.text.includes(INTERNAL_ERROR_JSON)) viewFailed = true
          yield person
        }
        return
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error))
      }
    }
    // The same people in the same order: skip those the worker already gave.
    let index = 0
    for (const person of personTexts(built())) if (index++ >= taken) yield person
  }
  const people = mine.peopleCount + head.peopleCount
  const findings = addTallies(mine.tallies, head.tallies)
  const summary = summaryJson({
    records: summarised,
    people,
    probes: mine.probeCount + head.probeCount,
    findings,
    accounting,
    redacted: false,
    gitlab,
  })
  return {
    text: joinReportAsync(summary, [mine, { people: theirPeople(), findings: head.findings }]),
    people,
    probes: summary.probes,
    workerFailure: () => failure,
    incomplete: () => viewFailed || viewFailureCount() > 0 || (findings.byRule[INTERNAL_ERROR] ?? 0) > 0,
  }
}
