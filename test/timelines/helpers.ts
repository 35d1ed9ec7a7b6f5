/**
 * Builders for SCIM records in timeline tests: one call per request, times one minute apart unless given.
 */
import type { ScimRecord } from '../../src/records/types.js'
import { GROUP_USERS, kv, patchDoc, record } from '../records/helpers.js'

let clock = Date.UTC(2024, 4, 14, 9, 0, 0)

/** The next request time (one minute after the previous one). */
function nextTime(): string {
  clock += 60_000
  return new Date(clock).toISOString()
}

export interface Common {
  status?: number
  time?: string
  group?: string
}

function base(c: Common, path: string): Record<string, unknown> {
  const at = c.group ? path.replace('/groups/acme-corp/', `/groups/${c.group}/`) : path
  return { time: c.time ?? nextTime(), path: at, ...(c.status !== undefined ? { status: c.status } : {}) }
}

export interface PostFields extends Common {
  externalId?: string
  id?: string
  userName?: string
  email?: string
  emails?: unknown[]
  name?: unknown
  displayName?: string
}

export function post(f: PostFields): ScimRecord {
  const params: Record<string, unknown> = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] }
  if (f.externalId !== undefined) params.externalId = f.externalId
  if (f.id !== undefined) params.id = f.id
  if (f.userName !== undefined) params.userName = f.userName
  if (f.name !== undefined) params.name = f.name
  if (f.emails !== undefined) params.emails = f.emails
  else if (f.email !== undefined) params.emails = [{ primary: true, type: 'work', value: f.email }]
  if (f.displayName !== undefined) params.displayName = f.displayName
  params.active = true
  return record({ method: 'POST', status: 201, ...base(f, GROUP_USERS), params: kv(params) })
}

export function patch(uid: string, operations: unknown[], c: Common = {}): ScimRecord {
  const doc = patchDoc(encodeURIComponent(uid), operations)
  return record({ ...doc, ...base(c, doc.path as string) })
}

export const deactivate = (uid: string, c: Common = {}) =>
  patch(uid, [{ op: 'Replace', path: 'active', value: 'False' }], c)
export const reactivate = (uid: string, c: Common = {}) =>
  patch(uid, [{ op: 'replace', value: { active: true } }], c)

export function del(uid: string, c: Common = {}): ScimRecord {
  return record({ method: 'DELETE', status: 204, ...base(c, `${GROUP_USERS}/${encodeURIComponent(uid)}`) })
}

export function getById(uid: string, c: Common = {}): ScimRecord {
  return record({ method: 'GET', status: 200, ...base(c, `${GROUP_USERS}/${encodeURIComponent(uid)}`) })
}

export function lookup(filter: string, c: Common = {}): ScimRecord {
  return record({ method: 'GET', status: 200, ...base(c, GROUP_USERS), params: kv({ filter }) })
}
