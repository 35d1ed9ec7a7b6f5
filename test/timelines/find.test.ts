import { describe, expect, it } from 'vitest'
import { buildTimelines } from '../../src/timelines/build.js'
import { findPeople } from '../../src/timelines/find.js'
import { post } from './helpers.js'

const { people } = buildTimelines([
  post({
    externalId: '00uJANE',
    userName: 'jane.doe@acme.example',
    email: 'jane.doe@acme.example',
    displayName: 'Jane Doe',
  }),
  post({
    externalId: '00uJANET',
    userName: 'janet@acme.example',
    email: 'janet@acme.example',
    name: { formatted: 'Janet Roe' },
  }),
  post({ externalId: 'guid-1', userName: 'jsmith', email: 'john.smith@acme.example' }),
])
const keys = (who: string) => findPeople(people, who).map((p) => p.externUids[0])

describe('findPeople', () => {
  it('finds by extern_uid, userName, email, GitLab username or display name, case-insensitively', () => {
    expect(keys('00ujane')).toEqual(['00uJANE'])
    expect(keys('JSMITH')).toEqual(['guid-1'])
    expect(keys('john.smith@acme.example')).toEqual(['guid-1'])
    expect(keys('jane.doe')).toEqual(['00uJANE']) // the username GitLab derived
    expect(keys('janet roe')).toEqual(['00uJANET'])
  })

  it('prefers exact matches over substrings', () => {
    // "janet" is exactly Janet's GitLab username (and not a name of Jane's); "jane" is exact for nobody
    // but a substring of both people's names.
    expect(keys('janet')).toEqual(['00uJANET'])
    expect(keys('jane')).toEqual(['00uJANE', '00uJANET'])
  })

  it('an exact match on one person hides substring matches on others', () => {
    expect(keys('00uJANE')).toEqual(['00uJANE'])
  })

  it('finds nobody for blank or unknown text', () => {
    expect(keys('  ')).toEqual([])
    expect(keys('nobody')).toEqual([])
  })
})
