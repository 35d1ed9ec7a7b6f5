/**
 * Building findings: bounded evidence (a run of retries listed by its first few and its last), the records a
 * finding accounts for, and the ranking of candidate causes.
 */
import type { ScimRecord } from '../records/types.js'
import type { Person } from '../timelines/types.js'
import type { CandidateCause, Finding, Severity } from './types.js'

/** How many of a run of repeated failures are listed as evidence (plus the last one). */
export const EVIDENCE_HEAD = 3

const coverage = new WeakMap<Finding, ScimRecord[]>()

/** Every record a finding accounts for (the evidence is bounded; this is not). */
export function coveredRecords(finding: Finding): ScimRecord[] {
  return coverage.get(finding) ?? finding.evidence
}

/** Give a copy of a finding (a redacted one, `analysis/redact.ts`) the records it accounts for. */
export function setCoverage(finding: Finding, records: ScimRecord[]): void {
  coverage.set(finding, records)
}

export interface FindingInput {
  rule: string
  severity: Severity
  title: string
  why: string
  docs: string
  remedy: string[]
  confirm: string[]
  person?: Person
  scope?: string
  /** The failure, or every repetition of the same failure (retries). Listed bounded; counted in `repeats`. */
  failures?: readonly ScimRecord[]
  /** Other records relied on (history, the request that set a value). */
  context?: readonly ScimRecord[]
  candidates?: CandidateCause[]
  errorText?: string
  resolvedAt?: string
}

function byTime(a: ScimRecord, b: ScimRecord): number {
  return a.timeMs - b.timeMs
}

/** Keep the first `EVIDENCE_HEAD` and the last of a run. */
export function boundRun<T>(run: readonly T[]): T[] {
  if (run.length <= EVIDENCE_HEAD + 1) return [...run]
  return [...run.slice(0, EVIDENCE_HEAD), run[run.length - 1] as T]
}

export function makeFinding(input: FindingInput): Finding {
  const failures = input.failures ?? []
  const context = input.context ?? []
  const evidence = [...new Set([...context, ...boundRun(failures)])].sort(byTime)
  const finding: Finding = {
    rule: input.rule,
    severity: input.severity,
    title: input.title,
    why: input.why,
    docs: input.docs,
    evidence,
    remedy: input.remedy,
    confirm: input.confirm,
  }
  if (input.candidates && input.candidates.length > 0) finding.candidates = input.candidates
  const first = failures[0]
  const last = failures[failures.length - 1]
  if (failures.length > 1 && first && last) {
    finding.repeats = { count: failures.length, first: first.time, last: last.time }
  }
  if (input.person) finding.personKey = input.person.key
  const scope = input.scope ?? input.person?.scope ?? evidence[0]?.scope
  if (scope !== undefined) finding.scope = scope
  const time = first?.time ?? evidence[0]?.time
  if (time !== undefined) finding.time = time
  if (input.errorText !== undefined) finding.errorText = input.errorText
  if (input.resolvedAt !== undefined) finding.resolvedAt = input.resolvedAt
  coverage.set(finding, [...failures, ...context])
  return finding
}

/** Rank candidates (highest first) and say whether the top one clearly wins. */
export function rank(candidates: CandidateCause[]): { ranked: CandidateCause[]; confident: boolean } {
  const ranked = [...candidates].sort((a, b) => b.likelihood - a.likelihood)
  const top = ranked[0]?.likelihood ?? 0
  const second = ranked[1]?.likelihood ?? 0
  return { ranked, confident: top >= 0.75 && top - second >= 0.3 }
}
