/**
 * Findings: what went wrong (or is worth knowing), why, and what to do.
 * The `rule` ids and field names are part of the JSON contract (README, "JSON contract").
 */
import type { Steps } from '../common/steps.js'
import type { ScimRecord } from '../records/types.js'
import type { Person, Timelines } from '../timelines/types.js'
import type { IdentityRecord } from './rules/identity-crosscheck/cross-check.js'
import type { VersionRange } from './versions/gitlab.js'
import type { GitLabEra } from './versions/infer.js'

export type Severity = 'error' | 'warning' | 'info'

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 }

/** A competing explanation, when the log alone cannot decide. */
export interface CandidateCause {
  cause: string
  /** 0..1, the ranking used for display; not a calibrated probability. */
  likelihood: number
  for: string[]
  against: string[]
  /** How to tell this cause from the others. */
  check: string
  /** The rule id this cause corresponds to, when there is one. */
  rule?: string
}

export interface Finding {
  rule: string
  severity: Severity
  title: string
  /** One or two sentences: why this happened, in terms of what GitLab does. */
  why: string
  docs: string
  evidence: ScimRecord[]
  remedy: string[]
  /** How to confirm: the identity provider's log, an API call to run. */
  confirm: string[]
  /** Ranked alternatives when the evidence is ambiguous. */
  candidates?: CandidateCause[]
  /** When the same failure repeated (retries), how many times and over what span. */
  repeats?: { count: number; first: string; last: string }
  /** The person this finding is about (absent for group-wide findings). */
  personKey?: string
  /** The group (scope) the finding concerns. */
  scope?: string
  /** When the problem first showed (ISO-8601): the first failure, or the first record relied on. */
  time?: string
  /** The message GitLab returned and the identity provider will have shown (reference §3.5), when known. */
  errorText?: string
  /** A later request showed the problem no longer applies (ISO-8601 time of that request). */
  resolvedAt?: string
}

export interface DiagnosisOptions {
  /** Email domains the group allows (`--allowed-domains`); empty when unknown. */
  allowedDomains: string[]
  /**
   * Groups with at least one successful request, in the order they first appear, across everything read
   * (`workingGroups`). The one fact a rule takes from other groups: a group answering 404 is compared with
   * working ones to spot a mistyped path. Defaults to the groups of the timelines diagnosed; a caller that
   * diagnoses some groups at a time passes the whole run's.
   */
  workingGroups?: readonly string[]
  /**
   * GitLab's stored identities (saved from `GET /groups/:id/scim/identities` and `/saml/identities`), for
   * the identity cross-checks; absent, they find nothing.
   */
  identities?: { scim?: readonly IdentityRecord[] | undefined; saml?: readonly IdentityRecord[] | undefined }
  /**
   * The GitLab version the log came from (`--gitlab-version`, or inferred from the whole run's records:
   * `versions/infer.ts`); absent, the newest behaviour. Rules outside its versions do not run, and remedies
   * never name an endpoint it lacks (`versions/adapt.ts`).
   */
  gitlab?: GitLabEra
}

/** A rule that looks at one person at a time. */
export interface PersonRule {
  id: string
  kind: 'person'
  /** The GitLab versions whose behaviour the rule describes (`versions/gitlab.ts`). */
  versions: VersionRange
  /** Rules whose findings this one's replace when it accounts for all of their failures. */
  supersedes?: readonly string[]
  check(person: Person, context: RuleContext): Finding[]
}

/** A rule that looks across a whole scope (group), e.g. token failures or an IdP change. */
export interface GroupRule {
  id: string
  kind: 'group'
  /** The GitLab versions whose behaviour the rule describes (`versions/gitlab.ts`). */
  versions: VersionRange
  check(timelines: Timelines, context: RuleContext): Finding[]
  /**
   * `check`, pausing every few thousand records (`common/steps.ts`), for a rule whose pass over a group
   * takes long enough to hold the explorer (~0.25 s on a million requests); `check` then drains it.
   */
  steps?(timelines: Timelines, context: RuleContext): Steps<Finding[]>
}

/**
 * A rule that compares the log with data from outside it (GitLab's identity APIs). Its findings explain no
 * failure (so `unexplained-failure` does not count them), and are listed with the group-wide findings,
 * where a reader compares them with the files given. A family: `ids` are the rule ids it produces.
 */
export interface ExternalRule {
  id: string
  kind: 'external'
  ids: readonly string[]
  check(timelines: Timelines, context: RuleContext): Finding[]
}

/**
 * The catch-all, run after every other rule: failures none of their findings account for (`covered`).
 */
export interface CatchAllRule {
  id: string
  kind: 'catch-all'
  check(timelines: Timelines, covered: ReadonlySet<ScimRecord>): Finding[]
}

export type Rule = PersonRule | GroupRule

export interface RuleContext {
  options: DiagnosisOptions
  timelines: Timelines
}
