import { describe, expect, it } from 'vitest'
import { mergeSorted } from '../../../src/analysis/parallel/merge.js'

const byNumber = (a: number, b: number) => a - b

describe('mergeSorted', () => {
  it('merges sorted lists into one sorted sequence', () => {
    expect([...mergeSorted([[1, 4, 9], [2, 3, 10], [], [5]], byNumber)]).toEqual([1, 2, 3, 4, 5, 9, 10])
    expect([...mergeSorted([], byNumber)]).toEqual([])
    expect([...mergeSorted([[], []], byNumber)]).toEqual([])
  })

  it('is stable: equal items come from earlier lists first, each list in its own order', () => {
    const items = (list: string, keys: number[]) => keys.map((key, i) => ({ key, id: `${list}${i}` }))
    const merged = mergeSorted(
      [items('a', [1, 2, 2]), items('b', [1, 2]), items('c', [2])],
      (x, y) => x.key - y.key,
    )
    expect([...merged].map((item) => item.id)).toEqual(['a0', 'b0', 'a1', 'a2', 'b1', 'c0'])
  })

  it('takes items from generators lazily', () => {
    const taken: number[] = []
    function* source(values: number[]) {
      for (const v of values) {
        taken.push(v)
        yield v
      }
    }
    const merged = mergeSorted([source([1, 3, 5]), source([2, 4])], byNumber)
    expect(merged.next().value).toBe(1)
    expect(taken).toEqual([1, 2]) // one head per list, nothing more
  })
})
