import { describe, expect, it } from 'vitest'
import { exact, pushAll } from '../../src/common/arrays.js'

describe('exact', () => {
  it('copies a short pushed list to one of the same items', () => {
    const list: string[] = []
    list.push('jane@hooli.example')
    const copy = exact(list)
    expect(copy).toEqual(['jane@hooli.example'])
    expect(copy).not.toBe(list)
  })

  it('returns empty and long lists as they are', () => {
    const empty: number[] = []
    expect(exact(empty)).toBe(empty)
    const long = Array.from({ length: 40 }, (_, i) => i)
    expect(exact(long)).toBe(long)
  })
})

describe('pushAll', () => {
  it('appends more items than a spread could pass as arguments', () => {
    const target = [0]
    pushAll(
      target,
      Array.from({ length: 200_000 }, (_, i) => i + 1),
    )
    expect(target).toHaveLength(200_001)
    expect(target.at(-1)).toBe(200_000)
  })
})
