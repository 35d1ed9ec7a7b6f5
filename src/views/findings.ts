/**
 * Findings as text: the rule, what happened, the evidence lines, why, the fix, how to confirm, docs.
 */
import type { Finding } from '../diagnosis/types.js'
import type { Palette } from './color.js'
import { describeRecord, formatOrigin, formatStatus, formatTime } from './describe.js'
import { safe } from './escape.js'

const MARK = { error: '✗', warning: '!', info: 'i' } as const

export function severityStyle(colors: Palette, severity: Finding['severity']): (text: string) => string {
  return severity === 'error' ? colors.red : severity === 'warning' ? colors.yellow : colors.cyan
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/)
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') lines.push(line)
  return lines.join(`\n${indent}`)
}

export function renderFinding(finding: Finding, colors: Palette, width = 100): string {
  const style = severityStyle(colors, finding.severity)
  const pad = '            '
  const out = [style(`${MARK[finding.severity]} ${finding.rule} — ${safe(finding.title, 200)}`)]
  const evidence = finding.evidence.slice(0, 8)
  evidence.forEach((record, i) => {
    const label = i === 0 ? '  evidence  ' : pad
    out.push(
      `${label}${formatTime(record.time)}  ${record.method} ${describeRecord(record, 56)} → ${formatStatus(record.status)}  ${colors.dim(safe(formatOrigin(record.origin), 60))}`,
    )
  })
  if (finding.evidence.length > evidence.length)
    out.push(`${pad}… ${finding.evidence.length - evidence.length} more`)
  if (finding.repeats && finding.repeats.count > 1) {
    out.push(
      `${pad}repeated ${finding.repeats.count} times from ${formatTime(finding.repeats.first)} to ${formatTime(finding.repeats.last)}`,
    )
  }
  out.push(`  why       ${wrap(safe(finding.why, 2000), width, pad)}`)
  for (const candidate of finding.candidates ?? []) {
    out.push(
      `  maybe     ${wrap(safe(`${candidate.cause} (${Math.round(candidate.likelihood * 100)}%)`, 300), width, pad)}`,
    )
    for (const reason of candidate.for) out.push(`${pad}+ ${wrap(safe(reason, 500), width - 2, `${pad}  `)}`)
    for (const reason of candidate.against)
      out.push(`${pad}- ${wrap(safe(reason, 500), width - 2, `${pad}  `)}`)
    out.push(`${pad}? ${wrap(safe(candidate.check, 500), width - 2, `${pad}  `)}`)
  }
  for (const [i, step] of finding.remedy.entries()) {
    out.push(`${i === 0 ? '  fix       ' : pad}${wrap(safe(step, 1000), width, pad)}`)
  }
  for (const [i, step] of finding.confirm.entries()) {
    out.push(`${i === 0 ? '  confirm   ' : pad}${wrap(safe(step, 1000), width, pad)}`)
  }
  out.push(`  docs      ${colors.dim(safe(finding.docs, 300))}`)
  return `${out.join('\n')}\n`
}
