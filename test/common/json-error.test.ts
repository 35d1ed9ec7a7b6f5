import { describe, expect, it } from 'vitest'
import { jsonErrorPlace } from '../../src/common/json-error.js'

function parseError(text: string): unknown {
  try {
    JSON.parse(text)
  } catch (error) {
    return error
  }
  throw new Error(`${text} parsed`)
}

describe('jsonErrorPlace', () => {
  it('says where JSON failed, never what it read (D16)', () => {
    for (const text of [
      'glpat-SHORT1234',
      '[{"a":1,\n"password":hunter2hunter2}]',
      '{"password":"hunter2"',
    ]) {
      const error = parseError(text)
      const place = jsonErrorPlace(error, text)
      expect(place).toMatch(/^not valid JSON/)
      expect(place).not.toMatch(/glpat|hunter2|password/)
    }
  })

  it('gives the line and column of the failure', () => {
    expect(jsonErrorPlace(parseError('{"a":1,\n "b":}'), '{"a":1,\n "b":}')).toBe(
      'not valid JSON at line 2, column 6',
    )
  })
})
