import { describe, expect, it } from 'vitest'
import { interpretPatch, readOperations } from '../../src/records/patch.js'
import { scimBoolean } from '../../src/records/values.js'
import { patchDoc, record } from './helpers.js'

const effect = (operations: unknown) => interpretPatch(readOperations(operations))

describe('PATCH operations (reference §3.1 process_operations)', () => {
  it('accepts both op cases: Replace/replace and Add/add', () => {
    expect(effect([{ op: 'Replace', path: 'active', value: false }]).active).toBe(false)
    expect(effect([{ op: 'replace', path: 'active', value: false }]).active).toBe(false)
    expect(effect([{ op: 'Add', path: 'externalId', value: 'n1' }]).externUid).toBe('n1')
    expect(effect([{ op: 'add', path: 'id', value: 'n2' }]).externUid).toBe('n2')
  })

  it('skips remove ops and unknown ops such as the docs\' "Update"', () => {
    const e = effect([
      { op: 'remove', path: 'active' },
      { op: 'Remove', path: 'members', value: [{ value: 'u1' }] },
      { op: 'Update', path: 'active', value: false },
    ])
    expect(e.active).toBeUndefined()
    expect(e.skippedOps.map((op) => op.op)).toEqual(['remove', 'Remove', 'Update'])
    expect(e.ignored).toEqual([])
  })

  it('parses "False"/"True"/"false" strings and booleans as GitLab\'s value parser does', () => {
    for (const [value, expected] of [
      ['False', false],
      ['false', false],
      ['FALSE', false],
      ['True', true],
      ['true', true],
      [false, false],
      [true, true],
      ['"False"', false], // every `"` is removed first
    ] as const) {
      expect(effect([{ op: 'Replace', path: 'active', value }]).active, JSON.stringify(value)).toBe(expected)
    }
  })

  it('does not trim around true/false: " false" stays a string and deprovisions nothing', () => {
    // value_parser.rb: `COERCED_VALUES.fetch(unquoted.downcase, unquoted)`, no strip.
    expect(scimBoolean(' false')).toBeUndefined()
    const e = effect([{ op: 'Replace', path: 'active', value: 'false ' }])
    expect(e.active).toBeUndefined()
    expect(e.ignored).toEqual([{ attribute: 'active', value: 'false ' }])
  })

  it('later ops override earlier ones (hash.merge!)', () => {
    const e = effect([
      { op: 'replace', path: 'active', value: false },
      { op: 'replace', path: 'active', value: true },
    ])
    expect(e.active).toBe(true)
  })

  it('a path-less op applies only the first key of its value; the rest are dropped', () => {
    // Okta-style: {"displayName":…,"active":false} loses `active` (reference §3.1).
    const e = effect([{ op: 'replace', value: { displayName: 'Jane Doe', active: false } }])
    expect(e.active).toBeUndefined()
    expect(e.ignored).toEqual([{ attribute: 'displayName', value: 'Jane Doe' }])
    expect(e.droppedKeys).toEqual([{ attribute: 'active', value: false }])
  })

  it('a path-less op whose first key is active deactivates, whatever follows', () => {
    const e = effect([{ op: 'replace', value: { active: 'False', displayName: 'Jane' } }])
    expect(e.active).toBe(false)
    expect(e.droppedKeys).toEqual([{ attribute: 'displayName', value: 'Jane' }])
  })

  it('a path-less op whose first key is unmapped is ignored, with the rest dropped', () => {
    const e = effect([{ op: 'replace', value: { nickName: 'Babs', externalId: 'new-id' } }])
    expect(e.externUid).toBeUndefined()
    expect(e.ignored).toEqual([{ attribute: 'nickName', value: 'Babs' }])
    expect(e.droppedKeys).toEqual([{ attribute: 'externalId', value: 'new-id' }])
  })

  it('keeps dotted keys inside a value object as attribute names (Entra with aadOptscim062020)', () => {
    const e = effect([
      {
        op: 'replace',
        value: {
          'name.givenName': 'Kkom',
          displayName: 'Bjfe',
          'name.familyName': 'Unua',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
        },
      },
    ])
    // `name.givenName` is not in GitLab's MAPPINGS, so even the first key changes nothing.
    expect(e.ignored).toEqual([{ attribute: 'name.givenName', value: 'Kkom' }])
    expect(e.droppedKeys.map((c) => c.attribute)).toEqual([
      'displayName',
      'name.familyName',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
    ])
  })

  it('records path ops on attributes GitLab no longer changes as ignored', () => {
    const e = effect([
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@x.example' },
      { op: 'Replace', path: 'name.familyName', value: 'Doe' },
      { op: 'Replace', path: 'userName', value: 'jd' },
    ])
    expect(e.ignored.map((c) => c.attribute)).toEqual([
      'emails[type eq "work"].value',
      'name.familyName',
      'userName',
    ])
    expect(e.active).toBeUndefined()
    expect(e.externUid).toBeUndefined()
  })

  it('a path-less op without an object value is skipped', () => {
    const e = effect([{ op: 'replace', value: 'False' }])
    expect(e.active).toBeUndefined()
    expect(e.skippedOps).toHaveLength(1)
  })

  it('tolerates a single op object and odd entries in Operations', () => {
    expect(readOperations({ op: 'replace', path: 'active', value: false })).toHaveLength(1)
    expect(readOperations([null, 'x', 3, { op: 'replace', path: '', value: { active: false } }])).toEqual([
      { op: 'replace', value: { active: false } },
    ])
    expect(readOperations('nope')).toEqual([])
  })

  it('reads lowercase `operations` too, through the whole record', () => {
    const r = record({
      ...patchDoc('u1', []),
      params: [{ key: 'operations', value: [{ op: 'replace', value: { active: false } }] }],
    })
    expect(r.action).toBe('deactivate')
  })
})
