import { describe, expect, it } from 'vitest'
import { StringPool } from '../../src/records/intern.js'

describe('StringPool', () => {
  it('gives back an equal string and pools each distinct value once', () => {
    const pool = new StringPool()
    const ua = ['Okta SCIM Client', '1.0.0'].join(' ')
    expect(pool.intern(ua)).toBe('Okta SCIM Client 1.0.0')
    expect(pool.intern(`Okta SCIM Client ${'1.0.0'}`)).toBe(ua)
    expect(pool.intern(undefined)).toBeUndefined()
    expect(pool.size).toBe(1)
  })

  it('passes long strings through without pooling them', () => {
    const pool = new StringPool()
    const long = 'x'.repeat(300)
    expect(pool.intern(long)).toBe(long)
    expect(pool.size).toBe(0)
  })

  it('stays bounded: past its limit it starts again', () => {
    const pool = new StringPool(3)
    for (const text of ['a1', 'b2', 'c3', 'd4', 'e5']) expect(pool.intern(text)).toBe(text)
    expect(pool.size).toBeLessThanOrEqual(3)
  })
})
