/**
 * Log times are RFC 3339 (GitLab writes `2024-05-14T09:12:03.412Z`; exports are converted to that form).
 * `Date.parse` alone is far more lenient: it reads `"1"` as 2001-01-01 and `"Tue 9"` as 2001-09-01, and
 * rolls `2024-02-30` over into March, so a mangled field became a request at an invented time (probe D19).
 */

// date, `T`/`t`/space, time with optional fraction, `Z`/`z` or a ±hh:mm offset (RFC 3339 §5.6)
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/

/** Milliseconds since the epoch of an RFC 3339 date-time, or NaN when `text` is not one. */
export function parseRfc3339(text: string): number {
  const m = RFC3339.exec(text)
  if (!m) return Number.NaN
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return Number.NaN
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return Number.NaN
  return Date.parse(text)
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && leap ? 29 : (DAYS[month - 1] as number)
}
