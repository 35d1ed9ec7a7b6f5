/**
 * Group-wide facts several rules need: which failures the group explains (token, SAML, group path) rather
 * than a person, the email domains each group provisions, the groups that work, and who owns each record.
 */

import { finish, type Steps } from '../../common/steps.js'
import { scopeKey } from '../../records/scope-key.js'
import type { ScimRecord } from '../../records/types.js'
import { gitlabEmail, succeeded } from '../../records/types.js'
import type { Person, TimelineEntry, Timelines } from '../../timelines/types.js'
import { domainOf } from '../wording/phrases.js'

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

export { scopeKey }

/**
 * The groups (paths) with at least one successful request, in the order they first appear in time (as in
 * `buildTimelines`' records: by time, then reading order). Records may come in any order.
 */
export function workingGroups(records: readonly ScimRecord[]): string[] {
  return finish(workingGroupsSteps(records))
}

/** Records, and people, between two pauses of the facts' steps (`common/steps.ts`). */
const RECORDS_PER_STEP = 8192
const PEOPLE_PER_STEP = 1024

/** `workingGroups`, pausing every few thousand records. */
export function* workingGroupsSteps(records: readonly ScimRecord[]): Steps<string[]> {
  const first = new Map<string, { timeMs: number; index: number; scope: string; ok: boolean }>()
  for (let i = 0; i < records.length; i++) {
    if (i % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) yield
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
  return factsCache.get(timelines) ?? finish(scopeFactsSteps(timelines))
}

/** `scopeFacts`, pausing every few thousand records: they are computed once per timelines, and kept. */
export function* scopeFactsSteps(timelines: Timelines): Steps<ScopeFacts> {
  const cached = factsCache.get(timelines)
  if (cached) return cached
  const byScope = new Map<string, ScimRecord[]>()
  const all = timelines.records
  for (let i = 0; i < all.length; i++) {
    if (i % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) yield
    const record = all[i] as ScimRecord
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
    for (let i = 0; i < records.length; i++) {
      if (i % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) yield
      const record = records[i] as ScimRecord
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
    if (p % PEOPLE_PER_STEP === PEOPLE_PER_STEP - 1) yield
    const person = people[p] as Person
    const domains = new Set<string>()
    const timeline = person.timeline
    for (let i = 0; i < timeline.length; i++) {
      const record = (timeline[i] as TimelineEntry).record
      if (record.action !== 'create' || !succeeded(record)) continue
      const domain = domainOf(gitlabEmail(record.body))
      if (domain) domains.add(domain)
    }
    const key = scopeKey(person)
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

const ownerCache = new WeakMap<Timelines, Map<ScimRecord, Person>>()

/** The person each record belongs to (records about nobody are absent). */
export function personOf(timelines: Timelines): Map<ScimRecord, Person> {
  return ownerCache.get(timelines) ?? finish(personOfSteps(timelines))
}

/** `personOf`, pausing every thousand people: computed once per timelines, and kept. */
export function* personOfSteps(timelines: Timelines): Steps<Map<ScimRecord, Person>> {
  const cached = ownerCache.get(timelines)
  if (cached) return cached
  const map = new Map<ScimRecord, Person>()
  const people = timelines.people
  for (let p = 0; p < people.length; p++) {
    if (p % PEOPLE_PER_STEP === PEOPLE_PER_STEP - 1) yield
    const person = people[p] as Person
    const timeline = person.timeline
    for (let i = 0; i < timeline.length; i++) map.set((timeline[i] as TimelineEntry).record, person)
  }
  ownerCache.set(timelines, map)
  return map
}

/** Append to a list in a map (without copying the list). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * The records `keep` accepts, by scope (`scopeKey`), each list in the records' order: the first step of
 * every group-wide rule that gives one finding per group.
 */
export function recordsByScope(
  records: readonly ScimRecord[],
  keep: (record: ScimRecord) => boolean,
): Map<string, ScimRecord[]> {
  const byScope = new Map<string, ScimRecord[]>()
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as ScimRecord
    if (keep(record)) pushTo(byScope, scopeKey(record), record)
  }
  return byScope
}

/** A request that failed for a reason of its own: not 2xx, and not a 401/403 (the whole group's token). */
export function failedOnItsOwn(record: ScimRecord): boolean {
  return !succeeded(record) && record.status !== 401 && record.status !== 403
}
