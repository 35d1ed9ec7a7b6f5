import { describe, expect, it } from 'vitest'
import { parseRfc3339 } from '../../src/records/time.js'

describe('parseRfc3339 (probe D19)', () => {
  it('reads the forms GitLab and the exports write', () => {
    expect(parseRfc3339('2024-05-14T09:12:03.412Z')).toBe(Date.UTC(2024, 4, 14, 9, 12, 3, 412))
    expect(parseRfc3339('2024-05-14T09:12:03Z')).toBe(Date.UTC(2024, 4, 14, 9, 12, 3))
    expect(parseRfc3339('2024-05-14 09:12:03+02:00')).toBe(Date.UTC(2024, 4, 14, 7, 12, 3))
    expect(parseRfc3339('2024-05-14t09:12:03.123456z')).toBe(Date.UTC(2024, 4, 14, 9, 12, 3, 123))
    expect(parseRfc3339('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29))
  })

  it.each([
    '1',
    'Tue 9',
    '2024',
    '2024-05-14',
    '2024-05-14T09:12:03',
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-14T24:00:00Z',
    '2024-05-14T09:60:00Z',
    '2024-05-14T09:00:00+25:00',
    '2024-05-14T09:00:00+0200',
    ' 2024-05-14T09:00:00Z',
    'May 14 2024 09:00:00 GMT',
  ])('rejects %j', (text) => {
    expect(parseRfc3339(text)).toBeNaN()
  })
})
