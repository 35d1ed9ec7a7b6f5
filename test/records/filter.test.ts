import { describe, expect, it } from 'vitest'
import { filterKey, parseFilter } from '../../src/records/filter.js'
import { kv, record } from './helpers.js'

describe('filters (reference §3.1 filter_parser)', () => {
  it('userName eq "x"', () => {
    const f = parseFilter('userName eq "jane.doe@acme.example"')
    expect(f).toEqual({
      raw: 'userName eq "jane.doe@acme.example"',
      attribute: 'userName',
      operator: 'eq',
      value: 'jane.doe@acme.example',
      supported: true,
    })
    expect(filterKey(f)).toBe('userName')
  })

  it('externalId eq "x" and id eq x (unquoted) look up an extern_uid', () => {
    const ext = parseFilter('externalId eq "b7e0d4c2-9f8a-4a1b-8c3d-2e1f0a9b8c7d"')
    expect(ext).toMatchObject({ value: 'b7e0d4c2-9f8a-4a1b-8c3d-2e1f0a9b8c7d', supported: true })
    expect(filterKey(ext)).toBe('externUid')
    const id = parseFilter('id eq a-b-c-d')
    expect(id).toMatchObject({ attribute: 'id', operator: 'eq', value: 'a-b-c-d', supported: true })
    expect(filterKey(id)).toBe('externUid')
  })

  it('displayName eq "A B": the whole quoted value is kept, and GitLab does not support it', () => {
    const f = parseFilter('displayName eq "Jane Doe"')
    expect(f).toMatchObject({ attribute: 'displayName', operator: 'eq', value: 'Jane Doe', supported: false })
    expect(filterKey(f)).toBeUndefined()
  })

  it('userName ne "x" is unsupported (only eq)', () => {
    const f = parseFilter('userName ne "jane"')
    expect(f).toMatchObject({ attribute: 'userName', operator: 'ne', value: 'jane', supported: false })
    expect(filterKey(f)).toBeUndefined()
  })

  it('emails[type eq "work"].value eq "a@b": the bracketed attribute stays whole', () => {
    const f = parseFilter('emails[type eq "work"].value eq "a@b.example"')
    expect(f).toMatchObject({
      attribute: 'emails[type eq "work"].value',
      operator: 'eq',
      value: 'a@b.example',
      supported: false,
    })
  })

  it('a filter that is not attribute-operator-value is unsupported', () => {
    expect(parseFilter('userName')).toMatchObject({ attribute: 'userName', operator: '', supported: false })
    expect(parseFilter('   ')).toMatchObject({ supported: false })
  })

  it('surrounding whitespace is ignored', () => {
    expect(parseFilter('  userName eq "x"  ')).toMatchObject({
      attribute: 'userName',
      value: 'x',
      supported: true,
    })
  })

  it('reaches the record through the filter query param', () => {
    const r = record({ params: kv({ filter: 'id eq 00u1abcdefghij' }) })
    expect(r.body.filter).toMatchObject({ attribute: 'id', value: '00u1abcdefghij', supported: true })
    expect(r.action).toBe('lookup')
  })
})

describe('filter support is exact, linking is lenient', () => {
  it('GitLab compares attribute and operator exactly: other cases are unsupported', () => {
    expect(parseFilter('username eq "jane"').supported).toBe(false)
    expect(parseFilter('userName EQ "jane"').supported).toBe(false)
    expect(parseFilter('externalid eq "u1"').supported).toBe(false)
  })

  it('but such a lookup still names its person for linking', () => {
    expect(filterKey(parseFilter('username EQ "jane"'))).toBe('userName')
    expect(filterKey(parseFilter('ExternalId eq "u1"'))).toBe('externUid')
    expect(filterKey(parseFilter('userName ne "jane"'))).toBeUndefined()
    expect(filterKey(parseFilter('displayName eq "Jane"'))).toBeUndefined()
  })
})
