import { describe, expect, it } from 'vitest'
import { buildTimelines } from '../../src/timelines/build.js'
import { linkPeople } from '../../src/timelines/linking.js'
import { record } from '../records/helpers.js'
import { del, getById, lookup, patch, post } from './helpers.js'

/** The people as sorted lists of their records' origin lines, for order-free comparison. */
function peopleOf(records: ReturnType<typeof post>[]) {
  return buildTimelines(records).people
}

describe('linking records into people', () => {
  it('links a POST by externalId, userName and (case-insensitive) email', () => {
    const a = post({ externalId: 'uid-A', userName: 'jane', email: 'Jane.Doe@Acme.example' })
    const b = post({
      externalId: 'uid-B',
      userName: 'someone-else',
      email: 'jane.doe@acme.example',
      status: 409,
    })
    const c = post({ externalId: 'uid-C', userName: 'JANE', email: 'other@acme.example', status: 409 })
    const d = patch('UID-a', [{ op: 'replace', value: { active: false } }])
    const people = peopleOf([a, b, c, d])
    expect(people).toHaveLength(1)
    expect(people[0]?.externUids).toEqual(['uid-A', 'uid-B', 'uid-C'])
    expect(people[0]?.emails).toEqual(['Jane.Doe@Acme.example', 'other@acme.example'])
    expect(people[0]?.userNames).toEqual(['jane', 'someone-else'])
    expect(people[0]?.requests).toBe(4)
  })

  it('joins a userName lookup made before the POST', () => {
    const people = peopleOf([
      lookup('userName eq "jane.doe@acme.example"'),
      post({ externalId: '00u1', userName: 'jane.doe@acme.example', email: 'jane.doe@acme.example' }),
    ])
    expect(people).toHaveLength(1)
    expect(people[0]?.timeline.map((e) => e.record.method)).toEqual(['GET', 'POST'])
  })

  it('joins externalId and id lookups by extern_uid', () => {
    const people = peopleOf([
      lookup('externalId eq "6f1c2e8a-3b4d-4e5f-9a0b-1c2d3e4f5a6b"'),
      post({
        externalId: '6f1c2e8a-3b4d-4e5f-9a0b-1c2d3e4f5a6b',
        userName: 'jsmith',
        email: 'john@acme.example',
      }),
      lookup('id eq 6F1C2E8A-3B4D-4E5F-9A0B-1C2D3E4F5A6B'),
      getById('6f1c2e8a-3b4d-4e5f-9a0b-1c2d3e4f5a6b'),
    ])
    expect(people).toHaveLength(1)
    expect(people[0]?.requests).toBe(4)
  })

  it('joins a lookup by work email to the person with that email', () => {
    const people = peopleOf([
      post({ externalId: 'u1', userName: 'jane', email: 'jane@acme.example' }),
      lookup('emails[type eq "work"].value eq "JANE@acme.example"'),
      post({ externalId: 'u2', userName: 'work', email: 'work@acme.example' }),
    ])
    expect(people.map((p) => p.requests)).toEqual([2, 1])
  })

  it('links the old and new ids of a PATCH externalId change; a later 404 on the old id stays', () => {
    const records = [
      post({ externalId: 'old-id', userName: 'jsmith', email: 'john@acme.example' }),
      patch('old-id', [{ op: 'Replace', path: 'externalId', value: 'new-id' }]),
      record({ method: 'GET', status: 404, path: '/api/scim/v2/groups/acme-corp/Users/old-id' }),
      getById('new-id'),
    ]
    const people = peopleOf(records)
    expect(people).toHaveLength(1)
    const person = people[0]
    expect(person?.externUids).toEqual(['old-id', 'new-id'])
    expect(person?.renames.map((r) => `${r.from}→${r.to}`)).toEqual(['old-id→new-id'])
    expect(person?.timeline.map((e) => e.effect)).toContain('not found (404)')
  })

  it('never merges people of different groups, even with the same ids', () => {
    const people = peopleOf([
      post({ externalId: 'u1', userName: 'jane', email: 'jane@acme.example' }),
      post({ externalId: 'u1', userName: 'jane', email: 'jane@acme.example', group: 'other-corp' }),
      del('u1', { group: 'other-corp' }),
    ])
    expect(people.map((p) => [p.scope, p.requests])).toEqual([
      ['acme-corp', 1],
      ['other-corp', 2],
    ])
  })

  it('keeps unrelated people apart and leaves lists, unsupported lookups and /Groups unattributed', () => {
    const list = record({ method: 'GET', status: 200, path: '/api/scim/v2/groups/acme-corp/Users' })
    const ne = lookup('userName ne "jane"', { status: 412 })
    const groups = record({
      method: 'POST',
      status: 201,
      path: '/api/scim/v2/application/Groups',
      params: [{ key: 'displayName', value: 'Eng' }],
    })
    const { groups: linked, unattributed } = linkPeople([
      post({ externalId: 'u1', userName: 'jane', email: 'jane@acme.example' }),
      post({ externalId: 'u2', userName: 'john', email: 'john@acme.example' }),
      list,
      ne,
      groups,
    ])
    expect(linked).toHaveLength(2)
    expect(unattributed).toEqual([list, ne, groups])
    const built = buildTimelines([list, ne, groups])
    expect(built.people).toEqual([])
    expect(built.unattributed.map((s) => [s.scopeKind, s.scope, s.records.length])).toEqual([
      ['group', 'acme-corp', 2],
      ['instance', 'application', 1],
    ])
  })
})

describe('lookups GitLab rejects still belong to their person', () => {
  it('a 412 `username EQ` lookup joins the person with that userName', () => {
    const people = buildTimelines([
      post({ externalId: 'u1', userName: 'jane', email: 'jane@acme.example' }),
      lookup('username EQ "Jane"', { status: 412 }),
    ]).people
    expect(people).toHaveLength(1)
    expect(people[0]?.timeline[1]?.effect).toBe('rejected (412)')
  })
})

describe('identity provider inference', () => {
  it('gives a shapeless lookup the provider of requests with the same agent and address, within its scope only', () => {
    const ua = 'SomeProvisioner/2.0'
    const create = record({
      method: 'POST',
      status: 201,
      ua,
      path: '/api/scim/v2/groups/acme-corp/Users',
      params: [
        { key: 'schemas', value: ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] },
        { key: 'externalId', value: 'u1' },
      ],
    })
    const sameScope = record({ ua, params: [{ key: 'filter', value: 'externalId eq "u2"' }] })
    const otherScope = record({
      ua,
      path: '/api/scim/v2/groups/other-corp/Users',
      params: [{ key: 'filter', value: 'externalId eq "u3"' }],
    })
    expect(create.idpEvidence).toBe('shape')
    buildTimelines([create, sameScope, otherScope])
    expect([sameScope.idp, sameScope.idpEvidence]).toEqual(['entra', 'inferred'])
    expect([otherScope.idp, otherScope.idpEvidence]).toEqual(['other', 'none'])
  })
})
