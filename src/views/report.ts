/**
 * The report: every person and group-wide finding, worst first, with totals. One model (the JSON
 * contract) feeds the text, Markdown and JSON renderers, so they never disagree.
 */
import type { AccountingSnapshot } from '../common/accounting.js'
import { coveredRecords } from '../diagnosis/findings.js'
import type { FindingOrder } from '../diagnosis/index.js'
import { type Finding, SEVERITY_ORDER, type Severity } from '../diagnosis/types.js'
import { eraJson, type GitLabEra, UNKNOWN_ERA } from '../diagnosis/versions/infer.js'
import type { ScimRecord } from '../records/types.js'
import { compareCodeUnits, compareIsoTimes } from '../timelines/compare.js'
import type { Person, Timelines } from '../timelines/types.js'
import { guardedPersonJson } from './guarded.js'
import { jsonText, writePieces } from './json.js'
import { findingJson } from './model.js'
import { defineView } from './view.js'

export interface ReportInput {
  timelines: Timelines
  byPerson: Map<string, Finding[]>
  groupFindings: Finding[]
  accounting: AccountingSnapshot
  redacted: boolean
  /** The GitLab version the rules were applied for (absent: unknown, newest behaviour). */
  gitlab?: GitLabEra
  /**
   * The summary's counts when they are not those of the records here: the server-side report's, counted
   * by the cluster (`analysis/server-side.ts`), while only some documents were read.
   */
  totals?: ReportTotals
}

/** What a report's people and group-wide findings are made of (the summary also needs the rest). */
export type ReportFindings = Pick<ReportInput, 'timelines' | 'byPerson' | 'groupFindings'>

export interface RankedPerson {
  person: Person
  findings: Finding[]
}

/**
 * What places a person in the report: the worst severity of their findings, then how many they have, then
 * the latest activity, then the order people are built in (first seen, key). A total order, so that the
 * people of reports built per group (`analysis/parallel/`) merge into the order one report would have.
 */
export interface RankKey {
  worst: number
  findings: number
  lastSeen: string
  firstSeen: string
  key: string
}

export function compareRank(a: RankKey, b: RankKey): number {
  return (
    a.worst - b.worst ||
    b.findings - a.findings ||
    compareIsoTimes(b.lastSeen, a.lastSeen) ||
    compareIsoTimes(a.firstSeen, b.firstSeen) ||
    compareCodeUnits(a.key, b.key)
  )
}

function worst(findings: readonly Finding[]): number {
  return findings.reduce((best, f) => Math.min(best, SEVERITY_ORDER[f.severity]), 3)
}

interface Ranked extends RankedPerson {
  rank: RankKey
}

function rankedPeople(input: ReportFindings): Ranked[] {
  // The rank is worked out once per person, not in every comparison of the sort.
  const ranked = input.timelines.people.map((person): Ranked => {
    const findings = input.byPerson.get(person.key) ?? []
    const rank = {
      worst: worst(findings),
      findings: findings.length,
      lastSeen: person.lastSeen,
      firstSeen: person.firstSeen,
      key: person.key,
    }
    return { person, findings, rank }
  })
  // Stable, so people who tie on every key keep the order they were built in.
  return ranked.sort((a, b) => compareRank(a.rank, b.rank))
}

/** People with findings first (errors, then warnings, then info), then by most recent activity. */
export function rankPeople(input: ReportFindings): RankedPerson[] {
  return rankedPeople(input).map(({ person, findings }) => ({ person, findings }))
}

/** Counts by key, most first; equal counts by key, so counts summed over groups come out in one order. */
function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0])),
  )
}

function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i] as T)
    counts[k] = (counts[k] ?? 0) + 1
  }
  return sortedCounts(counts)
}

/** The findings a report counts: by rule and by severity. */
export interface FindingTallies {
  byRule: Record<string, number>
  bySeverity: Record<Severity, number>
}

export function findingTallies(input: Pick<ReportInput, 'byPerson' | 'groupFindings'>): FindingTallies {
  const byRule: Record<string, number> = {}
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 }
  const add = (finding: Finding): void => {
    byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1
    bySeverity[finding.severity]++
  }
  input.groupFindings.forEach(add)
  for (const findings of input.byPerson.values()) findings.forEach(add)
  return { byRule, bySeverity }
}

/** What the summary says of the records: their groups, time span and counts. */
export interface RecordsSummary {
  groups: string[]
  from: string | null
  to: string | null
  requests: number
  byStatus: Record<string, number>
  byAction: Record<string, number>
  byIdp: Record<string, number>
}

/** `records` in time order, as `buildTimelines` settles them. */
export function recordsSummary(records: readonly ScimRecord[]): RecordsSummary {
  return {
    groups: [...new Set(records.map((r) => r.scope))],
    from: records[0]?.time ?? null,
    to: records[records.length - 1]?.time ?? null,
    requests: records.length,
    byStatus: tally(records, (r) => (r.status === null ? 'fail' : String(r.status))),
    byAction: tally(records, (r) => r.action),
    byIdp: tally(records, (r) => r.idp),
  }
}

/** What the summary is made of; for a report built per group, the whole run's records and summed counts. */
export interface ReportTotals {
  /** Of every record (`recordsSummary`). */
  records: RecordsSummary
  people: number
  /** Connection-test lookups, kept out of `people` (`timelines/probes.ts`). */
  probes: number
  findings: FindingTallies
  accounting: AccountingSnapshot
  redacted: boolean
  gitlab?: GitLabEra | undefined
}

export function summaryJson(totals: ReportTotals) {
  const { records, accounting } = totals
  return {
    groups: records.groups,
    from: records.from,
    to: records.to,
    sources: accounting.sources.map((s) => s.name),
    redacted: totals.redacted,
    input: {
      lines: accounting.lines,
      bytes: accounting.bytes,
      scimRequests: accounting.scim,
      other: accounting.other,
      skipped: accounting.skipped,
      skippedByReason: Object.fromEntries(
        Object.entries(accounting.skippedByReason).map(([reason, t]) => [reason, t?.count ?? 0]),
      ),
    },
    people: totals.people,
    probes: totals.probes,
    requests: records.requests,
    byStatus: records.byStatus,
    byAction: records.byAction,
    byIdp: records.byIdp,
    byRule: sortedCounts(totals.findings.byRule),
    bySeverity: { ...totals.findings.bySeverity },
    gitlab: eraJson(totals.gitlab ?? UNKNOWN_ERA),
  }
}

export function reportSummaryJson(input: ReportInput) {
  if (input.totals) return summaryJson(input.totals)
  return summaryJson({
    records: recordsSummary(input.timelines.records),
    people: input.timelines.people.length,
    probes: input.timelines.probes?.length ?? 0,
    findings: findingTallies(input),
    accounting: input.accounting,
    redacted: input.redacted,
    gitlab: input.gitlab,
  })
}

/** The people whose requests a group-wide finding accounts for (a revoked token touches many). */
export function peopleConcerned(finding: Finding, people: readonly Person[]): Person[] {
  const covered = new Set(coveredRecords(finding))
  return people.filter((person) => person.timeline.some((entry) => covered.has(entry.record)))
}

function groupFindingJson(finding: Finding, people: readonly Person[]) {
  return {
    ...findingJson(finding),
    people: peopleConcerned(finding, people).map((person) => person.key),
  }
}

export function reportJson(input: ReportInput) {
  return {
    summary: reportSummaryJson(input),
    people: rankPeople(input).map(({ person, findings }) => guardedPersonJson(person, findings)),
    findings: input.groupFindings.map((finding) => groupFindingJson(finding, input.timelines.people)),
  }
}

/** A person of the report as JSON text, with what places it. */
export interface PersonText {
  rank: RankKey
  text: string
}

/** A group-wide finding of the report as JSON text, with what orders it. */
export interface FindingText {
  order: FindingOrder
  text: string
}

/** The people, ranked, as JSON text, each rendered as it is taken. */
export function* personTexts(input: ReportFindings): Generator<PersonText> {
  for (const { person, findings, rank } of rankedPeople(input)) {
    yield { rank, text: JSON.stringify(guardedPersonJson(person, findings)) }
  }
}

function findingOrder(finding: Finding): FindingOrder {
  const order: FindingOrder = { severity: finding.severity, rule: finding.rule }
  if (finding.time !== undefined) order.time = finding.time
  if (finding.personKey !== undefined) order.personKey = finding.personKey
  if (finding.scope !== undefined) order.scope = finding.scope
  return order
}

/** The group-wide findings, in order, as JSON text. */
export function groupFindingTexts(input: ReportFindings): FindingText[] {
  return input.groupFindings.map((finding) => ({
    order: findingOrder(finding),
    text: JSON.stringify(groupFindingJson(finding, input.timelines.people)),
  }))
}

/**
 * The report document's JSON text, piece by piece, from its summary, its people and its group-wide findings,
 * each already in report order (`personTexts`, `groupFindingTexts`). People that arrive asynchronously give
 * the text asynchronously, as far as they have arrived. Neither the whole model nor the whole text is held.
 */
export function reportJsonText(
  summary: unknown,
  people: Iterable<PersonText>,
  findings: Iterable<FindingText>,
): Generator<string>
export function reportJsonText(
  summary: unknown,
  people: AsyncIterable<PersonText>,
  findings: Iterable<FindingText>,
): AsyncGenerator<string>
export function reportJsonText(
  summary: unknown,
  people: Iterable<PersonText> | AsyncIterable<PersonText>,
  findings: Iterable<FindingText>,
): Generator<string> | AsyncGenerator<string> {
  return Symbol.asyncIterator in people
    ? arrivingReportText(summary, people, findings)
    : reportText(summary, people, findings)
}

function* reportText(
  summary: unknown,
  people: Iterable<PersonText>,
  findings: Iterable<FindingText>,
): Generator<string> {
  yield reportOpening(summary)
  let first = true
  for (const { text } of people) {
    yield first ? text : `,${text}`
    first = false
  }
  yield* reportClosing(findings)
}

async function* arrivingReportText(
  summary: unknown,
  people: AsyncIterable<PersonText>,
  findings: Iterable<FindingText>,
): AsyncGenerator<string> {
  yield reportOpening(summary)
  let first = true
  for await (const { text } of people) {
    yield first ? text : `,${text}`
    first = false
  }
  yield* reportClosing(findings)
}

function reportOpening(summary: unknown): string {
  return `{"summary":${JSON.stringify(summary)},"people":[`
}

/** After the people: the group-wide findings and the end of the document. */
function* reportClosing(findings: Iterable<FindingText>): Generator<string> {
  yield '],"findings":['
  let first = true
  for (const { text } of findings) {
    yield first ? text : `,${text}`
    first = false
  }
  yield ']}'
}

/** `JSON.stringify(reportJson(input))`, piece by piece (12 MB of text for the bench log). */
export function reportJsonPieces(input: ReportInput): Generator<string> {
  return reportText(reportSummaryJson(input), personTexts(input), groupFindingTexts(input))
}

export const jsonReportView = defineView({
  model: 'report',
  format: 'json',
  // Compact JSON in pieces: the whole text of a report of 50,000 people is a 90 MB string (180 MB when one
  // character needs two bytes), and its UTF-8 copy another 90 MB (`report --es --server-side` on 1,000,000
  // requests: peak RSS 1,296 → see bench/README "Server-side report in pieces").
  render: (input, out) => {
    if (out.pretty) out.write(`${jsonText(reportJson(input), true)}\n`)
    else writePieces(out, reportJsonPieces(input))
  },
})
