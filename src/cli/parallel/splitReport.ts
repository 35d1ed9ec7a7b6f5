/**
 * The report of a split read (`scopeSplit.ts`, after `begin`): this thread's groups built here while the
 * worker builds its own, then one summary over every record and the two shares, ready for `joinReportJson`.
 */
import type { AccountingSnapshot } from '../../common/accounting.js'
import { mark } from '../../common/timings.js'
import { settleRecords } from '../../records/idp.js'
import type { ScimRecord } from '../../records/types.js'
import { addTallies, recordsSummary, summaryJson } from '../../views/report.js'
import { type PartOptions, type RenderedPart, renderPart, reportFindingsFor } from './part.js'
import type { ScopeSplit } from './scopeSplit.js'

export interface SplitReport {
  summary: ReturnType<typeof summaryJson>
  /** This thread's share, then the worker's. */
  parts: [RenderedPart, RenderedPart]
  people: number
  /** Why the worker's share was built here after all, if it was. */
  workerFailure?: Error
}

export async function buildSplitReport(
  /** Every record read, in reading order (the split's two shares together). */
  records: readonly ScimRecord[],
  accounting: AccountingSnapshot,
  split: ScopeSplit,
  options: PartOptions,
  /** The run's, as given to `split.begin` (`workingGroups(records)`). */
  working: readonly string[],
): Promise<SplitReport> {
  // Rendered now, while the worker does its own, so that only merging is left once it is done.
  const mine = renderPart(reportFindingsFor(split.mine, options, working))
  mark('own groups')
  // The summary counts every record: done while the worker finishes.
  const summarised = recordsSummary(settleRecords(records))
  let theirs: RenderedPart
  let workerFailure: Error | undefined
  try {
    theirs = await split.part()
  } catch (error) {
    // Where a share is built does not change it: build it here.
    workerFailure = error instanceof Error ? error : new Error(String(error))
    theirs = renderPart(reportFindingsFor(split.theirs, options, working))
  }
  mark('worker groups')
  const people = mine.peopleCount + theirs.peopleCount
  const summary = summaryJson({
    records: summarised,
    people,
    findings: addTallies(mine.tallies, theirs.tallies),
    accounting,
    redacted: false,
  })
  const report: SplitReport = { summary, parts: [mine, theirs], people }
  if (workerFailure) report.workerFailure = workerFailure
  return report
}
