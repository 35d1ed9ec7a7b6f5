/**
 * Probes: lookups of an id that never appears again, in the pattern of an identity provider's connection
 * test (issue #13 §6). Entra's "Test Connection" looks up a random GUID that belongs to nobody (Microsoft's
 * SCIM guide: it "queries for a non-existent user with a random GUID"), and monitoring checks do alike;
 * such a lookup answers 200 with no match and the id never comes back. They are shown as
 * probes of the group, not as people, so people counts are not inflated.
 */
import type { ScimRecord } from '../records/types.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether a linked group of records is a probe rather than a person: at most two filter lookups of a GUID
 * nobody else uses, answered 200, and nothing else about it in the log. A GET by id that answers 404 is
 * not a probe: that is an identity provider holding an id GitLab lacks (stale-id-in-identity-provider).
 */
export function isProbe(records: readonly ScimRecord[]): boolean {
  if (records.length === 0 || records.length > 2) return false
  for (const r of records) {
    if (r.method !== 'GET' || r.action !== 'lookup' || r.api !== 'scim') return false
    if (r.status !== 200 || r.scimId !== undefined) return false
    const value = r.body.filter?.value
    if (value === undefined || !GUID.test(value)) return false
  }
  return true
}
