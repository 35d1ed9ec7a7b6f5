/**
 * The values of the query vocabulary (`query.ts`), as `search`'s options and the explorer's filter terms
 * give them: `--since`/`--until` (`since:`/`until:`) as ISO-8601 date-times (or dates) or a span back from
 * now such as `7d`, `12h`, `30m`, and `--idp` (`idp:`) as a list of identity providers.
 */
// Deep imports: the date-fns index pulls in every function (~230 ms to load here; these three take ~24 ms).
import { isValid } from 'date-fns/isValid'
import { parseISO } from 'date-fns/parseISO'
import { sub } from 'date-fns/sub'
import { UserError } from '../common/errors.js'
import type { IdentityProvider } from './types.js'

const SPAN = /^(\d+)\s*(s|m|h|d|w)$/i
const UNITS = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const

/** Times outside year 1–9999 are no log's: a span reaching past them is a typo, not "everything". */
const EARLIEST = Date.UTC(1, 0, 1)
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
/** An RFC 3339 zone offset: hours 00–23, minutes 00–59. */
const OFFSET = /[+-](\d\d):?(\d\d)$/

export function parseTimeOption(option: string, text: string, now: Date = new Date()): number {
  const span = SPAN.exec(text.trim())
  if (span) {
    const unit = UNITS[(span[2] as string).toLowerCase() as keyof typeof UNITS]
    const ms = sub(now, { [unit]: Number(span[1]) }).getTime()
    // NaN (a span too large for a Date) would disable the filter and match everything.
    if (!Number.isFinite(ms) || ms < EARLIEST)
      throw new UserError(`--${option} '${text}' reaches back before the year 1: not a span a log can have`)
    return ms
  }
  const offset = OFFSET.exec(text)
  if (offset && /T|\d\d:\d\d/.test(text) && (Number(offset[1]) > 23 || Number(offset[2]) > 59)) {
    throw new UserError(`--${option} '${text}' has a zone offset beyond ±23:59`)
  }
  // Dates without a zone are read as UTC, like the log's own times.
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/T|\d\d:\d\d/.test(text) ? text : `${text}Z`
  const date = parseISO(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso)
  if (!isValid(date)) {
    throw new UserError(
      `--${option} '${text}' is not a date-time (2024-05-14T09:00:00Z, 2024-05-14) or a span (7d, 12h, 30m)`,
    )
  }
  const ms = date.getTime()
  if (ms < EARLIEST || ms > LATEST) throw new UserError(`--${option} '${text}' is outside the years 1–9999`)
  return ms
}

/** `--since` after `--until` matches nothing: say so rather than print an empty result. */
export function checkTimeRange(sinceMs: number | undefined, untilMs: number | undefined): void {
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs > untilMs)
    throw new UserError('--since is after --until: the range is empty (swap them?)')
}

const IDPS: readonly IdentityProvider[] = ['okta', 'entra', 'other']

export function parseIdps(text: string | undefined): IdentityProvider[] | undefined {
  if (text === undefined) return undefined
  const list = text.split(',').map((part) =>
    part
      .trim()
      .toLowerCase()
      .replace(/^(azure|microsoft|entra-id)$/, 'entra'),
  )
  for (const idp of list) {
    if (!IDPS.includes(idp as IdentityProvider))
      throw new UserError(`--idp '${idp}' is not one of okta, entra, other`)
  }
  return list as IdentityProvider[]
}
