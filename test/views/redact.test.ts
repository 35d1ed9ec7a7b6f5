import { describe, expect, it } from 'vitest'
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { redactRecords } from '../../src/views/redact.js'

function record(doc: Record<string, unknown>, line: number): ScimRecord {
  const result = normalise(doc, { source: 't.log', line })
  if (result.kind !== 'scim') throw new Error('not a SCIM record')
  return result.record
}

const create = record(
  {
    time: '2024-05-14T09:12:04.118Z',
    status: 201,
    method: 'POST',
    path: '/api/scim/v2/groups/acme/Users',
    remote_ip: '198.51.100.23',
    params: [
      { key: 'externalId', value: '00uSECRET0000000000' },
      { key: 'userName', value: 'jane.doe@acme.example' },
      { key: 'emails', value: [{ type: 'work', primary: true, value: 'jane.doe@acme.example' }] },
      { key: 'name', value: { givenName: 'Jane', familyName: 'Doe' } },
      { key: 'displayName', value: 'Jane Doe' },
    ],
  },
  1,
)
const deactivate = record(
  {
    time: '2024-05-20T09:12:04.118Z',
    status: 204,
    method: 'PATCH',
    path: '/api/scim/v2/groups/acme/Users/00uSECRET0000000000',
    remote_ip: '198.51.100.23',
    params: [{ key: 'Operations', value: [{ op: 'replace', value: { active: false } }] }],
  },
  2,
)
const lookup = record(
  {
    time: '2024-05-14T09:12:03.118Z',
    status: 200,
    method: 'GET',
    path: '/api/scim/v2/groups/acme/Users',
    remote_ip: '198.51.100.23',
    params: [{ key: 'filter', value: 'userName eq "jane.doe@acme.example"' }],
  },
  0,
)

describe('redactRecords', () => {
  const redacted = redactRecords([lookup, create, deactivate])
  const text = JSON.stringify(redacted)

  it('leaves no email, userName, name, externalId or IP behind', () => {
    for (const secret of ['jane', 'Jane', 'Doe', '00uSECRET', '198.51.100.23', 'acme.example']) {
      expect(text).not.toContain(secret)
    }
  })

  it('gives one person one number across all their values, and keeps paths consistent', () => {
    const [l, c, d] = redacted as [ScimRecord, ScimRecord, ScimRecord]
    expect(c.body.userName).toBe('person-1@domain-1.example')
    expect(c.body.emails[0]?.value).toBe('person-1@domain-1.example')
    expect(l.body.filter?.value).toBe('person-1@domain-1.example')
    expect(c.body.externalId).toBe('id-1')
    expect(d.scimId).toBe('id-1')
    expect(d.path).toBe('/api/scim/v2/groups/acme/Users/id-1')
    expect(c.body.displayName).toBe('Person 1')
    expect(c.remoteIp).toBe(d.remoteIp)
  })

  it('does not change what the timeline concludes', () => {
    const plain = buildTimelines([lookup, create, deactivate]).people
    const aliased = buildTimelines(redacted).people
    expect(aliased).toHaveLength(plain.length)
    expect(aliased[0]?.state).toBe(plain[0]?.state)
    expect(aliased[0]?.timeline.map((e) => e.effect)).toEqual(plain[0]?.timeline.map((e) => e.effect))
  })

  it('does not touch the original records', () => {
    expect(create.body.userName).toBe('jane.doe@acme.example')
  })
})
