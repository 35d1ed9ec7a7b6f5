import { describe, expect, it } from 'vitest'
import { exact, kept, keptObject, pushAll } from '../../src/common/arrays.js'

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

describe('kept and keptObject', () => {
  it('give every empty list one shared, frozen list, and other lists as exact does', () => {
    const a = kept<string>([])
    const b = kept<number>([])
    expect(a).toBe(b)
    expect(Object.isFrozen(a)).toBe(true)
    expect(() => a.push('x')).toThrow(TypeError)
    const list = ['a']
    const copy = kept(list)
    expect(copy).toEqual(['a'])
    expect(copy).not.toBe(list)
  })

  it('give every object without keys one shared, frozen object, and keep any with an own key', () => {
    expect(keptObject({})).toBe(keptObject({}))
    expect(Object.isFrozen(keptObject({}))).toBe(true)
    const withKey = { count: '100' }
    expect(keptObject(withKey)).toBe(withKey)
    const proto: Record<string, unknown> = {}
    Object.defineProperty(proto, '__proto__', {
      value: 1,
      enumerable: true,
      writable: true,
      configurable: true,
    })
    expect(keptObject(proto)).toBe(proto)
    // Inherited keys are not its own: it still has none.
    expect(keptObject(Object.create({ inherited: 1 }))).toBe(keptObject({}))
  })
})
