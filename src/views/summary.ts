/**
 * The accounting line every run ends with: what was read, used and skipped, and where.
 */
import type { AccountingSnapshot } from '../common/accounting.js'
import type { SkipReason } from '../sources/types.js'
import { formatOrigin } from './describe.js'
import { safe } from './escape.js'

const REASON_NAMES: Record<SkipReason, string> = {
  'invalid-json': 'invalid JSON',
  binary: 'binary',
  'too-long': 'too long',
  'not-an-object': 'not an object',
  'bad-field-type': 'wrong field type',
  'bad-csv-row': 'bad CSV row',
  unreadable: 'unreadable',
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

/**
 * `1234567` → `1,234,567`, as `toLocaleString('en-US')` writes it, without loading ICU for it (the first
 * `toLocaleString` of a process took 8.5 ms on the bench VM: 2% of a 1 GiB `report`).
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n)
  const digits = String(Math.abs(n))
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1)
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`
  return n < 0 ? `-${out}` : out
}

const count = formatCount

export function formatSummary(
  snapshot: AccountingSnapshot,
  extra: { people?: number; probes?: number } = {},
): string {
  const parts = [
    `read ${count(snapshot.lines)} lines (${formatBytes(snapshot.bytes)}) from ${count(snapshot.sources.length)} input${snapshot.sources.length === 1 ? '' : 's'}`,
    `${count(snapshot.scim)} SCIM requests`,
  ]
  if (extra.people !== undefined) parts.push(`${count(extra.people)} people`)
  // Connection tests are not people, but are counted: shown only when there are some.
  if (extra.probes) parts.push(`${count(extra.probes)} probe${extra.probes === 1 ? '' : 's'}`)
  parts.push(`${count(snapshot.other)} other`)
  const reasons = Object.entries(snapshot.skippedByReason) as [
    SkipReason,
    { count: number; first: { source: string; line?: number }[] },
  ][]
  if (snapshot.skipped === 0) {
    parts.push('skipped 0')
  } else {
    const byReason = reasons
      .map(([reason, tally]) => `${count(tally.count)} ${REASON_NAMES[reason] ?? reason}`)
      .join(', ')
    const first = reasons
      .flatMap(([, tally]) => tally.first)
      .slice(0, 3)
      .map((origin) => safe(formatOrigin(origin), 80))
      .join(', ')
    parts.push(`skipped ${count(snapshot.skipped)} (${byReason}; first: ${first})`)
  }
  return parts.join(' · ')
}
