import { describe, expect, it } from 'vitest'
import { EXIT } from '../../../src/common/errors.js'
import { checkVersion, hasPointInTime, versionFromNodes } from '../../../src/sources/elasticsearch/version.js'

describe('server version', () => {
  it('is read from a nodes.info body filtered to nodes.*.version', () => {
    expect(versionFromNodes({ nodes: { abc: { version: '8.19.21' } } })).toBe('8.19.21')
    expect(versionFromNodes({})).toBeUndefined()
    expect(versionFromNodes(undefined)).toBeUndefined()
  })

  it('has a point in time from 7.10 on', () => {
    expect(hasPointInTime('7.9.3')).toBe(false)
    expect(hasPointInTime('7.10.0')).toBe(true)
    expect(hasPointInTime('8.19.21')).toBe(true)
    expect(hasPointInTime('9.1.0')).toBe(true)
    expect(hasPointInTime('6.8.23')).toBe(false)
  })

  it('refuses a server without point in time with one line and exit 5, and lets an unknown one through', () => {
    expect(() => checkVersion('7.9.3', 'idx@host')).toThrow(
      'idx@host: Elasticsearch 7.9.3 has no point in time (7.10 or later is needed)',
    )
    let caught: unknown
    try {
      checkVersion('6.8.0', 'idx@host')
    } catch (error) {
      caught = error
    }
    expect((caught as { exitCode?: number } | undefined)?.exitCode).toBe(EXIT.unavailable)
    expect(() => checkVersion(undefined, 'idx@host')).not.toThrow()
  })
})
