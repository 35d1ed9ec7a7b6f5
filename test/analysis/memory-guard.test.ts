import { describe, expect, it } from 'vitest'
import { EXIT_MEMORY, MemoryGuard, parseMemory } from '../../src/analysis/memory-guard.js'
import { Accounting } from '../../src/common/accounting.js'
import { scimtrace } from '../cli/run.js'

describe('--max-memory (probe D5)', () => {
  it('parses sizes', () => {
    expect(parseMemory('512M')).toBe(512 << 20)
    expect(parseMemory('4G')).toBe(4 * 2 ** 30)
    expect(parseMemory('1.5GiB')).toBe(1.5 * 2 ** 30)
    expect(parseMemory('800MB')).toBe(800 << 20)
    expect(parseMemory('1000')).toBe(1000)
    expect(parseMemory('lots')).toBeUndefined()
    expect(parseMemory('0')).toBeUndefined()
  })

  it('stops with one line naming what was read and how to narrow it, once the heap passes the limit', () => {
    const accounting = new Accounting()
    accounting.lines = 5000
    accounting.scim = 4096
    let heap = 10
    const guard = new MemoryGuard(100, () => heap)
    for (let i = 0; i < 4096; i++) guard.check(accounting)
    heap = 101
    let error: unknown
    try {
      for (let i = 0; i < 4096; i++) guard.check(accounting)
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ exitCode: EXIT_MEMORY })
    expect(String((error as Error).message)).toMatch(
      /after 5,000 lines and 4,096 SCIM requests: narrow .*--group, --since\/--until/,
    )
  })

  it('the executable stops with exit 6 and one line, never a V8 trace, under a small limit', () => {
    const lines: string[] = []
    for (let i = 0; i < 30_000; i++)
      lines.push(
        JSON.stringify({
          time: '2024-05-14T09:00:00Z',
          status: 201,
          method: 'POST',
          path: '/api/scim/v2/groups/g/Users',
          params: [
            { key: 'userName', value: `u${i}` },
            { key: 'externalId', value: `x${i}` },
          ],
        }),
      )
    const result = scimtrace(['users', '--max-memory', '8M', '-'], { input: `${lines.join('\n')}\n` })
    expect(result.code).toBe(6)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^scimtrace: stopped reading at the memory limit .* SCIM requests: narrow/)
    expect(scimtrace(['users', '--max-memory', 'lots', '-']).code).toBe(2)
  })
})
