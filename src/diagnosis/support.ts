/**
 * Shared helpers for the rules: building findings (bounded evidence, grouped retries), the facts about
 * each group that several rules need (which failures concern the whole group), and replaying a person's
 * identity states at each request.
 */

import { encodeSegment } from '../common/uri.js'
import type { IdentityProvider, ScimRecord } from '../records/types.js'
import { gitlabEmail, requestedExternUid, succeeded } from '../records/types.js'
import { concernedUid } from '../timelines/replay.js'
import type { Person, TimelineEntry, Timelines } from '../timelines/types.js'
import type { CandidateCause, Finding, Severity } from './types.js'

/** How many of a run of repeated failures are listed as evidence (plus the last one). */
export const EVIDENCE_HEAD = 3

/** The date GitLab.com stopped destroying the SAML identity on SCIM deprovision (troubleshooting guide). */
export const SAML_KEPT_SINCE = '2023-08-11T00:00:00.000Z'
export const SAML_KEPT_SINCE_MS = Date.parse(SAML_KEPT_SINCE)

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

const uidCache = new WeakMap<ScimRecord, string | null>()

/** The identity a request is about, lower-cased for comparison (computed once per record: rules ask often). */
export function uidOf(record: ScimRecord): string | undefined {
  let uid = uidCache.get(record)
  if (uid === undefined) {
    uid = concernedUid(record)?.toLowerCase() ?? null
    uidCache.set(record, uid)
  }
  return uid ?? undefined
}

/**
 * Group failures into runs of the same failure (same method, action, id and status). A success of the
 * same method on the same id ends a run: a later identical failure starts a new one.
 */
export function clusterFailures(
  records: readonly ScimRecord[],
  select: (record: ScimRecord) => boolean,
): ScimRecord[][] {
  // Open runs by target (method + id), then by action and status: a success closes all of its target's runs
  // at once, without scanning every open run (that scan was the costliest part of diagnose on big logs).
  const open = new Map<string, Map<string, ScimRecord[]>>()
  const runs: ScimRecord[][] = []
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ScimRecord
    if (succeeded(record)) {
      // Most records succeed and most people never fail: name the target only when a run may be open.
      if (open.size > 0) open.delete(`${record.method} ${uidOf(record) ?? ''}`)
      continue
    }
    if (!select(record)) continue
    const target = `${record.method} ${uidOf(record) ?? ''}`
    const detail = `${record.action}\u0000${record.status}`
    let byDetail = open.get(target)
    if (!byDetail) {
      byDetail = new Map()
      open.set(target, byDetail)
    }
    const run = byDetail.get(detail)
    if (run) run.push(record)
    else {
      const fresh = [record]
      byDetail.set(detail, fresh)
      runs.push(fresh)
    }
  }
  return runs
}

const recordsCache = new WeakMap<Person, ScimRecord[]>()

/** A person's records in time order (computed once per person; several rules read them). */
export function recordsOf(person: Person): ScimRecord[] {
  let records = recordsCache.get(person)
  if (!records) {
    records = person.timeline.map((entry) => entry.record)
    recordsCache.set(person, records)
  }
  return records
}

/** Runs of this person's own failures that `select` picks (failures the whole group explains are left out). */
export function personFailureRuns(
  person: Person,
  timelines: Timelines,
  select: (record: ScimRecord) => boolean,
): ScimRecord[][] {
  if (person.failures === 0) return [] // most people; several rules ask
  return clusterFailures(recordsOf(person), (r) => select(r) && personFailure(r, timelines))
}

/** The first success after `after` that `matches`, if any. */
export function laterSuccess(
  records: readonly ScimRecord[],
  after: ScimRecord,
  matches: (record: ScimRecord) => boolean,
): ScimRecord | undefined {
  return records.find((r) => r.timeMs > after.timeMs && succeeded(r) && matches(r))
}

// ---------------------------------------------------------------------------------------------------
// Group-wide facts

export type GroupLevelCause = 'unauthorized' | 'forbidden' | 'group-not-found'

export interface ScopeFacts {
  /** Failures explained by the group (token, SAML not enabled, group path unknown), not by a person. */
  groupLevel: Map<ScimRecord, GroupLevelCause>
  /** Per scope: the email domains of people created successfully, with how many people. */
  successDomains: Map<string, Map<string, number>>
  /** Records per scope, in time order. */
  byScope: Map<string, ScimRecord[]>
}

const factsCache = new WeakMap<Timelines, ScopeFacts>()

export function scopeKey(record: { scope: string; scopeKind: 'group' | 'instance' }): string {
  return `${record.scopeKind}:${record.scope}`
}

/**
 * The groups (paths) with at least one successful request, in the order they first appear in time (as in
 * `buildTimelines`' records: by time, then reading order). Records may come in any order.
 */
export function workingGroups(records: readonly ScimRecord[]): string[] {
  const first = new Map<string, { timeMs: number; index: number; scope: string; ok: boolean }>()
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ScimRecord
    const key = scopeKey(record)
    const seen = first.get(key)
    if (!seen) first.set(key, { timeMs: record.timeMs, index: i, scope: record.scope, ok: succeeded(record) })
    else {
      if (record.timeMs < seen.timeMs) {
        seen.timeMs = record.timeMs
        seen.index = i
      }
      if (!seen.ok && succeeded(record)) seen.ok = true
    }
  }
  return [...first.values()]
    .filter((group) => group.ok)
    .sort((a, b) => a.timeMs - b.timeMs || a.index - b.index)
    .map((group) => group.scope)
}

export function scopeFacts(timelines: Timelines): ScopeFacts {
  const cached = factsCache.get(timelines)
  if (cached) return cached
  const byScope = new Map<string, ScimRecord[]>()
  for (const record of timelines.records) {
    const key = scopeKey(record)
    const list = byScope.get(key)
    if (list) list.push(record)
    else byScope.set(key, [record])
  }
  const groupLevel = new Map<ScimRecord, GroupLevelCause>()
  for (const records of byScope.values()) {
    let streak: ScimRecord[] = []
    const close = () => {
      if (streak.some((r) => r.scimId === undefined))
        for (const r of streak) groupLevel.set(r, 'group-not-found')
      streak = []
    }
    for (const record of records) {
      if (record.status === 401) groupLevel.set(record, 'unauthorized')
      else if (record.status === 403) groupLevel.set(record, 'forbidden')
      if (record.resource !== 'Users') continue
      if (record.status === 404) streak.push(record)
      else if (record.status !== 401 && record.status !== 403) close()
    }
    close()
  }
  const successDomains = new Map<string, Map<string, number>>()
  const people = timelines.people
  for (let p = 0; p < people.length; p++) {
    const person = people[p] as Person
    const domains = new Set<string>()
    const timeline = person.timeline
    for (let i = 0; i < timeline.length; i++) {
      const record = (timeline[i] as TimelineEntry).record
      if (record.action !== 'create' || !succeeded(record)) continue
      const domain = domainOf(gitlabEmail(record.body))
      if (domain) domains.add(domain)
    }
    const key = `${person.scopeKind}:${person.scope}`
    let counts = successDomains.get(key)
    if (!counts) {
      counts = new Map()
      successDomains.set(key, counts)
    }
    for (const domain of domains) counts.set(domain, (counts.get(domain) ?? 0) + 1)
  }
  const facts = { groupLevel, successDomains, byScope }
  factsCache.set(timelines, facts)
  return facts
}

/** A failure that concerns this person (not a token, SAML or group-path problem affecting everyone). */
export function personFailure(record: ScimRecord, timelines: Timelines): boolean {
  return !succeeded(record) && !scopeFacts(timelines).groupLevel.has(record)
}

// ---------------------------------------------------------------------------------------------------
// A person's identity states, request by request

export type UidState = 'live' | 'inactive'

export interface Snapshot {
  entry: TimelineEntry
  record: ScimRecord
  /** The identity the request is about (lower-cased), if any. */
  uid?: string
  /** That identity's state just before the request (`undefined`: not seen yet). */
  before?: UidState
  /**
   * The last successful deprovision (PATCH active=false, DELETE) before this request. Only the last is kept:
   * a copy of the whole list per snapshot was quadratic in a person's deprovisions (probe D4).
   */
  lastDeprovision: ScimRecord | undefined
  /** Whether any of the person's identities was inactive just before this request. */
  anyInactive: boolean
  /** Whether any identity was live just before this request. */
  anyLive: boolean
  /** A successful PATCH that reactivated an inactive identity without asking for `active: true`. */
  implicitReactivation: boolean
}

const walkCache = new WeakMap<Person, Snapshot[]>()

/** Replay the person's identities at each request (reference §3.2–§3.4), from successes only. */
export function walkStates(person: Person): Snapshot[] {
  const cached = walkCache.get(person)
  if (cached) return cached
  const states = new Map<string, UidState>()
  let lastDeprovision: ScimRecord | undefined
  const snapshots: Snapshot[] = []
  const timeline = person.timeline
  for (let i = 0; i < timeline.length; i++) {
    const entry = timeline[i] as TimelineEntry
    const record = entry.record
    const uid = uidOf(record)
    let anyInactive = false
    let anyLive = false
    if (states.size > 0) {
      for (const state of states.values()) {
        if (state === 'inactive') anyInactive = true
        else anyLive = true
      }
    }
    const snapshot: Snapshot = {
      entry,
      record,
      lastDeprovision,
      anyInactive,
      anyLive,
      implicitReactivation: false,
    }
    if (uid !== undefined) {
      snapshot.uid = uid
      const before = states.get(uid)
      if (before !== undefined) snapshot.before = before
    }
    snapshots.push(snapshot)
    if (!succeeded(record) || uid === undefined) continue
    if (record.action === 'create') {
      states.set(uid, 'live')
    } else if (record.action === 'deactivate' || record.action === 'delete') {
      states.set(uid, 'inactive')
      lastDeprovision = record
    } else if (record.method === 'PATCH' && record.patch) {
      if (states.get(uid) === 'inactive' && record.patch.active !== true) snapshot.implicitReactivation = true
      states.set(uid, 'live')
      const renamed = record.patch.externUid?.toLowerCase()
      if (renamed !== undefined && renamed !== uid) {
        states.delete(uid)
        states.set(renamed, 'live')
      }
    } else if (record.method === 'GET' && record.scimId !== undefined && !states.has(uid)) {
      states.set(uid, 'live') // it answered, so it exists; its state is unknown, assume active
    }
  }
  walkCache.set(person, snapshots)
  return snapshots
}

// ---------------------------------------------------------------------------------------------------
// Wording

export function domainOf(email: string | undefined): string | undefined {
  if (!email) return undefined
  const at = email.lastIndexOf('@')
  if (at < 0 || at === email.length - 1) return undefined
  return email.slice(at + 1).toLowerCase()
}

/** How to name a person in a sentence. */
export function label(person: Person): string {
  return person.emails[0] ?? person.userNames[0] ?? person.externUids[0] ?? person.key
}

/** The extern_uid GitLab holds for the person now, as far as the log shows. */
export function currentUid(person: Person): string | undefined {
  const held = person.attributes.extern_uid?.value
  if (typeof held === 'string') return held
  const live = person.identities.filter((i) => !i.rejected && i.state !== 'not-seen' && !i.renamedTo)
  return live[live.length - 1]?.externUid ?? person.externUids[person.externUids.length - 1]
}

export function scimBase(scope: string, scopeKind: 'group' | 'instance'): string {
  return scopeKind === 'instance' ? '/api/scim/v2/application' : `/api/scim/v2/groups/${scope}`
}

export function scimUserPath(scope: string, scopeKind: 'group' | 'instance', uid: string): string {
  return `${scimBase(scope, scopeKind)}/Users/${encodeSegment(uid)}`
}

/** The public REST API path of a group (`:id` accepts the URL-encoded path). */
export function apiGroup(scope: string): string {
  return `/api/v4/groups/${encodeSegment(scope)}`
}

/** `GET …/Users?filter=userName eq "…"` written as an admin would type it. */
export function lookupCall(scope: string, scopeKind: 'group' | 'instance', userName: string): string {
  return `GET ${scimBase(scope, scopeKind)}/Users?filter=${encodeSegment(`userName eq "${userName}"`)}`
}

export function patchActiveCall(scope: string, scopeKind: 'group' | 'instance', uid: string): string {
  return `PATCH ${scimUserPath(scope, scopeKind, uid)} with {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":true}]} (SCIM token as Bearer; expect 204)`
}

/** The provider most of these records came from. */
export function idpOf(records: readonly ScimRecord[]): IdentityProvider {
  const counts = new Map<IdentityProvider, number>()
  for (const r of records) if (r.idp !== 'other') counts.set(r.idp, (counts.get(r.idp) ?? 0) + 1)
  let best: IdentityProvider = 'other'
  let most = 0
  for (const [idp, count] of counts)
    if (count > most) {
      best = idp
      most = count
    }
  return best
}

export function idpName(idp: IdentityProvider): string {
  return idp === 'okta' ? 'Okta' : idp === 'entra' ? 'Microsoft Entra ID' : 'the identity provider'
}

export type IdpOperation = 'create' | 'deactivate' | 'delete' | 'update' | 'lookup' | 'auth' | 'group'

const OKTA_EVENT: Record<IdpOperation, string> = {
  create: 'application.provision.user.push',
  deactivate: 'application.provision.user.deactivate',
  delete: 'application.provision.user.deactivate',
  update: 'application.provision.user.push',
  lookup: 'application.provision.user.push',
  auth: 'application.integration.authentication_failure',
  group: 'application.provision.group.add (or .group.verify_exists)',
}

const ENTRA_ACTION: Record<IdpOperation, string> = {
  create: 'Create',
  deactivate: 'Disable',
  delete: 'Delete',
  update: 'Update',
  lookup: 'Create',
  auth: 'Other',
  group: 'Create',
}

/** What the identity provider's own log shows for a failed operation. */
export function idpLogHint(
  idp: IdentityProvider,
  operation: IdpOperation,
  who: string,
  text?: string,
): string {
  const quoted = text ? ` quoting "${text}"` : ''
  if (idp === 'okta')
    return `Okta System Log (app → Provisioning → Reports → System Log): a failed ${OKTA_EVENT[operation]} event for ${who}${quoted}`
  if (idp === 'entra')
    return `Entra provisioning logs (Monitoring & health → Provisioning logs): action ${ENTRA_ACTION[operation]}, status Failure for ${who}; Troubleshooting & Recommendations${quoted || ' shows GitLab’s response'}`
  return `the identity provider's provisioning log: a failed request for ${who}${quoted}`
}

export function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value)
}

/** `2024-05-14 09:12:03` (UTC) for sentences. */
export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

export function requestedUid(record: ScimRecord): string | undefined {
  return requestedExternUid(record.body)
}

/** What kind of value an id looks like, to spot mapping changes (objectId → mail, Okta id → email). */
export function idKind(uid: string): string {
  if (/^00u[0-9A-Za-z]{10,}$/.test(uid)) return 'an Okta user id'
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uid))
    return 'a GUID (Entra objectId)'
  if (/^[^@\s]+@[^@\s]+$/.test(uid)) return 'an email address or UPN'
  return 'an opaque id'
}

/** Rank candidates (highest first) and say whether the top one clearly wins. */
export function rank(candidates: CandidateCause[]): { ranked: CandidateCause[]; confident: boolean } {
  const ranked = [...candidates].sort((a, b) => b.likelihood - a.likelihood)
  const top = ranked[0]?.likelihood ?? 0
  const second = ranked[1]?.likelihood ?? 0
  return { ranked, confident: top >= 0.75 && top - second >= 0.3 }
}

const ownerCache = new WeakMap<Timelines, Map<ScimRecord, Person>>()

/** The person each record belongs to (records about nobody are absent). */
export function personOf(timelines: Timelines): Map<ScimRecord, Person> {
  const cached = ownerCache.get(timelines)
  if (cached) return cached
  const map = new Map<ScimRecord, Person>()
  const people = timelines.people
  for (let p = 0; p < people.length; p++) {
    const person = people[p] as Person
    const timeline = person.timeline
    for (let i = 0; i < timeline.length; i++) map.set((timeline[i] as TimelineEntry).record, person)
  }
  ownerCache.set(timelines, map)
  return map
}

/** The retry advice for a provider. */
export function retryHint(idp: IdentityProvider): string {
  if (idp === 'okta') return 'Then retry in Okta (Dashboard → Tasks → Retry, or push the user again).'
  if (idp === 'entra')
    return 'Then use "Provision on demand" for the user in the Entra app, or wait for the next cycle (about 40 minutes).'
  return 'Then send the request again from the identity provider.'
}

/** Whether a user agent looks like a person at a terminal or a script rather than an identity provider. */
export function manualClient(record: ScimRecord): boolean {
  return (
    record.idp === 'other' &&
    /curl|wget|python|httpie|postman|insomnia|ruby|go-http|node-fetch|axios|powershell/i.test(
      record.userAgent ?? '',
    )
  )
}

/** A success that shows GitLab holds the identity (a filter lookup answers 200 even with no match). */
export function provesIdentity(record: ScimRecord): boolean {
  return succeeded(record) && (record.action === 'create' || record.scimId !== undefined)
}

/** The extern_uid GitLab holds after a request that proves an identity. */
export function heldUidAfter(record: ScimRecord): string | undefined {
  return record.patch?.externUid ?? record.scimId ?? requestedExternUid(record.body)
}

/** Append to a list in a map (without copying the list). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
