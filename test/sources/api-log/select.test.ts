import { describe, expect, it } from 'vitest'
import { Selector } from '../../../src/sources/api-log/select.js'

describe('Selector', () => {
  const selector = new Selector({ fields: ['path', 'status', '__proto__'], pathIncludes: '/scim/v' })

  it('lets through raw lines that hold the path marker, written plainly or with escaped slashes', () => {
    expect(selector.mayMatch(Buffer.from('{"path":"/api/scim/v2/groups/a/Users"}'))).toBe(true)
    expect(selector.mayMatch(Buffer.from('{"path":"\\/api\\/scim\\/v2\\/groups\\/a\\/Users"}'))).toBe(true)
    expect(selector.mayMatch(Buffer.from('{"path":"/api/v4/projects/scim-bridge"}'))).toBe(false)
  })

  it('keeps only the listed fields of documents whose path has the marker', () => {
    const doc = { path: '/api/scim/v2/groups/a/Users', status: 201, ua: 'Okta', params: [] }
    expect(selector.pick(doc)).toEqual({ path: '/api/scim/v2/groups/a/Users', status: 201 })
    expect(selector.pick({ path: '/api/v4/projects/scim-bridge', status: 200 })).toBeUndefined()
  })

  it('keeps documents without a string path for the consumer to judge, and never sets a prototype', () => {
    expect(selector.pick({ status: 200 })).toEqual({ status: 200 })
    expect(selector.pick({ path: 42 })).toEqual({ path: 42 })
    const picked = selector.pick(JSON.parse('{"path":"/scim/v2/x","__proto__":{"polluted":true}}'))
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype)
    expect((picked as { polluted?: unknown }).polluted).toBeUndefined()
  })

  it('without a marker, lets every line through and keeps fields only', () => {
    const fieldsOnly = new Selector({ fields: ['a'] })
    expect(fieldsOnly.mayMatch(Buffer.from('anything'))).toBe(true)
    expect(fieldsOnly.pick({ a: 1, b: 2, path: '/api/v4/x' })).toEqual({ a: 1 })
  })
})
