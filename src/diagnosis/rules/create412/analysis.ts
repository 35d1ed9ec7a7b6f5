/**
 * A 412 on create has several possible causes and the log never says which (reference §3.5, §6 "Reading
 * 412 on POST"). This module ranks them once per run of identical 412s; the rules
 * `missing-required-attributes`, `email-domain-not-allowed` and `inactive-or-unlinked-identity` each
 * report the runs whose top candidate is theirs, so exactly one of them speaks for each run.
 */

import { scopeKey } from '../../../records/scope-key.js'
import type { ScimRecord } from '../../../records/types.js'
import { gitlabEmail, requestedExternUid } from '../../../records/types.js'
import { gitlabName } from '../../../timelines/attributes.js'
import type { Person } from '../../../timelines/types.js'
import { GITLAB_TEXT, SAML_KEPT_SINCE_MS } from '../../docs.js'
import { personFailureRuns, recordsOf } from '../../facts/failure-runs.js'
import { scopeFacts } from '../../facts/scope-facts.js'
import { type FindingInput, makeFinding, rank } from '../../findings.js'
import { getIdStep } from '../../id-history.js'
import type { CandidateCause, Finding, PersonRule, RuleContext } from '../../types.js'
import type { VersionRange } from '../../versions/gitlab.js'
import { lookupCall, scimUserPath } from '../../wording/api-calls.js'
import { idpLogHint, retryHint } from '../../wording/idp-hints.js'
import { domainOf, label, when } from '../../wording/phrases.js'

export type Create412Cause = 'missing-params' | 'blank-field' | 'domain' | 'inactive' | 'not-linked' | 'other'

export const CAUSE_RULE: Record<Create412Cause, string> = {
  'missing-params': 'missing-required-attributes',
  'blank-field': 'missing-required-attributes',
  domain: 'email-domain-not-allowed',
  inactive: 'inactive-or-unlinked-identity',
  'not-linked': 'inactive-or-unlinked-identity',
  other: 'inactive-or-unlinked-identity',
}

interface ScoredCause extends CandidateCause {
  id: Create412Cause
  errorText: string
}

export interface Create412Analysis {
  person: Person
  /** Every 412 of the run (retries of the same create). */
  failures: ScimRecord[]
  /** Earlier records the ranking relied on (deprovisions, the successful create). */
  context: ScimRecord[]
  candidates: ScoredCause[]
  top: ScoredCause
  confident: boolean
  /** What the request lacked, if anything (`username`, `email`, `extern_uid`, name). */
  missing: string[]
  blank: string[]
  domain?: string
  email?: string
  /** The deprovision that left an inactive identity, if any. */
  deprovision?: ScimRecord
  /** A later successful create or reactivation of this person. */
  resolvedBy?: ScimRecord
}

const cache = new WeakMap<Person, Create412Analysis[]>()

/** Every run of 412-on-create for this person, analysed. */
export function analyseCreate412(person: Person, context: RuleContext): Create412Analysis[] {
  const cached = cache.get(person)
  if (cached) return cached
  const runs = personFailureRuns(person, context.timelines, (r) => r.action === 'create' && r.status === 412)
  const result = runs.map((run) => analyseRun(person, run, context))
  cache.set(person, result)
  return result
}

function analyseRun(person: Person, failures: ScimRecord[], context: RuleContext): Create412Analysis {
  const first = failures[0] as ScimRecord
  const body = first.body
  const snapshot = person.timeline.find((entry) => entry.record === first)?.facts
  const email = gitlabEmail(body)
  const domain = domainOf(email)
  const contextRecords: ScimRecord[] = []

  // Missing or blank params (reference §3.2 step 1, §3.5).
  const missing: string[] = []
  if (requestedExternUid(body) === undefined) missing.push('extern_uid')
  if (email === undefined) missing.push('email')
  if (body.userName === undefined) missing.push('username')
  const blank: string[] = []
  if (email !== undefined && email.trim() === '') blank.push('email')
  const name = gitlabName(body)
  if (name === undefined || name.value.trim() === '') blank.push('name')
  const truncatedNote = first.paramsTruncated
    ? ' (but GitLab truncated this request’s params in the log, so a field may have been sent and not logged)'
    : ''

  const candidates: ScoredCause[] = []
  if (missing.length > 0) {
    candidates.push({
      id: 'missing-params',
      rule: CAUSE_RULE['missing-params'],
      cause: `required attribute missing: ${missing.join(', ')}`,
      likelihood: first.paramsTruncated ? 0.6 : 0.95,
      for: [`the request has no ${missing.join(', ')}${truncatedNote}`],
      against: [],
      check: `the identity provider's error quotes "${GITLAB_TEXT.missingParams(missing)}"`,
      errorText: GITLAB_TEXT.saving(GITLAB_TEXT.missingParams(missing)),
    })
  } else if (blank.length > 0) {
    const text = blank.includes('email') ? GITLAB_TEXT.emailBlank : GITLAB_TEXT.nameBlank
    candidates.push({
      id: 'blank-field',
      rule: CAUSE_RULE['blank-field'],
      cause: `required attribute blank: ${blank.join(', ')}`,
      likelihood: first.paramsTruncated ? 0.6 : 0.9,
      for: [
        blank.includes('name')
          ? 'the request has no name.formatted, no givenName/familyName and no displayName GitLab can use'
          : 'the work/primary email value is empty',
      ],
      against: [],
      check: `the identity provider's error quotes "${text}"`,
      errorText: GITLAB_TEXT.saving(text),
    })
  } else {
    candidates.push({
      id: 'missing-params',
      rule: CAUSE_RULE['missing-params'],
      cause: 'required attribute missing or blank',
      likelihood: 0.02,
      for: [],
      against: ['externalId, userName, a work/primary email and a name are all present'],
      check: 'the identity provider would quote "Missing params" or "can\'t be blank"',
      errorText: GITLAB_TEXT.saving(GITLAB_TEXT.missingParams(['…'])),
    })
  }

  // Inactive SCIM identity: an earlier deprovision not undone (reference §3.4, last paragraph).
  const deprovision = snapshot?.anyInactive ? snapshot.lastDeprovision : undefined
  const priorCreate = person.timeline.find(
    (e) => e.record.action === 'create' && e.record.timeMs < first.timeMs && e.record.status === 201,
  )?.record
  if (deprovision) {
    contextRecords.push(deprovision)
    const destroyed = deprovision.scopeKind === 'group' && deprovision.timeMs < SAML_KEPT_SINCE_MS
    candidates.push({
      id: 'inactive',
      rule: CAUSE_RULE.inactive,
      cause: 'the existing account’s SCIM identity is inactive (deprovisioned earlier)',
      likelihood: 0.9,
      for: [
        `deprovisioned ${when(deprovision.time)} (${deprovision.method} ${deprovision.path}) and not reactivated since`,
        ...(destroyed
          ? [
              'that deprovision predates 2023-08-11, so the SAML identity was destroyed too (not linked either)',
            ]
          : []),
      ],
      against: [],
      check: `GET the old identity (…/Users/${deprovision.scimId ?? '<id>'}) returns "active": false`,
      errorText: GITLAB_TEXT.saving(GITLAB_TEXT.notLinked),
    })
  } else {
    candidates.push({
      id: 'inactive',
      rule: CAUSE_RULE.inactive,
      cause: 'the existing account’s SCIM identity is inactive (deprovisioned before the log starts)',
      likelihood: priorCreate || snapshot?.anyLive ? 0.05 : 0.25,
      for:
        priorCreate || snapshot?.anyLive
          ? []
          : ['no history in this log, so a deprovision before it is possible'],
      against: priorCreate
        ? [`the identity created ${when(priorCreate.time)} was never deprovisioned in the log`]
        : ['no deprovision of this person in the log'],
      check: `look the person up by userName; an identity with "active": false means inactive`,
      errorText: GITLAB_TEXT.saving(GITLAB_TEXT.notLinked),
    })
  }
  if (priorCreate) contextRecords.push(priorCreate)

  // An existing GitLab account that has no SAML identity for this group.
  const noHistory = !priorCreate && !snapshot?.anyLive && !snapshot?.anyInactive
  candidates.push({
    id: 'not-linked',
    rule: CAUSE_RULE['not-linked'],
    cause:
      'an existing GitLab account with this email is not linked to the group’s SAML (or not a member under SSO enforcement)',
    likelihood: noHistory ? 0.45 : deprovision ? 0.15 : 0.1,
    for: noHistory
      ? [
          'no earlier identity for this email or userName in the log: GitLab matched an existing account by email and, with SSO enforcement, refuses one without a linked SAML identity',
        ]
      : [],
    against: noHistory
      ? []
      : deprovision
        ? ['the earlier deprovision explains the 412 more directly']
        : ['this person was provisioned successfully earlier in the log'],
    check: `a lookup by userName returns nothing while a GitLab account with ${email ?? 'that email'} exists; ask the user to link SAML (sign in once via the group's SSO URL)`,
    errorText: GITLAB_TEXT.saving(GITLAB_TEXT.notLinked),
  })

  // Email domain restriction.
  if (domain) {
    const allowed = context.options.allowedDomains.map((d) => d.toLowerCase().replace(/^@/, ''))
    const facts = scopeFacts(context.timelines)
    const scopeDomains = new Map(facts.successDomains.get(scopeKey(person)) ?? [])
    // Count other people only: this person's own earlier success says nothing about the restriction.
    const own = person.timeline.some(
      (e) =>
        e.record.action === 'create' &&
        e.record.status === 201 &&
        domainOf(gitlabEmail(e.record.body)) === domain,
    )
    if (own) {
      const left = (scopeDomains.get(domain) ?? 0) - 1
      if (left > 0) scopeDomains.set(domain, left)
      else scopeDomains.delete(domain)
    }
    const others = [...scopeDomains.keys()]
    let likelihood: number
    const forList: string[] = []
    const againstList: string[] = []
    if (allowed.length > 0) {
      if (allowed.includes(domain)) {
        likelihood = 0.03
        againstList.push(`${domain} is in --allowed-domains (${allowed.join(', ')})`)
      } else {
        likelihood = 0.9
        forList.push(`${domain} is not in --allowed-domains (${allowed.join(', ')})`)
      }
    } else if (others.length === 0) {
      likelihood = 0.3
      againstList.push('no successful create in this group to compare domains with (pass --allowed-domains)')
    } else if (scopeDomains.has(domain)) {
      likelihood = 0.05
      againstList.push(
        `${scopeDomains.get(domain)} other people with @${domain} were provisioned in this group`,
      )
    } else {
      likelihood = 0.6
      forList.push(
        `no one with @${domain} was provisioned in this group; the successes used ${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}`,
      )
      const peers = countPeers(person, domain, context)
      if (peers > 0) {
        likelihood = 0.7
        forList.push(
          `${peers} other ${peers === 1 ? 'person' : 'people'} with @${domain} also got 412 on create`,
        )
      }
    }
    candidates.push({
      id: 'domain',
      rule: CAUSE_RULE.domain,
      cause: `the email domain ${domain} is not allowed for the group (Restrict membership by email domain)`,
      likelihood,
      for: forList,
      against: againstList,
      check: `compare ${domain} with the group's Settings → General → Permissions → "Restrict membership by email domain", or rerun with --allowed-domains`,
      errorText: GITLAB_TEXT.saving(GITLAB_TEXT.domainNotAllowed),
    })
  }

  candidates.push({
    id: 'other',
    rule: CAUSE_RULE.other,
    cause: 'another membership check: unverified email, or the free tier’s member limit',
    likelihood: 0.03,
    for: [],
    against: ['rare; nothing in the log points to it'],
    check: 'the identity provider quotes "is not verified" or "reached your … member limit"',
    errorText: GITLAB_TEXT.saving("The member's email address is not verified."),
  })

  const { ranked, confident } = rank(candidates)
  const top = ranked[0] as ScoredCause
  const last = failures[failures.length - 1] as ScimRecord
  const resolvedBy = person.timeline.find(
    (e) =>
      e.record.timeMs > last.timeMs &&
      e.record.status !== null &&
      e.record.status >= 200 &&
      e.record.status < 300 &&
      (e.record.action === 'create' || e.record.action === 'reactivate'),
  )?.record
  const analysis: Create412Analysis = {
    person,
    failures,
    context: contextRecords,
    candidates: ranked as ScoredCause[],
    top,
    confident,
    missing,
    blank,
  }
  if (domain !== undefined) analysis.domain = domain
  if (email !== undefined) analysis.email = email
  if (deprovision) analysis.deprovision = deprovision
  if (resolvedBy) analysis.resolvedBy = resolvedBy
  return analysis
}

const peersCache = new WeakMap<RuleContext['timelines'], Map<string, Set<Person>>>()

/** Other people in the group with the same domain whose creates got 412 and never succeeded. */
function countPeers(person: Person, domain: string, context: RuleContext): number {
  let index = peersCache.get(context.timelines)
  if (!index) {
    index = new Map()
    for (const other of context.timelines.people) {
      const records = recordsOf(other)
      if (records.some((r) => r.action === 'create' && r.status === 201)) continue
      for (const r of records) {
        if (r.action !== 'create' || r.status !== 412) continue
        const d = domainOf(gitlabEmail(r.body))
        if (d === undefined) continue
        const key = `${scopeKey(other)}\u0000${d}`
        const set = index.get(key) ?? new Set<Person>()
        set.add(other)
        index.set(key, set)
      }
    }
    peersCache.set(context.timelines, index)
  }
  const peers = index.get(`${scopeKey(person)}\u0000${domain}`)
  if (!peers) return 0
  return peers.size - (peers.has(person) ? 1 : 0)
}

/** Strip internal fields for the finding's `candidates`. */
export function publicCandidates(analysis: Create412Analysis): CandidateCause[] {
  return analysis.candidates.map(({ cause, likelihood, for: f, against, check, rule }) => {
    const candidate: CandidateCause = { cause, likelihood, for: f, against, check }
    if (rule !== undefined) candidate.rule = rule
    return candidate
  })
}

/**
 * How a 412 rule words the runs whose top cause is one of its own (`CAUSE_RULE`): each of the family's rules
 * holds the title, explanation, remedy and documentation link of its causes.
 */
export interface Create412Wording {
  title(analysis: Create412Analysis): string
  why(analysis: Create412Analysis): string
  /** `retry`: how to send the create again from the identity provider. */
  remedy(analysis: Create412Analysis, retry: string): string[]
  docs(analysis: Create412Analysis): string
}

/** Build the finding for one analysed run of 412-on-create, in its rule's words. */
export function create412Finding(analysis: Create412Analysis, wording: Create412Wording): Finding {
  const { person, top, confident } = analysis
  const first = analysis.failures[0] as ScimRecord
  const who = label(person)
  const title = confident
    ? `Create rejected (412): ${wording.title(analysis)}`
    : `Create rejected (412), best guess: ${wording.title(analysis)}`
  const runnerUp = analysis.candidates[1]
  const hedge = confident
    ? ''
    : ` The log does not say which check failed; this is the most likely of ${analysis.candidates.filter((c) => c.likelihood >= 0.05).length} candidates${runnerUp ? ` (next: ${runnerUp.cause})` : ''}, see candidates.`
  const confirm = [
    idpLogHint(first.idp, 'create', who, top.errorText),
    analysis.deprovision?.scimId
      ? getIdStep(
          recordsOf(person),
          scimUserPath(person.scope, person.scopeKind, analysis.deprovision.scimId),
          analysis.deprovision.scimId,
          analysis.deprovision.timeMs,
          'shows "active": false',
          lookupCall(person.scope, person.scopeKind, first.body.userName ?? analysis.email ?? '<userName>'),
        )
      : `${lookupCall(person.scope, person.scopeKind, first.body.userName ?? analysis.email ?? '<userName>')}: no result means no SCIM identity in the group; a result with "active": false means an inactive identity.`,
  ]
  const input: FindingInput = {
    rule: CAUSE_RULE[top.id],
    severity: analysis.resolvedBy ? 'info' : 'error',
    title: analysis.resolvedBy ? `${title} (resolved ${when(analysis.resolvedBy.time)})` : title,
    why: wording.why(analysis) + hedge,
    docs: wording.docs(analysis),
    remedy: analysis.resolvedBy
      ? [`Nothing to do: ${analysis.resolvedBy.method} at ${when(analysis.resolvedBy.time)} succeeded.`]
      : wording.remedy(analysis, retryHint(first.idp, 'create')),
    confirm,
    person,
    failures: analysis.failures,
    context: [...analysis.context, ...(analysis.resolvedBy ? [analysis.resolvedBy] : [])],
    candidates: publicCandidates(analysis).filter((c) => c.likelihood >= 0.05),
    errorText: top.errorText,
  }
  if (analysis.resolvedBy) input.resolvedAt = analysis.resolvedBy.time
  return makeFinding(input)
}

/** A rule of the family: the three 412 rules share one analysis and each reports, in its words, its own runs. */
export function create412Rule(id: string, wording: Create412Wording, versions: VersionRange): PersonRule {
  return {
    id,
    kind: 'person',
    versions,
    check(person, context) {
      return analyseCreate412(person, context)
        .filter((a) => CAUSE_RULE[a.top.id] === id)
        .map((analysis) => create412Finding(analysis, wording))
    },
  }
}
