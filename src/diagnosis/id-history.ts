/**
 * What the log shows of an id before a request that failed on it: whether GitLab created an identity
 * with it, and whether it was deprovisioned since. A finding that explains a 404 must not call an id
 * "never provisioned" beside its own 201 (issue #13 §7).
 */
import { requestedExternUid, type ScimRecord, succeeded } from '../records/types.js'

export interface IdHistory {
  /** The last successful create of the id before the failure. */
  created?: ScimRecord
  /** A successful DELETE or deprovision of the id after that create and before the failure. */
  removed?: ScimRecord
}

export function idHistory(records: readonly ScimRecord[], uid: string, beforeMs: number): IdHistory {
  const key = uid.toLowerCase()
  let created: ScimRecord | undefined
  let removed: ScimRecord | undefined
  for (const r of records) {
    if (r.timeMs >= beforeMs || !succeeded(r)) continue
    if (r.action === 'create' && requestedExternUid(r.body)?.toLowerCase() === key) {
      created = r
      removed = undefined
    } else if (
      created &&
      r.scimId?.toLowerCase() === key &&
      (r.action === 'delete' || r.action === 'deactivate')
    ) {
      removed = r
    }
  }
  return { ...(created ? { created } : {}), ...(removed ? { removed } : {}) }
}

/** The last request that answered 404 on the id after `afterMs`, with no success on it since. */
export function goneSince(
  records: readonly ScimRecord[],
  uid: string,
  afterMs: number,
): ScimRecord | undefined {
  const key = uid.toLowerCase()
  let gone: ScimRecord | undefined
  for (const r of records) {
    if (r.timeMs <= afterMs || r.scimId?.toLowerCase() !== key) continue
    if (r.status === 404) gone ??= r
    else if (succeeded(r)) gone = undefined
  }
  return gone
}

/**
 * A confirm step that GETs an id expecting `expectation` ("active": false, …) — unless the log shows that
 * id answering 404 later: then the identity is gone, and the step says so and looks the user up instead
 * (a confirm must not expect an id the same report calls stale to be live; issue #13 §7).
 */
export function getIdStep(
  records: readonly ScimRecord[],
  path: string,
  uid: string,
  afterMs: number,
  expectation: string,
  lookup: string,
): string {
  const gone = goneSince(records, uid, afterMs)
  if (!gone) return `GET ${path} ${expectation}.`
  return `GET ${path} answers 404 (as it did at ${gone.time}): the identity is gone, so find the id GitLab holds with ${lookup}.`
}

/**
 * When the log shows `uid` answering 404 after `afterMs`: the step to give instead of a PATCH on it
 * (a PATCH of an id GitLab no longer holds 404s too, as it did before 13.0 after a deprovision).
 */
export function goneStep(
  records: readonly ScimRecord[],
  uid: string,
  afterMs: number,
  lookup: string,
): string | undefined {
  const gone = goneSince(records, uid, afterMs)
  if (!gone) return undefined
  return `${uid} answers 404 since ${gone.time}, so GitLab no longer holds it and a PATCH on it would 404 too: find the id GitLab holds with ${lookup} and use that one (none: the identity is gone, and the next create makes a new one once the account is linked to SAML).`
}
