/**
 * The diagnosis stage: people's timelines in, findings out. Each rule lives in `rules/<rule-id>.ts`;
 * `RULES` is the catalogue, in the order findings are produced (the output is sorted afterwards).
 * Failures no rule accounts for are reported as `unexplained-failure`, so no failure passes silently.
 */
import type { ScimRecord } from '../records/types.js'
import { succeeded } from '../records/types.js'
import { compareCodeUnits, compareIsoTimes } from '../timelines/compare.js'
import type { Timelines } from '../timelines/types.js'
import { DOCS } from './docs.js'
import { guardRule, INTERNAL_ERROR, injectedFault } from './guard.js'
import { authenticationFailure } from './rules/authentication-failure.js'
import { emailDomainNotAllowed } from './rules/email-domain-not-allowed.js'
import { entraMatchingAttribute } from './rules/entra-matching-attribute.js'
import { externUidChanged } from './rules/extern-uid-changed.js'
import { firstKeyOnlyPatch } from './rules/first-key-only-patch.js'
import { groupProvisioningEnabled } from './rules/group-provisioning-enabled.js'
import { ignoredAttributeUpdate } from './rules/ignored-attribute-update.js'
import { inactiveOrUnlinkedIdentity } from './rules/inactive-or-unlinked-identity.js'
import { lastOwnerDeprovision } from './rules/last-owner-deprovision.js'
import { missingRequiredAttributes } from './rules/missing-required-attributes.js'
import { noResponse } from './rules/no-response.js'
import { putNotSupported } from './rules/put-not-supported.js'
import { rateLimited } from './rules/rate-limited.js'
import { reAddedAfterRemoval } from './rules/re-added-after-removal.js'
import { scimAppChanged } from './rules/scim-app-changed.js'
import { serverError } from './rules/server-error.js'
import { staleIdInIdentityProvider } from './rules/stale-id-in-identity-provider.js'
import { unintendedReactivation } from './rules/unintended-reactivation.js'
import { unsupportedEndpoint } from './rules/unsupported-endpoint.js'
import { unsupportedFilter } from './rules/unsupported-filter.js'
import { updateRejected } from './rules/update-rejected.js'
import { userAlreadyTaken } from './rules/user-already-taken.js'
import { coveredRecords, idpLogHint, idpOf, makeFinding, personOf, pushTo, when } from './support.js'
import { type DiagnosisOptions, type Finding, type Rule, type RuleContext, SEVERITY_ORDER } from './types.js'

export {
  crossCheck,
  type IdentityRecord,
  parseIdentities,
  parseSamlIdentities,
  parseScimIdentities,
  type SamlIdentity,
  type ScimIdentity,
} from './crosscheck.js'
export { DOCS, GITLAB_TEXT } from './docs.js'
export { coveredRecords, workingGroups } from './support.js'
export type {
  CandidateCause,
  DiagnosisOptions,
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
  serverError,
  rateLimited,
  noResponse,
]

/** Rule ids that can appear in findings: the catalogue plus the catch-all and the cross-checks. */
export const RULE_IDS: readonly string[] = [
  ...RULES.map((r) => r.id),
  'unexplained-failure',
  INTERNAL_ERROR,
  'identity-mismatch',
  'identity-missing-in-gitlab',
  'identity-state-mismatch',
  'saml-identity-missing',
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
 * of different groups never tie (reports built per group in two threads merge into one order).
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

/** Failures no rule accounted for, grouped per person (or group), method and status. */
function unexplained(timelines: Timelines, covered: Set<ScimRecord>): Finding[] {
  const owners = personOf(timelines)
  const groups = new Map<string, ScimRecord[]>()
  for (const record of timelines.records) {
    if (succeeded(record) || covered.has(record)) continue
    const owner = owners.get(record)
    const key = `${owner?.key ?? `${record.scopeKind}:${record.scope}`}\u0000${record.method}\u0000${record.action}\u0000${record.status}`
    pushTo(groups, key, record)
  }
  const findings: Finding[] = []
  for (const records of groups.values()) {
    const first = records[0] as ScimRecord
    const person = owners.get(first)
    const who = person ? (person.emails[0] ?? person.userNames[0] ?? person.key) : first.scope
    findings.push(
      makeFinding({
        rule: 'unexplained-failure',
        severity: 'warning',
        title: `${first.method} (${first.action}) failed with ${first.status ?? 'no response'}; no known situation matches`,
        why: `GitLab rejected ${records.length > 1 ? 'these requests' : 'this request'} first at ${when(first.time)}; its response text is not in api_json.log, so the reason is in the identity provider's log.`,
        docs: DOCS.searchLogs,
        remedy: [
          `Read GitLab's response in the identity provider's log, or search production_json.log for correlation_id ${first.correlationId ?? '(none logged)'}.`,
        ],
        confirm: [idpLogHint(idpOf(records), 'update', who)],
        ...(person ? { person } : { scope: first.scope }),
        failures: records,
      }),
    )
  }
  return findings
}

export function diagnose(timelines: Timelines, options: Partial<DiagnosisOptions> = {}): Diagnosis {
  const context: RuleContext = {
    options: { ...DEFAULT_OPTIONS, ...options, allowedDomains: options.allowedDomains ?? [] },
    timelines,
  }
  const produced: Finding[] = []
  const people = timelines.people
  // Each rule runs per person (or per run, for group rules) inside a guard (`guard.ts`): one that throws
  // leaves an `internal-error` finding in place of its findings, and the rest of the report is made.
  const fault = injectedFault()
  for (const rule of RULES) {
    if (rule.kind === 'person') {
      // Indexed loops on the per-person paths: in code V8 has not optimised (most of a run, see cli/main.ts),
      // `for…of` allocates an iterator result per step.
      for (let i = 0; i < people.length; i++) {
        const person = people[i] as (typeof people)[number]
        const findings = guardRule(rule.id, fault, () => rule.check(person, context), person)
        for (let f = 0; f < findings.length; f++) produced.push(findings[f] as Finding)
      }
    } else {
      // Loops rather than `push(...list)`: a spread of 120k+ findings overflows the stack.
      const findings = guardRule(rule.id, fault, () => rule.check(timelines, context))
      for (let f = 0; f < findings.length; f++) produced.push(findings[f] as Finding)
    }
  }
  const covered = new Set<ScimRecord>()
  for (const finding of produced) for (const record of coveredRecords(finding)) covered.add(record)
  const rest = guardRule('unexplained-failure', fault, () => unexplained(timelines, covered))
  for (let f = 0; f < rest.length; f++) produced.push(rest[f] as Finding)

  const byPerson = new Map<string, Finding[]>()
  const groupFindings: Finding[] = []
  for (const finding of produced) {
    if (finding.personKey === undefined) {
      groupFindings.push(finding)
      continue
    }
    const list = byPerson.get(finding.personKey)
    if (list) list.push(finding)
    else byPerson.set(finding.personKey, [finding])
  }
  for (const list of byPerson.values()) list.sort(compareFindings)
  groupFindings.sort(compareFindings)
  return { byPerson, groupFindings, all: [...produced].sort(compareFindings) }
}
