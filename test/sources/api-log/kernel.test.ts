import { describe, expect, it } from 'vitest'
import { ScanKernel } from '../../../src/sources/api-log/kernel.js'

/** What the kernel must report: `\n` count, and (offset, newlines before) of the first `scim` on each line. */
function reference(bytes: Buffer, start: number, end: number): { newlines: number; hits: number[][] } {
  const hits: number[][] = []
  let newlines = 0
  let last = -1
  for (let i = start; i < end; i++) {
    if (bytes[i] === 10) newlines++
    else if (i + 4 <= end && bytes.toString('latin1', i, i + 4) === 'scim' && newlines !== last) {
      hits.push([i, newlines])
      last = newlines
    }
  }
  return { newlines, hits }
}

function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('ScanKernel', () => {
  const kernel = ScanKernel.create(1 << 20)
  it('is available on this Node', () => {
    expect(kernel).toBeDefined()
  })

  it('matches the reference on text dense in s, c, i, m, newlines and near-misses, at any alignment', () => {
    if (!kernel) return
    const rnd = random(7)
    const pieces = [
      'scim',
      'sci',
      'sc',
      's',
      'cim',
      'scimscim',
      '\n',
      '\n\n',
      'x',
      'abcdefghijklmnop',
      'sscim',
      'é',
    ]
    for (let round = 0; round < 200; round++) {
      let text = ''
      const target = Math.floor(rnd() * 20000)
      while (text.length < target) text += pieces[Math.floor(rnd() * pieces.length)]
      const bytes = Buffer.from(text)
      const start = Math.floor(rnd() * 100)
      bytes.copy(kernel.buffer, start)
      // Stale bytes after the range must not count (the kernel pads over them).
      kernel.buffer.fill('scim\n', start + bytes.length, start + bytes.length + 200)
      const end = start + bytes.length
      const count = kernel.scan(start, end)
      const hits: number[][] = []
      for (let i = 0; i < count; i++) {
        const at = kernel.hitsIndex + 2 * i
        hits.push([kernel.hits[at] as number, kernel.hits[at + 1] as number])
      }
      expect({ newlines: kernel.newlines, hits }).toEqual(reference(kernel.buffer, start, end))
    }
  })

  it('counts past the accumulator limit (63 × 64-byte blocks of newlines)', () => {
    if (!kernel) return
    const n = 64 * 200 + 5
    kernel.buffer.fill(10, 0, n)
    expect(kernel.scan(0, n)).toBe(0)
    expect(kernel.newlines).toBe(n)
  })
})
