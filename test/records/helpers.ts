/**
 * Small builders for API log documents, so each test states only what it is about.
 */
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'
import type { LogDoc, Origin } from '../../src/sources/types.js'

export const GROUP_USERS = '/api/scim/v2/groups/acme-corp/Users'

/** A neutral user agent, so the identity provider comes from the request shape alone. */
export const NEUTRAL_UA = 'curl/8.5.0'

let line = 0

/** An `api_json.log` document with sensible defaults; `overrides` replace whole fields. */
export function logDoc(overrides: LogDoc = {}): LogDoc {
  return {
    time: '2024-05-14T09:12:03.412Z',
    severity: 'INFO',
    duration_s: 0.023113,
    status: 200,
    method: 'GET',
    path: GROUP_USERS,
    params: [],
    host: 'gitlab.com',
    remote_ip: '198.51.100.23',
    ua: NEUTRAL_UA,
    ...overrides,
  }
}

/** GitLab's `[{key, value}]` params array from a plain object (key order kept). */
export function kv(values: Record<string, unknown>): { key: string; value: unknown }[] {
  return Object.entries(values).map(([key, value]) => ({ key, value }))
}

export function origin(): Origin {
  line++
  return { source: 'test.log', line }
}

/** Normalise a document that must be a SCIM request. */
export function record(overrides: LogDoc = {}): ScimRecord {
  const result = normalise(logDoc(overrides), origin())
  if (result.kind !== 'scim') throw new Error(`expected a SCIM record, got ${JSON.stringify(result)}`)
  return result.record
}

/** A PATCH of one user with the given operations. */
export function patchDoc(id: string, operations: unknown, overrides: LogDoc = {}): LogDoc {
  return {
    method: 'PATCH',
    status: 204,
    path: `${GROUP_USERS}/${id}`,
    params: kv({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }),
    ...overrides,
  }
}
