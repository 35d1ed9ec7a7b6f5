import { describe, expect, it } from 'vitest'
import { buildTimelines } from '../../src/timelines/build.js'
import type { Person } from '../../src/timelines/types.js'
import { patchDoc, record } from '../records/helpers.js'
import { deactivate, del, lookup, patch, post, reactivate } from './helpers.js'

function onePerson(records: Parameters<typeof buildTimelines>[0]): Person {
  const { people } = buildTimelines(records)
  expect(people).toHaveLength(1)
  return people[0] as Person
}

const jane = { externalId: '00u1', userName: 'jane.doe@acme.example', email: 'jane.doe@acme.example' }

describe('identity states (reference §3.2–§3.4)', () => {
  it('not-seen → provisioned → deactivated → reactivated → deleted', () => {
    const person = onePerson([
      lookup('userName eq "jane.doe@acme.example"'),
      post(jane),
      deactivate('00u1'),
      reactivate('00u1'),
      del('00u1'),
    ])
    expect(person.timeline.map((e) => e.state)).toEqual([
      'not-seen',
      'provisioned',
      'deactivated',
      'reactivated',
      'deleted',
    ])
    expect(person.timeline.map((e) => e.changed)).toEqual([false, true, true, true, true])
    expect(person.state).toBe('deleted')
    expect(person.identities.map((i) => [i.externUid, i.state])).toEqual([['00u1', 'deleted']])
    expect(person.attributes.active).toMatchObject({ value: false, from: 'DELETE' })
  })

  it('a failed request leaves the state as it was', () => {
    const person = onePerson([
      post({ ...jane, status: 412 }),
      post(jane),
      deactivate('00u1', { status: 412 }),
      del('00u1', { status: 500 }),
    ])
    expect(person.timeline.map((e) => e.state)).toEqual([
      'not-seen',
      'provisioned',
      'provisioned',
      'provisioned',
    ])
    expect(person.timeline.map((e) => e.effect)).toEqual([
      'rejected (412)',
      'provisioned',
      'rejected (412)',
      'rejected (500)',
    ])
    expect(person.failures).toBe(3)
    expect(person.lastStatus).toBe(500)
    expect(person.attributes.active?.value).toBe(true)
  })

  it('a create that only ever failed leaves the identity not-seen and marked rejected', () => {
    const person = onePerson([post({ ...jane, status: 409 })])
    expect(person.state).toBe('not-seen')
    expect(person.identities[0]).toMatchObject({ externUid: '00u1', state: 'not-seen', rejected: true })
    expect(person.attributes).toEqual({})
  })

  it('any successful PATCH on an inactive identity reactivates it, even a displayName change (GitLab quirk)', () => {
    const person = onePerson([
      post(jane),
      deactivate('00u1'),
      patch('00u1', [{ op: 'replace', value: { displayName: 'Jane D.' } }]),
    ])
    const last = person.timeline[2]
    expect(last?.state).toBe('reactivated')
    expect(last?.changed).toBe(true)
    expect(last?.effect).toContain('any PATCH reactivates')
    expect(person.attributes.active).toMatchObject({ value: true })
    expect(person.attributes.active?.setBy).toBe(last?.record)
  })

  it('a PATCH deactivating with the "False" string and with false works the same', () => {
    const person = onePerson([
      post(jane),
      patch('00u1', [{ op: 'replace', path: 'active', value: false }]),
      reactivate('00u1'),
      deactivate('00u1'),
    ])
    expect(person.timeline.map((e) => e.state)).toEqual([
      'provisioned',
      'deactivated',
      'reactivated',
      'deactivated',
    ])
  })

  it('a PATCH that deactivates and sends externalId deactivates without renaming (§3.3 deprovision first)', () => {
    const person = onePerson([
      post(jane),
      patch('00u1', [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Replace', path: 'externalId', value: 'new-uid' },
      ]),
    ])
    expect(person.state).toBe('deactivated')
    expect(person.renames).toEqual([])
    expect(person.attributes.extern_uid?.value).toBe('00u1')
    expect(person.attributes.extern_uid?.ignored.map((c) => c.value)).toEqual(['new-uid'])
  })

  it('a PATCH externalId on an active identity renames it: the person carries on under the new id', () => {
    const person = onePerson([
      post(jane),
      patch('00u1', [{ op: 'Replace', path: 'externalId', value: 'jane@acme.example' }]),
      deactivate('jane@acme.example'),
    ])
    expect(person.renames.map((r) => [r.from, r.to])).toEqual([['00u1', 'jane@acme.example']])
    expect(person.identities.map((i) => [i.externUid, i.renamedTo, i.renamedFrom])).toEqual([
      ['00u1', 'jane@acme.example', undefined],
      ['jane@acme.example', undefined, '00u1'],
    ])
    expect(person.attributes.extern_uid).toMatchObject({
      value: 'jane@acme.example',
      from: 'PATCH externalId',
    })
    expect(person.attributes.extern_uid?.setBy).toBe(person.timeline[1]?.record)
    expect(person.timeline.map((e) => e.state)).toEqual(['provisioned', 'provisioned', 'deactivated'])
  })

  it('a PATCH with externalId on an inactive identity only reprovisions it (§3.3: if / elsif)', () => {
    // update_scim_user: deprovision, ELSIF reprovisionable && reprovision, ELSIF extern_uid: the rename
    // branch is not reached when the same request reprovisions.
    const person = onePerson([
      post(jane),
      deactivate('00u1'),
      patch('00u1', [{ op: 'Replace', path: 'externalId', value: 'new-uid' }]),
    ])
    const last = person.timeline[2]
    expect(last?.state).toBe('reactivated')
    expect(last?.effect).toContain('reactivated')
    expect(last?.effect).toContain('externalId not applied')
    expect(person.renames).toEqual([])
    expect(person.attributes.extern_uid?.value).toBe('00u1')
    expect(person.attributes.extern_uid?.ignored.map((c) => c.value)).toEqual(['new-uid'])
  })

  it('a second 201 for the same externalId returns the existing identity and changes nothing', () => {
    const first = post({ ...jane, name: { formatted: 'Jane Doe' } })
    const again = post({ ...jane, name: { formatted: 'Jane Q. Doe' } })
    const person = onePerson([first, again])
    expect(person.timeline[1]).toMatchObject({
      state: 'provisioned',
      changed: false,
      effect: 'existing identity returned, nothing changed',
    })
    expect(person.attributes.name).toMatchObject({ value: 'Jane Doe' })
    expect(person.attributes.name?.setBy).toBe(first)
    expect(person.attributes.name?.ignored).toEqual([
      { record: again, attribute: 'name.formatted', value: 'Jane Q. Doe', why: 'existing-identity' },
    ])
    expect(person.identities).toHaveLength(1)
  })

  it('re-creation under a new id for the same email links a new identity; the account keeps username and name', () => {
    const first = post({ ...jane, name: { givenName: 'Jane', familyName: 'Doe' } })
    const removed = del('00u1')
    const second = post({
      externalId: '00u2',
      userName: 'jdoe2',
      email: 'JANE.DOE@acme.example',
      name: { formatted: 'Janet Doe' },
    })
    const person = onePerson([first, removed, second])
    expect(person.identities.map((i) => [i.externUid, i.state])).toEqual([
      ['00u1', 'deleted'],
      ['00u2', 'provisioned'],
    ])
    expect(person.timeline[2]?.effect).toBe('provisioned: new identity linked to the existing account')
    expect(person.state).toBe('provisioned')
    expect(person.attributes.username).toMatchObject({ value: 'jane.doe' })
    expect(person.attributes.username?.setBy).toBe(first)
    expect(person.attributes.name).toMatchObject({ value: 'Jane Doe' })
    expect(person.attributes.extern_uid).toMatchObject({ value: '00u2' })
    expect(person.attributes.extern_uid?.setBy).toBe(second)
    expect(person.attributes.active).toMatchObject({ value: true })
  })

  it('a PATCH on an identity created before the log started shows it as provisioned', () => {
    const person = onePerson([patch('00u9', [{ op: 'Replace', path: 'displayName', value: 'X' }])])
    expect(person.state).toBe('provisioned')
    expect(person.timeline[0]?.effect).toBe('ignored displayName')
  })
})

describe('records out of order', () => {
  it('are sorted by time before replay', () => {
    const created = post({ ...jane, time: '2024-05-14T09:00:00.000Z' })
    const deactivated = deactivate('00u1', { time: '2024-05-15T09:00:00.000Z' })
    const looked = lookup('userName eq "jane.doe@acme.example"', { time: '2024-05-14T08:59:00.000Z' })
    const { people, records } = buildTimelines([deactivated, created, looked])
    expect(records).toEqual([looked, created, deactivated])
    const person = people[0] as Person
    expect(person.timeline.map((e) => e.record)).toEqual([looked, created, deactivated])
    expect(person.state).toBe('deactivated')
    expect(person.firstSeen).toBe('2024-05-14T08:59:00.000Z')
    expect(person.lastSeen).toBe('2024-05-15T09:00:00.000Z')
  })
})

describe('requests without a response', () => {
  it('a status "fail" line (GitLab logged no response) changes nothing and says so', () => {
    const noResponse = record({
      ...patchDoc('00u1', [{ op: 'replace', value: { active: false } }]),
      time: '2030-01-01T00:00:00.000Z',
      status: 'fail',
    })
    expect(noResponse.status).toBeNull()
    const person = onePerson([post(jane), noResponse])
    expect(person.timeline[1]).toMatchObject({ state: 'provisioned', changed: false, effect: 'no response' })
    expect(person.failures).toBe(1)
  })
})

describe('the facts the rules read of each entry', () => {
  it('are one object for requests that see the same facts, and a new one when they change', () => {
    const person = onePerson([
      post(jane),
      lookup('userName eq "jane.doe@acme.example"'),
      lookup('userName eq "jane.doe@acme.example"'),
      deactivate('00u1'),
      lookup('userName eq "jane.doe@acme.example"'),
      reactivate('00u1'),
    ])
    const facts = person.timeline.map((entry) => entry.facts)
    // The two lookups see the same facts as each other (an identity live, none inactive): one object.
    expect(facts[2]).toBe(facts[1])
    // The deactivation concerns the identity (before: live); the lookup after it sees it inactive.
    expect(facts[3]).not.toBe(facts[2])
    expect(facts[3]?.before).toBe('live')
    expect(facts[4]).toMatchObject({ anyInactive: true, anyLive: false })
    expect(facts[4]?.lastDeprovision).toBe(person.timeline[3]?.record)
    expect(facts[5]?.before).toBe('inactive')
    expect(new Set(facts).size).toBe(5)
  })
})
