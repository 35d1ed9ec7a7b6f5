/**
 * Undo Kibana Discover's CSV cell formatting (elasticsearch-notes §5): `Label (field)` headers, `-` for
 * empty, a `'` guarding formula-like values, formatted dates, and arrays joined with `", "`.
 */

/** `Path (json.path)` → `json.path`; a plain dotted header is the field name already. */
export function headerField(header: string): string {
  const trimmed = header.trim()
  const labelled = /\(([^()\s]+)\)$/.exec(trimmed)
  return labelled?.[1] ?? trimmed
}

/** The cell's value, or undefined for an empty cell (Kibana writes `-` for missing and falsy values). */
export function decodeCell(raw: string): string | undefined {
  if (raw === '' || raw === '-') return undefined
  // With formula escaping on, Kibana prefixes values starting with = + - @ by a quote.
  const text = /^'[=+\-@]/.test(raw) ? raw.slice(1) : raw
  return parseKibanaDate(text) ?? text
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
}

// Kibana's default `dateFormat` (`MMM D, YYYY @ HH:mm:ss.SSS`), e.g. `Jan 5, 2025 @ 13:04:05.123`.
const KIBANA_DATE = /^([A-Za-z]{3})[A-Za-z]* (\d{1,2}), (\d{4}) @ (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/

/**
 * A Kibana-formatted date as ISO-8601 UTC, or undefined if `text` is not one. Exports are read as UTC (the
 * report's timezone when `dateFormat:tz` is Browser). Parsed by hand rather than with date-fns `parse`:
 * that builds dates in the process's local timezone, which is off by an hour in DST gaps.
 */
export function parseKibanaDate(text: string): string | undefined {
  const match = KIBANA_DATE.exec(text)
  if (!match) return undefined
  const [, monthName = '', day, year, hours, minutes, seconds, millis = '0'] = match
  const month = MONTHS[monthName.toLowerCase()]
  if (month === undefined) return undefined
  const time = Date.UTC(
    Number(year),
    month,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
    Number(millis.padEnd(3, '0')),
  )
  const date = new Date(time)
  // Reject impossible dates (Feb 30) rather than letting Date roll them over.
  if (date.getUTCDate() !== Number(day) || date.getUTCHours() !== Number(hours)) return undefined
  return date.toISOString()
}

/** Fields Kibana writes as arrays joined with `", "`: the params (which become `[{key,value}]`). */
export function isMultiValueField(field: string): boolean {
  const name = field.startsWith('json.') ? field.slice('json.'.length) : field
  return name === 'params' || name === 'params.key' || name === 'params.value'
}

/**
 * Split a joined multi-value cell at `", "`, but not inside JSON-stringified objects or arrays (which
 * contain `", "` in their strings). A JSON-looking element that does not close is treated as plain text.
 * A plain-text element that itself contains `", "` cannot be told apart; the params zip then sees the
 * mismatch and keeps the values unpaired (see `toApiLogDoc`).
 */
export function splitMultiValue(text: string): string[] {
  const parts: string[] = []
  let start = 0
  for (;;) {
    let from = start
    const open = text[start]
    if (open === '{' || open === '[') {
      const end = jsonEnd(text, start)
      if (end > 0 && (end === text.length || text.startsWith(', ', end))) from = end
    }
    const separator = text.indexOf(', ', from)
    if (separator < 0) {
      parts.push(text.slice(start))
      return parts
    }
    parts.push(text.slice(start, separator))
    start = separator + 2
  }
}

/** Index just after the bracket closing the one at `start`, or -1 if it never closes. */
function jsonEnd(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) return i + 1
    }
  }
  return -1
}
