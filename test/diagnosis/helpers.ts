/**
 * Compact request descriptions → `api_json.log`-shaped documents → the real pipeline
 * (`normalise` → `buildTimelines` → `diagnose`).
 */
import { type Diagnosis, diagnose } from '../../src/diagnosis/index.js'
import type { DiagnosisOptions, Finding } from '../../src/diagnosis/types.js'
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'
import type { LogDoc } from '../../src/sources/types.js'
import { buildTimelines } from '../../src/timelines/build.js'
import type { Timelines } from '../../src/timelines/types.js'

export const OKTA_UA = 'Okta SCIM Client 1.0.0'
export const ENTRA_UA = 'Azure AD SCIM provisioning'
export const OKTA_IP = '198.51.100.23'
export const ENTRA_IP = '20.44.0.10'
export const GROUP = 'acme-corp'

export interface Req {
  time: string
  method: string
  /** Relative to the group's SCIM base: `Users`, `Users/<id>`, `Groups`. */
  path: string
  status: number | 'fail'
  params?: Record<string, unknown>
  ua?: string
  ip?: string
  group?: string
}

export function doc(req: Req): LogDoc {
  const base = `/api/scim/v2/groups/${req.group ?? GROUP}`
  return {
    time: req.time,
    severity: 'INFO',
    duration_s: 0.05,
    status: req.status,
    method: req.method,
    path: `${base}/${req.path}`,
    params: Object.entries(req.params ?? {}).map(([key, value]) => ({ key, value })),
    host: 'gitlab.com',
    remote_ip: req.ip ?? OKTA_IP,
    ua: req.ua ?? OKTA_UA,
    route: '/api/scim/:version/groups/:group/Users',
  }
}

export interface Person {
  uid: string
  email: string
  userName?: string
  given?: string
  family?: string
}

const okta = { ua: OKTA_UA, ip: OKTA_IP }
const entra = { ua: ENTRA_UA, ip: ENTRA_IP }

export const O = {
  lookup: (time: string, userName: string, status = 200): Req => ({
    time,
    method: 'GET',
    path: 'Users',
    status,
    params: { filter: `userName eq "${userName}"`, startIndex: '1', count: '100' },
    ...okta,
  }),
  create: (time: string, p: Person, status = 201, extra: Record<string, unknown> = {}): Req => ({
    time,
    method: 'POST',
    path: 'Users',
    status,
    params: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: p.userName ?? p.email,
      name: { givenName: p.given ?? 'Jane', familyName: p.family ?? 'Doe' },
      emails: [{ primary: true, value: p.email, type: 'work' }],
      displayName: `${p.given ?? 'Jane'} ${p.family ?? 'Doe'}`,
      locale: 'en-US',
      externalId: p.uid,
      groups: [],
      password: '[FILTERED]',
      active: true,
      ...extra,
    },
    ...okta,
  }),
  active: (time: string, uid: string, active: boolean, status = 204): Req => ({
    time,
    method: 'PATCH',
    path: `Users/${uid}`,
    status,
    params: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active } }],
    },
    ...okta,
  }),
  patch: (time: string, uid: string, value: Record<string, unknown>, status = 204): Req => ({
    time,
    method: 'PATCH',
    path: `Users/${uid}`,
    status,
    params: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value }],
    },
    ...okta,
  }),
  put: (time: string, p: Person, status = 404): Req => ({
    time,
    method: 'PUT',
    path: `Users/${p.uid}`,
    status,
    params: { userName: p.email, externalId: p.uid, active: true },
    ...okta,
  }),
}

export const E = {
  lookup: (time: string, attribute: string, value: string, status = 200): Req => ({
    time,
    method: 'GET',
    path: 'Users',
    status,
    params: { filter: `${attribute} eq "${value}"` },
    ...entra,
  }),
  create: (time: string, p: Person, status = 201, name?: Record<string, unknown> | null): Req => {
    const params: Record<string, unknown> = {
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ],
      externalId: p.uid,
      userName: p.userName ?? p.email.split('@')[0],
      active: true,
      emails: [{ primary: true, type: 'work', value: p.email }],
      meta: { resourceType: 'User' },
      roles: [],
    }
    if (name !== null)
      params.name = name ?? {
        formatted: `${p.given ?? 'John'} ${p.family ?? 'Smith'}`,
        familyName: p.family ?? 'Smith',
        givenName: p.given ?? 'John',
      }
    return { time, method: 'POST', path: 'Users', status, params, ...entra }
  },
  ops: (time: string, uid: string, ops: Record<string, unknown>[], status = 204): Req => ({
    time,
    method: 'PATCH',
    path: `Users/${uid}`,
    status,
    params: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops },
    ...entra,
  }),
  disable: (time: string, uid: string, status = 204): Req =>
    E.ops(time, uid, [{ op: 'Replace', path: 'active', value: 'False' }], status),
  enable: (time: string, uid: string, status = 204): Req =>
    E.ops(time, uid, [{ op: 'Replace', path: 'active', value: 'True' }], status),
  remove: (time: string, uid: string, status = 204): Req => ({
    time,
    method: 'DELETE',
    path: `Users/${uid}`,
    status,
    ...entra,
  }),
  get: (time: string, uid: string, status = 200): Req => ({
    time,
    method: 'GET',
    path: `Users/${uid}`,
    status,
    ...entra,
  }),
}

/** Times: `t(0)` is 2024-05-14 09:00:00Z, `t(n)` n minutes later. */
export function t(minutes: number, base = '2024-05-14T09:00:00.000Z'): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString()
}

export function records(reqs: readonly Req[]): ScimRecord[] {
  return reqs.map((req, i) => {
    const result = normalise(doc(req), { source: 'api_json.log', line: i + 1 })
    if (result.kind !== 'scim')
      throw new Error(`request ${i + 1} is not a SCIM record: ${JSON.stringify(result)}`)
    return result.record
  })
}

export function run(
  reqs: readonly Req[],
  options: Partial<DiagnosisOptions> = {},
): { timelines: Timelines; diagnosis: Diagnosis } {
  const timelines = buildTimelines(records(reqs))
  return { timelines, diagnosis: diagnose(timelines, options) }
}

export function rules(diagnosis: Diagnosis): string[] {
  return [...new Set(diagnosis.all.map((f) => f.rule))].sort()
}

export function only(diagnosis: Diagnosis, rule: string): Finding[] {
  return diagnosis.all.filter((f) => f.rule === rule)
}

/** Findings a healthy log must not have. */
export function alarms(diagnosis: Diagnosis): Finding[] {
  return diagnosis.all.filter((f) => f.severity !== 'info')
}

/** A healthy Okta person: lookup, create, deactivate, reactivate. */
export function healthyOkta(p: Person, start = 0): Req[] {
  return [
    O.lookup(t(start), p.email),
    O.create(t(start + 0.1), p),
    O.active(t(start + 600), p.uid, false),
    O.active(t(start + 900), p.uid, true),
  ]
}

/** A healthy Entra person: lookup by externalId, create, disable, enable. */
export function healthyEntra(p: Person, start = 0): Req[] {
  return [
    E.lookup(t(start), 'externalId', p.uid),
    E.create(t(start + 0.1), p),
    E.disable(t(start + 600), p.uid),
    E.enable(t(start + 900), p.uid),
  ]
}

export const jane: Person = {
  uid: '00u8k2j3h4G5f6D7s8a9',
  email: 'jane.doe@acme.example',
  given: 'Jane',
  family: 'Doe',
}
export const bob: Person = {
  uid: '00u1a2b3c4D5e6F7g8h9',
  email: 'bob.ross@acme.example',
  given: 'Bob',
  family: 'Ross',
}
export const carl: Person = {
  uid: '00u9z8y7x6W5v4U3t2s1',
  email: 'contractor1@partner.example',
  given: 'Carl',
  family: 'Tractor',
}
export const john: Person = {
  uid: '6f1c2e8a-3b4d-4e5f-9a0b-1c2d3e4f5a6b',
  email: 'john.smith@acme.example',
  userName: 'jsmith',
  given: 'John',
  family: 'Smith',
}
export const mary: Person = {
  uid: 'a1b2c3d4-1111-4e5f-9a0b-1c2d3e4f5a6b',
  email: 'mary.major@acme.example',
  userName: 'mmajor',
  given: 'Mary',
  family: 'Major',
}
