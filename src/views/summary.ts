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

const count = (n: number) => n.toLocaleString('en-US')

export function formatSummary(snapshot: AccountingSnapshot, extra: { people?: number } = {}): string {
  const parts = [
    `read ${count(snapshot.lines)} lines (${formatBytes(snapshot.bytes)}) from ${count(snapshot.sources.length)} input${snapshot.sources.length === 1 ? '' : 's'}`,
    `${count(snapshot.scim)} SCIM requests`,
  ]
  if (extra.people !== undefined) parts.push(`${count(extra.people)} people`)
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
