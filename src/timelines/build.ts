/**
 * The timelines stage: records in, people with timelines out.
 */
import { exact } from '../common/arrays.js'
import { finish, type Steps } from '../common/steps.js'
import { filterKey } from '../records/filter.js'
import { settleSteps } from '../records/idp.js'
import { scopeKey } from '../records/scope-key.js'
import type { IdentityProvider, ScimEmail, ScimRecord } from '../records/types.js'
import { gitlabEmail, succeeded } from '../records/types.js'
import { clientsOf } from './clients.js'
import { compareCodeUnits, compareIsoTimes } from './compare.js'
import { linkSteps } from './linking.js'
import { isProbe } from './probes.js'
import { replay } from './replay.js'
import type { IdentityHistory, Person, ScopeActivity, TimelineOptions, Timelines } from './types.js'

function pushUnique(list: string[], value: string | undefined, seen: Set<string>): void {
  if (value === undefined || value === '') return
  const key = value.toLowerCase()
  if (seen.has(key)) return
  seen.add(key)
  list.push(value)
}

function buildPerson(records: ScimRecord[], options: TimelineOptions): Person {
  const result = replay(records, options)
  const first = records[0] as ScimRecord
  const last = records[records.length - 1] as ScimRecord
  const externUids: string[] = []
  const userNames: string[] = []
  const emails: string[] = []
  const seen = { uid: new Set<string>(), user: new Set<string>(), email: new Set<string>() }
  const idps: IdentityProvider[] = []
  let displayName: string | undefined
  // Indexed loops: in unoptimised code (most of a run, see cli/startup.ts) `for…of` allocates per step.
  const identities = result.identities
  for (let i = 0; i < identities.length; i++)
    pushUnique(externUids, (identities[i] as IdentityHistory).externUid, seen.uid)
  let failures = 0
  for (let r = 0; r < records.length; r++) {
    const record = records[r] as ScimRecord
    if (!succeeded(record)) failures++
    if (record.method === 'POST') {
      pushUnique(userNames, record.body.userName, seen.user)
      // GitLab's email (work or primary) first; the others still identify the person to a reader.
      pushUnique(emails, gitlabEmail(record.body), seen.email)
      const sent = record.body.emails
      for (let e = 0; e < sent.length; e++) pushUnique(emails, (sent[e] as ScimEmail).value, seen.email)
      displayName ??= record.body.displayName ?? record.body.name?.formatted
    }
    const filter = record.body.filter
    if (filter && filterKey(filter) === 'userName') pushUnique(userNames, filter.value, seen.user)
    else if (filter && /email/i.test(filter.attribute)) pushUnique(emails, filter.value, seen.email)
    if (record.idp !== 'other' && !idps.includes(record.idp)) idps.push(record.idp)
  }
  if (displayName === undefined) {
    const name = result.attributes.name?.value
    if (typeof name === 'string' && name !== '') displayName = name
  }
  const keyId = externUids[0] ?? userNames[0] ?? emails[0] ?? '?'
  const person: Person = {
    key: `${first.scope}/${keyId}`,
    scope: first.scope,
    scopeKind: first.scopeKind,
    externUids: exact(externUids),
    renames: exact(result.renames),
    userNames: exact(userNames),
    emails: exact(emails),
    idps: exact(idps),
    clients: exact(clientsOf(records)),
    identities: exact(result.identities),
    state: result.state,
    attributes: result.attributes,
    timeline: exact(result.timeline),
    requests: records.length,
    failures,
    firstSeen: first.time,
    lastSeen: last.time,
    lastStatus: last.status,
  }
  if (displayName !== undefined) person.displayName = displayName
  return person
}

/** People built between two pauses of `timelineSteps`. */
const PEOPLE_PER_STEP = 256

/** Build every person's timeline. Records may come in any order; they are sorted by time here. */
export function buildTimelines(input: readonly ScimRecord[], options: TimelineOptions = {}): Timelines {
  return finish(timelineSteps(input, options))
}

/** `buildTimelines`, pausing every few hundred people (`common/steps.ts`). */
export function* timelineSteps(
  input: readonly ScimRecord[],
  options: TimelineOptions = {},
): Steps<Timelines> {
  const records = yield* settleSteps(input)
  const linked = yield* linkSteps(records)
  const unattributed = linked.unattributed
  const built: Person[] = []
  const probes: ScimRecord[] = []
  const groups = linked.groups
  for (let g = 0; g < groups.length; g++) {
    if (g % PEOPLE_PER_STEP === PEOPLE_PER_STEP - 1) yield
    const group = groups[g] as ScimRecord[]
    if (isProbe(group)) for (const r of group) probes.push(r)
    else built.push(buildPerson(group, options))
  }
  yield
  const people = uniqueKeys(
    built.sort((a, b) => compareIsoTimes(a.firstSeen, b.firstSeen) || compareCodeUnits(a.key, b.key)),
  )
  yield
  const byScope = new Map<string, ScopeActivity>()
  for (const record of unattributed) {
    const key = scopeKey(record)
    let activity = byScope.get(key)
    if (!activity) {
      activity = { scope: record.scope, scopeKind: record.scopeKind, records: [] }
      byScope.set(key, activity)
    }
    activity.records.push(record)
  }
  return { people, unattributed: [...byScope.values()], records, probes }
}

/**
 * Make every key unique: `timeline <key>` and `explain <key>` must find exactly the person a JSON output
 * printed the key for. Two people of one scope can share a first id (people known only by a lookup
 * that carries no id are all `<scope>/?`), so later ones get `#2`, `#3`, … in build order. Split reports
 * build a scope's people in one thread, so the suffixes are the same either way.
 */
function uniqueKeys(people: Person[]): Person[] {
  const seen = new Map<string, number>()
  for (const person of people) {
    const count = (seen.get(person.key) ?? 0) + 1
    seen.set(person.key, count)
    if (count > 1) person.key = `${person.key}#${count}`
  }
  return people
}

/** Collect an async iterable of records and build timelines (records are few: ~1% of log lines). */
export async function collectTimelines(records: AsyncIterable<ScimRecord>): Promise<Timelines> {
  const all: ScimRecord[] = []
  for await (const record of records) all.push(record)
  return buildTimelines(all)
}
