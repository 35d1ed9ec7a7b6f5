/**
 * The report: every person and group-wide finding, worst first, with totals. One model (the JSON
 * contract) feeds the text, Markdown and JSON renderers, so they never disagree.
 */
import type { AccountingSnapshot } from '../common/accounting.js'
import { coveredRecords } from '../diagnosis/support.js'
import { type Finding, SEVERITY_ORDER, type Severity } from '../diagnosis/types.js'
import { compareIsoTimes } from '../timelines/compare.js'
import type { Person, Timelines } from '../timelines/types.js'
import { findingJson, personJson } from './model.js'

export interface ReportInput {
  timelines: Timelines
  byPerson: Map<string, Finding[]>
  groupFindings: Finding[]
  accounting: AccountingSnapshot
  redacted: boolean
}

export interface RankedPerson {
  person: Person
  findings: Finding[]
}

function worst(findings: readonly Finding[]): number {
  return findings.reduce((best, f) => Math.min(best, SEVERITY_ORDER[f.severity]), 3)
}

/** People with findings first (errors, then warnings, then info), then by most recent activity. */
export function rankPeople(input: ReportInput): RankedPerson[] {
  // The worst severity is worked out once per person, not in every comparison of the sort.
  const ranked = input.timelines.people.map((person) => {
    const findings = input.byPerson.get(person.key) ?? []
    return { person, findings, worst: worst(findings) }
  })
  ranked.sort(
    (a, b) =>
      a.worst - b.worst ||
      b.findings.length - a.findings.length ||
      compareIsoTimes(b.person.lastSeen, a.person.lastSeen),
  )
  return ranked.map(({ person, findings }) => ({ person, findings }))
}

function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i] as T)
    counts[k] = (counts[k] ?? 0) + 1
  }
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]))
}

export function reportSummaryJson(input: ReportInput) {
  const records = input.timelines.records
  const all = [...input.groupFindings, ...[...input.byPerson.values()].flat()]
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 }
  for (const finding of all) bySeverity[finding.severity]++
  return {
    groups: [...new Set(records.map((r) => r.scope))],
    from: records[0]?.time ?? null,
    to: records[records.length - 1]?.time ?? null,
    sources: input.accounting.sources.map((s) => s.name),
    redacted: input.redacted,
    input: {
      lines: input.accounting.lines,
      bytes: input.accounting.bytes,
      scimRequests: input.accounting.scim,
      other: input.accounting.other,
      skipped: input.accounting.skipped,
      skippedByReason: Object.fromEntries(
        Object.entries(input.accounting.skippedByReason).map(([reason, t]) => [reason, t?.count ?? 0]),
      ),
    },
    people: input.timelines.people.length,
    requests: records.length,
    byStatus: tally(records, (r) => (r.status === null ? 'fail' : String(r.status))),
    byAction: tally(records, (r) => r.action),
    byIdp: tally(records, (r) => r.idp),
    byRule: tally(all, (f) => f.rule),
    bySeverity,
  }
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
    people: rankPeople(input).map(({ person, findings }) => personJson(person, { findings })),
    findings: input.groupFindings.map((finding) => groupFindingJson(finding, input.timelines.people)),
  }
}

/**
 * `JSON.stringify(reportJson(input))`, piece by piece: one person's model at a time is built, written out
 * and dropped, so neither the whole model nor the whole text is ever held (12 MB of text for the bench log).
 */
export function* reportJsonParts(input: ReportInput): Generator<string> {
  yield `{"summary":${JSON.stringify(reportSummaryJson(input))},"people":[`
  let first = true
  for (const { person, findings } of rankPeople(input)) {
    const text = JSON.stringify(personJson(person, { findings }))
    yield first ? text : `,${text}`
    first = false
  }
  const findings = input.groupFindings.map((finding) => groupFindingJson(finding, input.timelines.people))
  yield `],"findings":${JSON.stringify(findings)}}`
}
