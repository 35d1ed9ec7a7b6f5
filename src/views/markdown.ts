/**
 * The report as Markdown, to paste into a support ticket or an issue.
 */
import type { Finding } from '../diagnosis/types.js'
import { ATTRIBUTE_NAMES, type Person } from '../timelines/types.js'
import { describeRecord, formatOrigin, formatStatus, formatTime } from './describe.js'
import { safe } from './escape.js'
import { idpNames, personLabel } from './person.js'
import { type ReportInput, rankPeople, reportSummaryJson } from './report.js'

/** Escape what Markdown would interpret, after making control characters visible. */
export function md(value: unknown, max = 200): string {
  return safe(value, max).replace(/[\\`*_[\]<>|#]/g, (ch) => `\\${ch}`)
}

const code = (value: unknown, max = 200) => `\`${safe(value, max).replaceAll('`', "'")}\``

function table(headers: string[], rows: string[][]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ]
}

function counts(title: string, values: Record<string, number>): string[] {
  const entries = Object.entries(values)
  if (entries.length === 0) return []
  return [`**${title}:** ${entries.map(([k, v]) => `${md(k)} ${v}`).join(' · ')}`, '']
}

function finding(f: Finding): string[] {
  const icon = { error: '❌', warning: '⚠️', info: 'ℹ️' }[f.severity]
  const out = [`#### ${icon} \`${f.rule}\` — ${md(f.title, 300)}`, '', md(f.why, 2000), '']
  out.push('Evidence:', '')
  for (const r of f.evidence.slice(0, 10)) {
    out.push(
      `- ${formatTime(r.time)} ${r.method} ${md(describeRecord(r, 80))} → **${formatStatus(r.status)}** (${code(formatOrigin(r.origin), 120)})`,
    )
  }
  if (f.evidence.length > 10) out.push(`- … ${f.evidence.length - 10} more`)
  if (f.repeats && f.repeats.count > 1) {
    out.push(
      `- repeated ${f.repeats.count} times from ${formatTime(f.repeats.first)} to ${formatTime(f.repeats.last)}`,
    )
  }
  out.push('')
  if (f.candidates && f.candidates.length > 0) {
    out.push('Possible causes, most likely first:', '')
    f.candidates.forEach((c, i) => {
      out.push(`${i + 1}. **${md(c.cause, 300)}** (${Math.round(c.likelihood * 100)}%)`)
      for (const reason of c.for) out.push(`   - for: ${md(reason, 500)}`)
      for (const reason of c.against) out.push(`   - against: ${md(reason, 500)}`)
      out.push(`   - to tell: ${md(c.check, 500)}`)
    })
    out.push('')
  }
  if (f.remedy.length > 0) out.push('Fix:', '', ...f.remedy.map((s) => `1. ${md(s, 1000)}`), '')
  if (f.confirm.length > 0) out.push('Confirm:', '', ...f.confirm.map((s) => `- ${md(s, 1000)}`), '')
  out.push(`Docs: ${f.docs}`, '')
  return out
}

function attributes(person: Person): string[] {
  const rows: string[][] = []
  for (const name of ATTRIBUTE_NAMES) {
    const p = person.attributes[name]
    if (!p) continue
    const ignored = p.ignored.map(
      (c) => `${md(c.attribute)}=${md(c.value, 60)} (${c.why}, ${formatTime(c.record.time)})`,
    )
    rows.push([
      name,
      code(String(p.value), 80),
      md(p.from, 80),
      `${p.setBy.method} ${formatTime(p.setBy.time)} ${code(formatOrigin(p.setBy.origin), 100)}`,
      ignored.join('<br>') || '—',
    ])
  }
  return rows.length === 0
    ? ['No successful create was seen: GitLab holds no attributes from these logs.', '']
    : [...table(['attribute', 'value', 'from', 'set by', 'later attempts without effect'], rows), '']
}

export function renderMarkdownReport(input: ReportInput): string {
  const summary = reportSummaryJson(input)
  const range = summary.from
    ? `${formatTime(summary.from)} to ${formatTime(summary.to ?? summary.from)} UTC`
    : 'no SCIM requests'
  const out = [
    `# SCIM provisioning report — ${summary.groups.map((g) => md(g)).join(', ') || 'no groups'}`,
    '',
  ]
  out.push(
    `${range} · ${summary.requests} SCIM requests · ${summary.people} people${input.redacted ? ' · redacted (people and addresses are aliases)' : ''}`,
    '',
  )
  out.push(
    `Sources: ${summary.sources.map((s) => code(s, 120)).join(', ') || '—'} (read ${summary.input.lines} lines, skipped ${summary.input.skipped})`,
    '',
  )
  out.push('## Totals', '')
  out.push(
    ...counts('Findings by severity', summary.bySeverity),
    ...counts('Findings by rule', summary.byRule),
  )
  out.push(
    ...counts('Requests by status', summary.byStatus),
    ...counts('By action', summary.byAction),
    ...counts('By identity provider', summary.byIdp),
  )
  if (input.groupFindings.length > 0) {
    out.push('## Group-wide findings', '')
    for (const f of input.groupFindings) out.push(...finding(f))
  }
  const ranked = rankPeople(input)
  const withFindings = ranked.filter((r) => r.findings.length > 0)
  if (withFindings.length > 0) out.push('## People with findings', '')
  for (const { person, findings } of withFindings) {
    out.push(`### ${md(personLabel(person))}`, '')
    out.push(
      `Group ${code(person.scope)} · ${idpNames(person.idps, person.clients)} · state **${person.state}** · ids ${person.externUids.map((id) => code(id, 80)).join(', ') || '—'} · ${person.requests} requests, ${person.failures} failed`,
      '',
    )
    out.push(...attributes(person))
    for (const f of findings) out.push(...finding(f))
  }
  const rest = ranked.filter((r) => r.findings.length === 0)
  if (rest.length > 0) {
    out.push('## People without findings', '')
    out.push(
      ...table(
        ['person', 'group', 'state', 'requests', 'failed', 'last seen'],
        rest.map(({ person: p }) => [
          md(personLabel(p)),
          md(p.scope),
          p.state,
          String(p.requests),
          String(p.failures),
          formatTime(p.lastSeen),
        ]),
      ),
      '',
    )
  }
  return `${out.join('\n')}\n`
}
