/**
 * The reference §8 lines through records and timelines: three people, as "What each line shows" reads them.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { findPeople } from '../../src/timelines/find.js'
import type { Person } from '../../src/timelines/types.js'

const FIXTURE = new URL('../records/fixtures/reference-examples.log', import.meta.url)
const records = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((text, i) => {
    const result = normalise(JSON.parse(text), { source: 'reference-examples.log', line: i + 1 })
    if (result.kind !== 'scim') throw new Error(`line ${i + 1}`)
    return result.record
  })

// Reverse the input: timelines must not depend on the order records arrive in.
const { people, unattributed } = buildTimelines([...records].reverse())
const byEmail = (email: string) => people.find((p) => p.emails.includes(email)) as Person
const lines = (p: Person) => p.timeline.map((e) => (e.record as ScimRecord).origin.line)

describe('reference §8 as timelines', () => {
  it('gives three people and nothing unattributed', () => {
    expect(people).toHaveLength(3)
    expect(unattributed).toEqual([])
  })

  it('Jane (Okta): lookup, create, rejected re-create under a new id, reactivation PATCH', () => {
    const jane = byEmail('jane.doe@acme.example')
    expect(lines(jane)).toEqual([1, 2, 7, 8])
    expect(jane.externUids).toEqual(['00u8k2j3h4G5f6D7s8a9', '00uNEW1a2b3c4d5e6f7g'])
    expect(jane.idps).toEqual(['okta'])
    expect(jane.timeline.map((e) => e.state)).toEqual([
      'not-seen',
      'provisioned',
      'provisioned',
      'provisioned',
    ])
    expect(jane.timeline[2]?.effect).toBe('rejected (412)')
    expect(jane.identities.find((i) => i.externUid === '00uNEW1a2b3c4d5e6f7g')?.rejected).toBe(true)
    expect(jane.attributes.username?.value).toBe('jane.doe')
    expect(jane.attributes.name).toMatchObject({
      value: 'Jane Doe',
      from: 'name.givenName + name.familyName',
    })
    expect(jane.attributes.email?.value).toBe('jane.doe@acme.example')
    expect(jane.attributes.extern_uid?.value).toBe('00u8k2j3h4G5f6D7s8a9')
    expect(jane.failures).toBe(1)
  })

  it('John (Entra): create, 409 under a new objectId, deprovision, PATCH externalId, 401 lookup', () => {
    const john = byEmail('john.smith@acme.example')
    expect(lines(john)).toEqual([3, 4, 6, 9, 10])
    expect(john.userNames).toEqual(['jsmith'])
    expect(john.attributes.username?.value).toBe('jsmith')
    expect(john.attributes.name).toMatchObject({ value: 'John Smith', from: 'name.formatted' })
    expect(john.timeline.map((e) => e.state)).toEqual([
      'provisioned',
      'provisioned',
      'deactivated',
      'reactivated',
      'reactivated',
    ])
    // Line 9 arrives while the identity is inactive (line 6), so GitLab reprovisions it and, its
    // update_scim_user being if/elsif (§3.3), does not reach the extern_uid branch. The §8 prose ("extern_uid
    // becomes john.smith@…") overlooks the line-6 deprovision; we follow the code.
    expect(john.timeline[3]?.effect).toContain('reactivated')
    expect(john.timeline[3]?.effect).toContain('externalId not applied')
    expect(john.attributes.extern_uid?.value).toBe('6f1c2e8a-3b4d-4e5f-9a0b-1c2d3e4f5a6b')
    expect(john.attributes.name?.ignored.map((c) => [c.attribute, c.value, c.why])).toEqual([
      ['name.formatted', 'John Q. Smith', 'ignored-since-15.0'],
    ])
    expect(john.timeline[4]?.effect).toBe('rejected (401)')
    expect(john.lastStatus).toBe(401)
    expect(john.idps).toEqual(['entra'])
  })

  it('infers Entra for the shapeless 401 lookup from the same user agent and address', () => {
    const lookup = records[9] as ScimRecord
    expect(lookup.idp).toBe('entra')
    expect(lookup.idpEvidence).toBe('inferred')
  })

  it('the contractor: a 412 create only, never provisioned', () => {
    const carl = byEmail('contractor1@partner.example')
    expect(lines(carl)).toEqual([5])
    expect(carl.state).toBe('not-seen')
    expect(carl.displayName).toBe('Carl Tractor')
    expect(carl.attributes).toEqual({})
  })

  it('is found by the names an admin would type', () => {
    expect(findPeople(people, 'jsmith')).toEqual([byEmail('john.smith@acme.example')])
    expect(findPeople(people, '00u8k2j3h4G5f6D7s8a9')).toEqual([byEmail('jane.doe@acme.example')])
    expect(findPeople(people, 'acme.example')).toHaveLength(2)
  })
})
