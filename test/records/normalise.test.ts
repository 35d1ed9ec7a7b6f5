import { describe, expect, it } from 'vitest'
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'
import { GROUP_USERS, kv, logDoc, origin, patchDoc, record } from './helpers.js'

describe('normalise: fields of the log line', () => {
  it('converts the old millisecond `duration` to seconds (reference §1.1)', () => {
    const r = record({ duration_s: undefined, duration: 709.08, db: 14.59, view: 694.49 })
    expect(r.durationS).toBeCloseTo(0.70908, 9)
  })

  it('prefers duration_s when both are present', () => {
    expect(record({ duration_s: 0.5, duration: 9000 }).durationS).toBe(0.5)
  })

  it('leaves durationS out when the line has no duration', () => {
    expect(record({ duration_s: undefined }).durationS).toBeUndefined()
  })

  it('accepts a numeric string status from exports, and "fail" as no response', () => {
    expect(record({ status: '201' }).status).toBe(201)
    expect(record({ status: 'fail' }).status).toBeNull()
  })

  it('upper-cases the method', () => {
    expect(record({ method: 'patch', path: `${GROUP_USERS}/x` }).method).toBe('PATCH')
  })
})

describe('normalise: wrong types in known fields are skipped as bad-field-type', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['status "abc"', { status: 'abc' }],
    ['status 2.5', { status: 2.5 }],
    ['params "x"', { params: 'x' }],
    ['params 42', { params: 42 }],
    ['a params entry that is not an object', { params: ['userName'] }],
    ['a params entry without a string key', { params: [{ key: 7, value: 'x' }] }],
    ['missing method', { method: undefined }],
    ['empty method', { method: '' }],
    ['method 5', { method: 5 }],
    ['a method holding a terminal escape', { method: '\u001b[2J' }],
    ['a method with spaces', { method: 'GET /x' }],
    ['path 5', { path: 5 }],
    ['time "yesterday"', { time: 'yesterday' }],
    ['missing time', { time: undefined }],
  ]
  for (const [name, overrides] of cases) {
    it(name, () => {
      const result = normalise(logDoc(overrides), origin())
      expect(result.kind).toBe('skip')
      if (result.kind === 'skip') {
        expect(result.reason).toBe('bad-field-type')
        expect(result.detail).not.toBe('')
      }
    })
  }
})

describe('normalise: paths', () => {
  it('counts non-SCIM API traffic as other', () => {
    // The SCIM identity API (`/api/v4/groups/:id/scim/…`) is read since issue #13 §5 (next test).
    for (const path of ['/api/v4/projects', '/api/v4/groups/42/members', '/scim/v2/Users']) {
      expect(normalise(logDoc({ path }), origin()), path).toEqual({ kind: 'other' })
    }
  })

  it('reads the SCIM identity API as identity records of the top-level group', () => {
    const get = normalise(
      logDoc({ path: '/api/v4/groups/acme-corp%2Fsub/scim/00u1', method: 'GET' }),
      origin(),
    )
    expect(
      get.kind === 'scim' && [get.record.api, get.record.scope, get.record.scimId, get.record.action],
    ).toEqual(['identity', 'acme-corp', '00u1', 'lookup'])
    const patch = normalise(
      logDoc({
        path: '/api/v4/groups/42/scim/00u1',
        method: 'PATCH',
        status: 204,
        params: [{ key: 'extern_uid', value: 'jane@acme.example' }],
        'meta.root_namespace': 'acme-corp',
      }),
      origin(),
    )
    expect(
      patch.kind === 'scim' && [patch.record.scope, patch.record.action, patch.record.patch?.externUid],
    ).toEqual(['acme-corp', 'change-extern-uid', 'jane@acme.example'])
    const list = normalise(logDoc({ path: '/api/v4/groups/42/scim/identities', method: 'GET' }), origin())
    expect(list.kind === 'scim' && [list.record.scope, list.record.action]).toEqual(['id:42', 'list'])
  })

  it('counts a line without a path as other, not skipped', () => {
    expect(normalise(logDoc({ path: undefined }), origin())).toEqual({ kind: 'other' })
  })

  it('reads group SCIM paths with and without an id', () => {
    const list = record({ path: GROUP_USERS })
    expect(list).toMatchObject({ scope: 'acme-corp', scopeKind: 'group', resource: 'Users', action: 'list' })
    expect(list.scimId).toBeUndefined()
    const one = record({ path: `${GROUP_USERS}/00u8k2j3h4G5f6D7s8a9` })
    expect(one).toMatchObject({ scimId: '00u8k2j3h4G5f6D7s8a9', action: 'lookup' })
  })

  it('reads instance SCIM paths (/api/scim/v2/application)', () => {
    const r = record({ method: 'DELETE', status: 204, path: '/api/scim/v2/application/Users/abc-123' })
    expect(r).toMatchObject({
      scope: 'application',
      scopeKind: 'instance',
      resource: 'Users',
      scimId: 'abc-123',
      action: 'delete',
    })
  })

  it('reads /Groups as its own resource, never as a user action', () => {
    const r = record({
      method: 'POST',
      status: 201,
      path: '/api/scim/v2/application/Groups',
      params: kv({ displayName: 'Engineering', externalId: 'g-1' }),
    })
    expect(r.resource).toBe('Groups')
    expect(r.action).toBe('other')
    const patch = record(
      patchDoc('g-1', [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }], {
        path: '/api/scim/v2/application/Groups/g-1',
      }),
    )
    expect(patch.resource).toBe('Groups')
    expect(patch.action).toBe('other')
  })

  it('decodes URL-encoded ids (an email used as externalId, a space)', () => {
    expect(record({ path: `${GROUP_USERS}/john.smith%40acme.example` }).scimId).toBe(
      'john.smith@acme.example',
    )
    expect(record({ path: `${GROUP_USERS}/a%20b` }).scimId).toBe('a b')
    // A broken escape is kept as sent rather than failing the line.
    expect(record({ path: `${GROUP_USERS}/100%` }).scimId).toBe('100%')
  })

  it('treats a trailing slash on the collection as the collection', () => {
    const r = record({ method: 'POST', status: 201, path: `${GROUP_USERS}/` })
    expect(r.scimId).toBeUndefined()
    expect(r.action).toBe('create')
  })
})

describe('normalise: actions', () => {
  it('a GET with a filter is a lookup, without one a list', () => {
    expect(record({ params: kv({ filter: 'userName eq "x"' }) }).action).toBe('lookup')
    expect(record({ params: kv({ startIndex: '1', count: '100' }) }).action).toBe('list')
  })

  it('a POST to /Users/:id is not a create', () => {
    expect(record({ method: 'POST', path: `${GROUP_USERS}/x` }).action).toBe('other')
  })

  it('a PATCH that deactivates and changes externalId is a deactivate (deprovision wins, §3.3)', () => {
    const r = record(
      patchDoc('old', [
        { op: 'Replace', path: 'externalId', value: 'new' },
        { op: 'Replace', path: 'active', value: 'False' },
      ]),
    )
    expect(r.patch).toMatchObject({ active: false, externUid: 'new' })
    expect(r.action).toBe('deactivate')
  })

  it('a PATCH of attributes GitLab ignores is an ignored-update', () => {
    const r = record(patchDoc('x', [{ op: 'Replace', path: 'name.familyName', value: 'Doe' }]))
    expect(r.action).toBe('ignored-update')
  })

  it('a PATCH with only remove ops changes nothing', () => {
    const r = record(patchDoc('x', [{ op: 'Remove', path: 'emails[type eq "work"].value' }]))
    expect(r.action).toBe('other')
    expect(r.patch?.skippedOps).toHaveLength(1)
  })
})

describe('normalise: values are data', () => {
  it('keeps control characters and escapes as they are (views escape them)', () => {
    const nasty = 'jane\u001b[31m\r\nevil\u0000'
    const r = record({
      method: 'POST',
      status: 201,
      params: kv({ userName: nasty, externalId: 'e\tx' }),
    })
    expect(r.body.userName).toBe(nasty)
    expect(r.body.externalId).toBe('e\tx')
  })

  it('bounds huge string values', () => {
    const huge = 'a'.repeat(100_000)
    const r = record({ method: 'POST', status: 201, params: kv({ userName: huge, nickName: huge }) })
    expect(r.body.userName?.length).toBeLessThan(2000)
    expect(r.body.userName?.startsWith('a'.repeat(1000))).toBe(true)
    expect(r.body.userName).toContain('100000 chars')
    expect(String(r.body.extra.nickName).length).toBeLessThan(2000)
  })

  it('bounds long arrays', () => {
    const emails = Array.from({ length: 5000 }, (_, i) => ({ value: `u${i}@x.example`, type: 'other' }))
    const r = record({ method: 'POST', status: 201, params: kv({ emails }) })
    expect(r.body.emails.length).toBeLessThanOrEqual(101)
    expect(r.body.emails[0]?.value).toBe('u0@x.example')
  })
})

describe('normalise: empty lists and objects are shared', () => {
  it('gives requests without emails, masked keys, operations or other params the same frozen empties', () => {
    const lookup = () => record({ params: [{ key: 'filter', value: 'userName eq "jane@acme.example"' }] })
    const a = lookup()
    const b = lookup()
    for (const pick of [
      (r: ScimRecord) => r.body.emails,
      (r: ScimRecord) => r.body.operations,
      (r: ScimRecord) => r.body.schemas,
      (r: ScimRecord) => r.filteredKeys,
      (r: ScimRecord) => r.body.extra,
    ]) {
      expect(pick(a)).toBe(pick(b))
      expect(Object.isFrozen(pick(a))).toBe(true)
    }
    const patch = record(patchDoc('00u1', [{ op: 'replace', path: 'active', value: false }])).patch
    expect(patch?.active).toBe(false)
    expect(patch?.ignored).toBe(a.filteredKeys)
    expect(Object.keys(patch ?? {})).toEqual(['ignored', 'droppedKeys', 'skippedOps', 'active'])
  })
})
