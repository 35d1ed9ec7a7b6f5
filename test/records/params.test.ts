import { describe, expect, it } from 'vitest'
import { decodeParams } from '../../src/records/params.js'
import { GROUP_USERS, kv, record } from './helpers.js'

const createDoc = (params: unknown) => ({ method: 'POST', status: 201, path: GROUP_USERS, params })

describe('params decoding', () => {
  it('keeps JSON types of values (reference §1.3)', () => {
    const decoded = decodeParams([
      { key: 'int', value: 42 },
      { key: 'true_value', value: true },
      { key: 'null_value', value: null },
      { key: 'name', value: { givenName: 'Jane' } },
    ])
    expect(decoded?.values).toEqual({
      int: 42,
      true_value: true,
      null_value: null,
      name: { givenName: 'Jane' },
    })
  })

  it('marks the {"key":"truncated","value":"..."} sentinel and does not keep it as a param', () => {
    const r = record(
      createDoc([
        { key: 'userName', value: 'jane' },
        { key: 'truncated', value: '...' },
      ]),
    )
    expect(r.paramsTruncated).toBe(true)
    expect(r.body.userName).toBe('jane')
    expect(r.body.extra).not.toHaveProperty('truncated')
  })

  it('does not take an ordinary "truncated" param for the sentinel', () => {
    const r = record(createDoc(kv({ truncated: 'yes' })))
    expect(r.paramsTruncated).toBe(false)
    expect(r.body.extra.truncated).toBe('yes')
  })

  it('lists keys GitLab masked as [FILTERED]', () => {
    const r = record(createDoc(kv({ userName: 'jane', password: '[FILTERED]', title: '[FILTERED]' })))
    expect(r.filteredKeys).toEqual(['password', 'title'])
    expect(r.body.extra.title).toBe('[FILTERED]')
  })

  it('masks credential-looking keys the log left visible', () => {
    const r = record(
      createDoc(kv({ userName: 'jane', password: 'hunter2', access_token: 'glpat-abc', api_key: 'k1' })),
    )
    expect(r.body.extra).toEqual({
      password: '[FILTERED]',
      access_token: '[FILTERED]',
      api_key: '[FILTERED]',
    })
    expect(r.filteredKeys).toEqual(['password', 'access_token', 'api_key'])
    expect(JSON.stringify(r)).not.toContain('hunter2')
    expect(JSON.stringify(r)).not.toContain('glpat-abc')
  })

  it('masks credential-looking keys nested inside values', () => {
    const r = record(createDoc(kv({ userName: 'jane', extension: { clientSecret: 's3cr3t', plain: 'ok' } })))
    expect(r.body.extra.extension).toEqual({ clientSecret: '[FILTERED]', plain: 'ok' })
  })

  it('decodes values given as JSON strings (exports flatten objects)', () => {
    const r = record({
      method: 'PATCH',
      status: 204,
      path: `${GROUP_USERS}/u1`,
      params: [{ key: 'Operations', value: '[{"op":"Replace","path":"active","value":"False"}]' }],
    })
    expect(r.body.operations).toEqual([{ op: 'Replace', path: 'active', value: 'False' }])
    expect(r.action).toBe('deactivate')
    const post = record(
      createDoc([
        { key: 'emails', value: '[{"primary":true,"type":"work","value":"a@b.example"}]' },
        { key: 'name', value: '{"givenName":"A","familyName":"B"}' },
      ]),
    )
    expect(post.body.emails).toEqual([{ value: 'a@b.example', type: 'work', primary: true }])
    expect(post.body.name).toEqual({ givenName: 'A', familyName: 'B' })
  })

  it('keeps a string that only looks like JSON as a string', () => {
    const r = record(createDoc(kv({ userName: '[not json', displayName: '{oops}' })))
    expect(r.body.userName).toBe('[not json')
    expect(r.body.displayName).toBe('{oops}')
  })

  it('accepts params as an object map', () => {
    const r = record(
      createDoc({ userName: 'jane', externalId: 'e1', emails: [{ type: 'work', value: 'j@x.example' }] }),
    )
    expect(r.body.userName).toBe('jane')
    expect(r.body.externalId).toBe('e1')
    expect(r.body.emails).toEqual([{ value: 'j@x.example', type: 'work' }])
  })

  it('accepts missing or null params as empty', () => {
    expect(record({ params: undefined }).body.extra).toEqual({})
    expect(record({ params: null }).body.emails).toEqual([])
  })
})

describe('POST body fields', () => {
  it('reads `id` as well as externalId, and numeric ids as strings', () => {
    const r = record(createDoc(kv({ id: 12345, userName: 'x' })))
    expect(r.body.id).toBe('12345')
    expect(r.body.externalId).toBeUndefined()
  })

  it('reads flat dotted name keys (name.formatted) as GitLab docs show them', () => {
    const r = record(createDoc(kv({ 'name.formatted': 'Jane Q. Doe', 'name.givenName': 'Jane' })))
    expect(r.body.name).toEqual({ formatted: 'Jane Q. Doe', givenName: 'Jane' })
  })

  it('reads active from the string "False"/"True" and from booleans', () => {
    expect(record(createDoc(kv({ active: 'False' }))).body.active).toBe(false)
    expect(record(createDoc(kv({ active: 'True' }))).body.active).toBe(true)
    expect(record(createDoc(kv({ active: false }))).body.active).toBe(false)
    expect(record(createDoc(kv({ active: 'maybe' }))).body.active).toBeUndefined()
  })

  it('reads primary from "True"/true and skips emails without a value', () => {
    const r = record(
      createDoc(kv({ emails: [{ value: 'a@x.example', primary: 'True' }, { type: 'work' }, 'junk', null] })),
    )
    expect(r.body.emails).toEqual([{ value: 'a@x.example', primary: true }])
  })
})
