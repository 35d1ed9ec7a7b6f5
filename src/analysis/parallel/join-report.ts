/**
 * The join of a report built per group: shares built for disjoint sets of groups (in either thread) merge
 * into the one-thread report, byte for byte. People merge by rank (`compareRank`, a total order), group-wide
 * findings by `compareFindings`, and the counts of the summary add up.
 */

import { compareFindings } from '../../diagnosis/index.js'
import type { Severity } from '../../diagnosis/types.js'
import type { FindingText, PersonText } from '../../views/report.js'
import { compareRank, type FindingTallies, reportJsonText } from '../../views/report.js'
import { mergeSorted, mergeSortedAsync } from './merge.js'

/** A share of the report: its people and group-wide findings as JSON text, each in report order. */
export interface ReportShare {
  people: Iterable<PersonText> | AsyncIterable<PersonText>
  findings: Iterable<FindingText>
}

export function addTallies(a: FindingTallies, b: FindingTallies): FindingTallies {
  const byRule = { ...a.byRule }
  for (const [rule, n] of Object.entries(b.byRule)) byRule[rule] = (byRule[rule] ?? 0) + n
  const bySeverity = { ...a.bySeverity }
  for (const severity of Object.keys(bySeverity) as Severity[]) bySeverity[severity] += b.bySeverity[severity]
  return { byRule, bySeverity }
}
const byRank = (a: PersonText, b: PersonText): number => compareRank(a.rank, b.rank)

function mergedFindings(shares: readonly ReportShare[]): Iterable<FindingText> {
  return mergeSorted(
    shares.map((share) => share.findings),
    (a, b) => compareFindings(a.order, b.order),
  )
}

/** The report's JSON text from a summary and shares whose people are all at hand. */
export function joinReport(
  summary: unknown,
  shares: readonly { people: Iterable<PersonText>; findings: Iterable<FindingText> }[],
): Generator<string> {
  const people = mergeSorted(
    shares.map((share) => share.people),
    byRank,
  )
  return reportJsonText(summary, people, mergedFindings(shares))
}

/** The same, with shares whose people are still arriving (a worker's): the text is ready as far as they are. */
export function joinReportAsync(summary: unknown, shares: readonly ReportShare[]): AsyncGenerator<string> {
  const people = mergeSortedAsync(
    shares.map((share) => share.people),
    byRank,
  )
  return reportJsonText(summary, people, mergedFindings(shares))
}
