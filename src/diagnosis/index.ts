/**
 * The diagnosis stage: people's timelines in, findings out. Each rule lives in `rules/<rule-id>.ts`;
 * `RULES` is the catalogue, in the order findings are produced (the output is sorted afterwards).
 * Failures no rule accounts for are reported by the catch-all (`rules/unexplained-failure.ts`), run last, so
 * no failure passes silently. Rules that compare the log with outside data (`EXTERNAL_RULES`, the identity
 * cross-checks) run after it; their findings are sorted with the group-wide findings.
 */
import { finish, type Steps, sortSteps } from '../common/steps.js'
import type { ScimRecord } from '../records/types.js'
import { compareCodeUnits, compareIsoTimes } from '../timelines/compare.js'
import type { Timelines } from '../timelines/types.js'
import { personOfSteps, scopeFactsSteps, workingGroupsSteps } from './facts/scope-facts.js'
import { coveredRecords } from './findings.js'
import { guardRule, guardSteps, INTERNAL_ERROR, injectedFault } from './guard.js'
import { authenticationFailure } from './rules/authentication-failure.js'
import { connectionTestProbe } from './rules/connection-test-probe.js'
import { emailDomainNotAllowed } from './rules/create412/email-domain-not-allowed.js'
import { inactiveOrUnlinkedIdentity } from './rules/create412/inactive-or-unlinked-identity.js'
import { missingRequiredAttributes } from './rules/create412/missing-required-attributes.js'
import { deprovisionDestroyedIdentity } from './rules/deprovision-destroyed-identity.js'
import { emailAlreadyTaken } from './rules/email-already-taken.js'
import { entraMatchingAttribute } from './rules/entra-matching-attribute.js'
import { externUidChanged } from './rules/extern-uid-changed.js'
import { firstKeyOnlyPatch } from './rules/first-key-only-patch.js'
import { groupProvisioningEnabled } from './rules/group-provisioning-enabled.js'
import { identityCrossCheck } from './rules/identity-crosscheck/index.js'
import { ignoredAttributeUpdate } from './rules/ignored-attribute-update.js'
import { lastOwnerDeprovision } from './rules/last-owner-deprovision.js'
import { putNotSupported } from './rules/put-not-supported.js'
import { reAddedAfterRemoval } from './rules/re-added-after-removal.js'
import { scimAppChanged } from './rules/scim-app-changed.js'
import { staleIdInIdentityProvider } from './rules/stale-id-in-identity-provider.js'
import { noResponse } from './rules/transient/no-response.js'
import { rateLimited } from './rules/transient/rate-limited.js'
import { serverError } from './rules/transient/server-error.js'
import { unexplainedFailure } from './rules/unexplained-failure.js'
import { unintendedReactivation } from './rules/unintended-reactivation.js'
import { unsupportedEndpoint } from './rules/unsupported-endpoint.js'
import { unsupportedFilter } from './rules/unsupported-filter.js'
import { updateRejected } from './rules/update-rejected.js'
import { userAlreadyTaken } from './rules/user-already-taken.js'
import {
  type CatchAllRule,
  type DiagnosisOptions,
  type ExternalRule,
  type Finding,
  type Rule,
  type RuleContext,
  SEVERITY_ORDER,
} from './types.js'
import { adaptFinding } from './versions/adapt.js'
import { inRange } from './versions/gitlab.js'
import { UNKNOWN_ERA } from './versions/infer.js'

export { DOCS, GITLAB_TEXT } from './docs.js'
export { workingGroups } from './facts/scope-facts.js'
export { coveredRecords } from './findings.js'
export {
  crossCheck,
  type IdentityRecord,
  parseIdentities,
  parseSamlIdentities,
  parseScimIdentities,
  type SamlIdentity,
  type ScimIdentity,
} from './rules/identity-crosscheck/cross-check.js'
export type {
  CandidateCause,
  CatchAllRule,
  DiagnosisOptions,
  ExternalRule,
  Finding,
  GroupRule,
  PersonRule,
  Rule,
  RuleContext,
  Severity,
} from './types.js'
export { SEVERITY_ORDER } from './types.js'

export const RULES: Rule[] = [
  authenticationFailure,
  userAlreadyTaken,
  emailDomainNotAllowed,
  inactiveOrUnlinkedIdentity,
  missingRequiredAttributes,
  reAddedAfterRemoval,
  externUidChanged,
  unsupportedFilter,
  groupProvisioningEnabled,
  scimAppChanged,
  lastOwnerDeprovision,
  ignoredAttributeUpdate,
  staleIdInIdentityProvider,
  entraMatchingAttribute,
  firstKeyOnlyPatch,
  putNotSupported,
  unsupportedEndpoint,
  updateRejected,
  unintendedReactivation,
  emailAlreadyTaken,
  deprovisionDestroyedIdentity,
  serverError,
  rateLimited,
  noResponse,
  connectionTestProbe,
]

/** Rules that compare the log with outside data (`ExternalRule`), run after `RULES`. */
export const EXTERNAL_RULES: ExternalRule[] = [identityCrossCheck]

/** Run after every other rule, over the failures their findings do not account for. */
export const CATCH_ALL: CatchAllRule = unexplainedFailure

/** Rule ids that can appear in findings: the catalogue plus the catch-all and the cross-checks. */
export const RULE_IDS: readonly string[] = [
  ...RULES.map((r) => r.id),
  CATCH_ALL.id,
  INTERNAL_ERROR,
  ...EXTERNAL_RULES.flatMap((r) => r.ids),
]

export interface Diagnosis {
  /** Findings about one person, by `person.key`, worst first. */
  byPerson: Map<string, Finding[]>
  /** Findings about a whole group (token, configuration, app change), worst first. */
  groupFindings: Finding[]
  /** Everything, worst first. */
  all: Finding[]
}

export const DEFAULT_OPTIONS: DiagnosisOptions = { allowedDomains: [] }

/** What orders findings: enough of a finding to compare it with another (`compareFindings`). */
export type FindingOrder = Pick<Finding, 'severity' | 'time' | 'rule' | 'personKey' | 'scope'>

/**
 * Worst first: severity, then when the problem first showed, then rule, person and group, so that findings
 * of different groups never tie: a total order, so findings diagnosed a few groups at a time merge into one.
 */
export function compareFindings(a: FindingOrder, b: FindingOrder): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareIsoTimes(a.time ?? '', b.time ?? '') ||
    compareCodeUnits(a.rule, b.rule) ||
    compareCodeUnits(a.personKey ?? '', b.personKey ?? '') ||
    compareCodeUnits(a.scope ?? '', b.scope ?? '')
  )
}

/** People a person rule checks between two pauses of `diagnoseSteps`. */
const PEOPLE_PER_STEP = 512

export function diagnose(timelines: Timelines, options: Partial<DiagnosisOptions> = {}): Diagnosis {
  return finish(diagnoseSteps(timelines, options))
}

/** `diagnose`, pausing every few hundred people and after each group-wide rule (`common/steps.ts`). */
export function* diagnoseSteps(
  timelines: Timelines,
  options: Partial<DiagnosisOptions> = {},
): Steps<Diagnosis> {
  const context: RuleContext = {
    options: { ...DEFAULT_OPTIONS, ...options, allowedDomains: options.allowedDomains ?? [] },
    timelines,
  }
  const produced: Finding[] = []
  const people = timelines.people
  // Each rule runs per person (or per run, for group rules) inside a guard (`guard.ts`): one that throws
  // leaves an `internal-error` finding in place of its findings, and the rest of the report is made.
  const fault = injectedFault()
  const era = context.options.gitlab ?? UNKNOWN_ERA
  const superseding = new Map<string, Set<ScimRecord>>()
  // The facts group-wide rules share, made here in steps (the first rule to ask for them made them in one
  // piece: 1.4 s on a million requests). The same values either way: they are computed once, and kept.
  context.options.workingGroups ??= yield* workingGroupsSteps(timelines.records)
  yield* scopeFactsSteps(timelines)
  yield* personOfSteps(timelines)
  for (const rule of RULES) {
    // A rule describes some versions' behaviour (`versions/gitlab.ts`): other versions' logs skip it.
    if (!inRange(era.assumed, rule.versions)) continue
    if (rule.kind === 'person') {
      // Indexed loops on the per-person paths: in code V8 has not optimised (most of a run, see cli/startup.ts),
      // `for…of` allocates an iterator result per step.
      for (let i = 0; i < people.length; i++) {
        if (i % PEOPLE_PER_STEP === PEOPLE_PER_STEP - 1) yield
        const person = people[i] as (typeof people)[number]
        const findings = guardRule(rule.id, fault, () => rule.check(person, context), person)
        for (let f = 0; f < findings.length; f++) produced.push(findings[f] as Finding)
        if (rule.supersedes && findings.length > 0) noteSuperseding(superseding, rule.supersedes, findings)
      }
    } else {
      // Loops rather than `push(...list)`: a spread of 120k+ findings overflows the stack.
      const steps = rule.steps
      const findings = steps
        ? yield* guardSteps(rule.id, fault, () => steps.call(rule, timelines, context))
        : guardRule(rule.id, fault, () => rule.check(timelines, context))
      for (let f = 0; f < findings.length; f++) produced.push(findings[f] as Finding)
    }
    yield
  }
  if (superseding.size > 0) dropSuperseded(produced, superseding)
  const covered = new Set<ScimRecord>()
  for (const finding of produced) for (const record of coveredRecords(finding)) covered.add(record)
  yield
  const rest = guardRule(CATCH_ALL.id, fault, () => CATCH_ALL.check(timelines, covered))
  for (let f = 0; f < rest.length; f++) produced.push(rest[f] as Finding)

  yield
  const byPerson = new Map<string, Finding[]>()
  const groupFindings: Finding[] = []
  // Outside data's findings are listed with the group-wide ones (see `ExternalRule`), sorted with them.
  const external: Finding[] = []
  for (const rule of EXTERNAL_RULES) {
    const findings = guardRule(rule.ids[0] ?? 'cross-check', fault, () => rule.check(timelines, context))
    for (let f = 0; f < findings.length; f++) external.push(findings[f] as Finding)
  }
  for (let f = 0; f < external.length; f++) groupFindings.push(external[f] as Finding)
  // Steps the log's GitLab can follow: none names an endpoint it lacks (`versions/adapt.ts`).
  for (const finding of produced) adaptFinding(finding, era)
  for (const finding of external) adaptFinding(finding, era)
  for (const finding of produced) {
    if (finding.personKey === undefined) {
      groupFindings.push(finding)
      continue
    }
    const list = byPerson.get(finding.personKey)
    if (list) list.push(finding)
    else byPerson.set(finding.personKey, [finding])
  }
  yield
  let sorted = 0
  for (const list of byPerson.values()) {
    list.sort(compareFindings)
    if (++sorted % PEOPLE_PER_STEP === 0) yield
  }
  yield* sortSteps(groupFindings, compareFindings)
  const all = yield* sortSteps([...produced, ...external], compareFindings)
  return { byPerson, groupFindings, all }
}

/** Failures accounted for by a superseding rule's findings, per superseded rule id. */
function noteSuperseding(
  superseding: Map<string, Set<ScimRecord>>,
  ids: readonly string[],
  findings: readonly Finding[],
): void {
  for (const id of ids) {
    let set = superseding.get(id)
    if (!set) {
      set = new Set()
      superseding.set(id, set)
    }
    for (const finding of findings) for (const record of coveredRecords(finding)) set.add(record)
  }
}

/** Drop (in place) findings whose failures a superseding rule's findings all account for. */
function dropSuperseded(produced: Finding[], superseding: Map<string, Set<ScimRecord>>): void {
  let kept = 0
  for (let i = 0; i < produced.length; i++) {
    const finding = produced[i] as Finding
    const by = superseding.get(finding.rule)
    const failures = by ? coveredRecords(finding).filter((r) => r.status === null || r.status >= 300) : []
    if (by && failures.length > 0 && failures.every((r) => by.has(r))) continue
    produced[kept++] = finding
  }
  produced.length = kept
}
