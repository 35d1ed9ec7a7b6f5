/**
 * A person's failures as runs of the same failure (retries), and what proves or names an identity around
 * them: the facts most person rules start from.
 */
import type { ScimRecord } from '../../records/types.js'
import { requestedExternUid, succeeded } from '../../records/types.js'
import { concernedUid } from '../../timelines/replay.js'
import type { Person, Timelines } from '../../timelines/types.js'
import { personFailure } from './scope-facts.js'

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

export function requestedUid(record: ScimRecord): string | undefined {
  return requestedExternUid(record.body)
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
