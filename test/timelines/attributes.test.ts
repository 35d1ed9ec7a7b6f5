import { describe, expect, it } from 'vitest'
import { gitlabEmail } from '../../src/records/types.js'
import { gitlabName } from '../../src/timelines/attributes.js'
import { buildTimelines } from '../../src/timelines/build.js'
import type { Person } from '../../src/timelines/types.js'
import { gitlabUsername } from '../../src/timelines/username.js'
import { deactivate, del, patch, post, reactivate } from './helpers.js'

function onePerson(records: Parameters<typeof buildTimelines>[0]): Person {
  const { people } = buildTimelines(records)
  expect(people).toHaveLength(1)
  return people[0] as Person
}

describe('username from userName (reference §3.2 ExternalUsernameSanitizer)', () => {
  it.each([
    [' --ricky.^#!__the._raccoon--', 'ricky.the.raccoon'], // GitLab's own spec
    ['jane.doe@acme.example', 'jane.doe'],
    ['jsmith', 'jsmith'],
    ['Test_User_00aa00aa-bb11', 'Test_User_00aa00aa-bb11'],
    ['josé.garcía', 'jos.garca'],
    ['a..b__c--d', 'a.b_c-d'],
    ['repo.git', 'repo'],
    ['@acme.example', 'blank'],
  ])('%j → %j', (userName, expected) => {
    expect(gitlabUsername(userName)).toBe(expected)
  })

  it('is recorded with its provenance: cleaned or taken as is', () => {
    const cleaned = onePerson([
      post({ externalId: 'r1', userName: ' --ricky.^#!__the._raccoon--', email: 'r@x.example' }),
    ])
    expect(cleaned.attributes.username).toMatchObject({
      value: 'ricky.the.raccoon',
      from: 'userName " --ricky.^#!__the._raccoon--" (cleaned)',
    })
    const plain = onePerson([post({ externalId: 'j1', userName: 'jsmith', email: 'j@x.example' })])
    expect(plain.attributes.username).toMatchObject({ value: 'jsmith', from: 'userName' })
    expect(plain.attributes.username?.setBy).toBe(plain.timeline[0]?.record)
  })
})

describe('name (reference §3.1: formatted, else given + family, else displayName)', () => {
  const body = (name: unknown, displayName?: string) =>
    post({
      externalId: 'n1',
      userName: 'n',
      email: 'n@x.example',
      name,
      ...(displayName ? { displayName } : {}),
    }).body

  it('takes name.formatted first', () => {
    expect(
      gitlabName(body({ formatted: 'John Q. Smith', givenName: 'John', familyName: 'Smith' }, 'JS')),
    ).toEqual({
      value: 'John Q. Smith',
      from: 'name.formatted',
    })
  })

  it('joins given and family names, or uses the one given', () => {
    expect(gitlabName(body({ givenName: 'Jane', familyName: 'Doe' }, 'Ignored'))?.value).toBe('Jane Doe')
    expect(gitlabName(body({ familyName: 'Doe' }))?.value).toBe('Doe')
  })

  it('treats an empty formatted name as absent (`name[:formatted]&.presence`)', () => {
    expect(gitlabName(body({ formatted: '', givenName: 'Jane', familyName: 'Doe' }))).toEqual({
      value: 'Jane Doe',
      from: 'name.givenName + name.familyName',
    })
  })

  it('uses displayName only when there is no name at all; an empty name object gives ""', () => {
    expect(gitlabName(body(undefined, 'Carl Tractor'))).toEqual({
      value: 'Carl Tractor',
      from: 'displayName',
    })
    expect(gitlabName(body({}, 'Carl Tractor'))?.value).toBe('')
    expect(gitlabName(body(undefined))).toBeUndefined()
  })
})

describe('email (reference §3.1: first with type == "work" or primary)', () => {
  const emails = (list: unknown[]) => post({ externalId: 'e1', userName: 'e', emails: list }).body

  it('takes the first work or primary address', () => {
    expect(
      gitlabEmail(
        emails([
          { value: 'home@x.example', type: 'home' },
          { value: 'w@x.example', type: 'work' },
        ]),
      ),
    ).toBe('w@x.example')
    expect(gitlabEmail(emails([{ value: 'p@x.example', type: 'home', primary: true }]))).toBe('p@x.example')
    expect(gitlabEmail(emails([{ value: 'h@x.example', type: 'home' }]))).toBeUndefined()
  })

  it('compares the type exactly, as GitLab does ("Work" is not "work")', () => {
    const list = [
      { value: 'cap@x.example', type: 'Work' },
      { value: 'p@x.example', primary: true },
    ]
    expect(gitlabEmail(emails(list))).toBe('p@x.example')
  })

  it('is recorded with where it came from', () => {
    const work = onePerson([post({ externalId: 'e1', userName: 'e', email: 'w@x.example' })])
    expect(work.attributes.email).toMatchObject({ value: 'w@x.example', from: 'emails[type=work]' })
    const primary = onePerson([
      post({ externalId: 'e2', userName: 'e', emails: [{ value: 'p@x.example', primary: true }] }),
    ])
    expect(primary.attributes.email).toMatchObject({ value: 'p@x.example', from: 'emails[primary]' })
  })
})

describe('extern_uid and active provenance', () => {
  it('extern_uid comes from externalId, else id, then from a PATCH', () => {
    const fromId = onePerson([post({ id: 'id-1', userName: 'u', email: 'u@x.example' })])
    expect(fromId.attributes.extern_uid).toMatchObject({ value: 'id-1', from: 'id' })

    const created = post({ externalId: 'ext-1', userName: 'v', email: 'v@x.example' })
    const renamed = patch('ext-1', [{ op: 'replace', path: 'id', value: 'ext-2' }])
    const person = onePerson([created, renamed])
    expect(person.attributes.extern_uid?.value).toBe('ext-2')
    expect(person.attributes.extern_uid?.setBy).toBe(renamed)
  })

  it('active follows PATCH and DELETE, each with its request', () => {
    const created = post({ externalId: 'a1', userName: 'a', email: 'a@x.example' })
    const off = deactivate('a1')
    const on = reactivate('a1')
    const gone = del('a1')
    const seen: unknown[] = []
    for (const upTo of [1, 2, 3, 4]) {
      const person = onePerson([created, off, on, gone].slice(0, upTo))
      seen.push([person.attributes.active?.value, person.attributes.active?.from])
      expect(person.attributes.active?.setBy).toBe([created, off, on, gone][upTo - 1])
    }
    expect(seen).toEqual([
      [true, 'created active'],
      [false, 'PATCH active=false'],
      [true, 'PATCH active=true'],
      [false, 'DELETE'],
    ])
  })
})

describe('ignored changes are kept with the request and why', () => {
  it('a PATCH of name.formatted answered 204 is ignored since 15.0', () => {
    const created = post({
      externalId: 'j1',
      userName: 'j',
      email: 'j@x.example',
      name: { formatted: 'John Smith' },
    })
    const change = patch('j1', [{ op: 'Replace', path: 'name.formatted', value: 'John Q. Smith' }])
    const person = onePerson([created, change])
    expect(person.attributes.name?.value).toBe('John Smith')
    expect(person.attributes.name?.ignored).toEqual([
      { record: change, attribute: 'name.formatted', value: 'John Q. Smith', why: 'ignored-since-15.0' },
    ])
    expect(person.timeline[1]).toMatchObject({ changed: false, effect: 'ignored name.formatted' })
  })

  it('keys after the first of a path-less op are dropped (first-key-only)', () => {
    const created = post({ externalId: 'j1', userName: 'j', email: 'j@x.example', name: { givenName: 'J' } })
    const change = patch('j1', [{ op: 'replace', value: { userName: 'jj', 'name.givenName': 'Jay' } }])
    const person = onePerson([created, change])
    expect(person.attributes.username?.ignored).toEqual([
      { record: change, attribute: 'userName', value: 'jj', why: 'ignored-since-15.0' },
    ])
    expect(person.attributes.name?.ignored).toEqual([
      { record: change, attribute: 'name.givenName', value: 'Jay', why: 'first-key-only' },
    ])
    expect(person.timeline[1]?.effect).toBe('ignored userName; dropped name.givenName (first key only)')
  })

  it('changes in a failed PATCH are noted as request-failed', () => {
    const created = post({ externalId: 'j1', userName: 'j', email: 'j@x.example' })
    const change = patch(
      'j1',
      [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'n@x.example' }],
      {
        status: 412,
      },
    )
    const person = onePerson([created, change])
    expect(person.attributes.email?.ignored).toEqual([
      {
        record: change,
        attribute: 'emails[type eq "work"].value',
        value: 'n@x.example',
        why: 'request-failed',
      },
    ])
  })
})
