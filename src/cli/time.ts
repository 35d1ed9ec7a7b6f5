/**
 * `--since`/`--until`: ISO-8601 date-times (or dates), or a span back from now such as `7d`, `12h`, `30m`.
 */
// Deep imports: the date-fns index pulls in every function (~230 ms to load here; these three take ~24 ms).
import { isValid } from 'date-fns/isValid'
import { parseISO } from 'date-fns/parseISO'
import { sub } from 'date-fns/sub'
import { UserError } from '../common/errors.js'

const SPAN = /^(\d+)\s*(s|m|h|d|w)$/i
const UNITS = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const

export function parseTimeOption(option: string, text: string, now: Date = new Date()): number {
  const span = SPAN.exec(text.trim())
  if (span) {
    const unit = UNITS[(span[2] as string).toLowerCase() as keyof typeof UNITS]
    return sub(now, { [unit]: Number(span[1]) }).getTime()
  }
  // Dates without a zone are read as UTC, like the log's own times.
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/T|\d\d:\d\d/.test(text) ? text : `${text}Z`
  const date = parseISO(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso)
  if (!isValid(date)) {
    throw new UserError(
      `--${option} '${text}' is not a date-time (2024-05-14T09:00:00Z, 2024-05-14) or a span (7d, 12h, 30m)`,
    )
  }
  return date.getTime()
}
