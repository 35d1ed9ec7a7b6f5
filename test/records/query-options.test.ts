import { describe, expect, it } from 'vitest'
import { UserError } from '../../src/common/errors.js'
import { parseTimeOption } from '../../src/records/query-options.js'

describe('--since/--until', () => {
  const now = new Date('2026-11-29T12:00:00Z')

  it('reads spans back from now', () => {
    expect(parseTimeOption('since', '7d', now)).toBe(Date.parse('2026-11-22T12:00:00Z'))
    expect(parseTimeOption('since', '12h', now)).toBe(Date.parse('2026-11-29T00:00:00Z'))
    expect(parseTimeOption('since', '30m', now)).toBe(Date.parse('2026-11-29T11:30:00Z'))
    expect(parseTimeOption('since', '2w', now)).toBe(Date.parse('2026-11-15T12:00:00Z'))
  })

  it('reads ISO dates and date-times, as UTC when no zone is given (like the log)', () => {
    expect(parseTimeOption('since', '2024-05-14', now)).toBe(Date.parse('2024-05-14T00:00:00Z'))
    expect(parseTimeOption('since', '2024-05-14T09:12:03', now)).toBe(Date.parse('2024-05-14T09:12:03Z'))
    expect(parseTimeOption('since', '2024-05-14T09:12:03+02:00', now)).toBe(
      Date.parse('2024-05-14T07:12:03Z'),
    )
  })

  it('rejects anything else with a usage error naming the option', () => {
    expect(() => parseTimeOption('until', 'last tuesday', now)).toThrow(UserError)
    expect(() => parseTimeOption('until', 'last tuesday', now)).toThrow(/--until/)
  })
})
