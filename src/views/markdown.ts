/**
 * The report as Markdown, to paste into a support ticket or an issue.
 */
import { guardView } from '../diagnosis/guard.js'
import type { Finding } from '../diagnosis/types.js'
import { ATTRIBUTE_NAMES, type Person } from '../timelines/types.js'
import { describeRecord, formatOrigin, formatStatus, formatTime } from './describe.js'
import { cellCode, inlineCode as code, md, tableRow } from './markdown-escape.js'
import { idpNames, personLabel } from './person.js'
import { type ReportInput, rankPeople, reportSummaryJson } from './report.js'
import { defineView } from './view.js'

export { md } from './markdown-escape.js'

/** Append `lines` to `out` one by one: `out.push(...lines)` overflows the stack past ~120k lines. */
function append(out: string[], lines: readonly string[]): void {
  for (let i = 0; i < lines.length; i++) out.push(lines[i] as string)
}

/** A table's lines appended to `out`; cells come escaped for a cell (`md`, `cellCode`). */
function table(out: string[], headers: string[], rows: readonly string[][]): void {
  out.push(tableRow(headers), `|${headers.map(() => ' --- ').join('|')}|`)
  for (let i = 0; i < rows.length; i++) out.push(tableRow(rows[i] as string[]))
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
  if (f.remedy.length > 0) {
    out.push('Fix:', '')
    for (const s of f.remedy) out.push(`1. ${md(s, 1000)}`)
    out.push('')
  }
  if (f.confirm.length > 0) {
    out.push('Confirm:', '')
    for (const s of f.confirm) out.push(`- ${md(s, 1000)}`)
    out.push('')
  }
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
      cellCode(String(p.value), 80),
      md(p.from, 80),
      `${p.setBy.method} ${formatTime(p.setBy.time)} ${cellCode(formatOrigin(p.setBy.origin), 100)}`,
      // ' · ', not `<br>`: the report holds no raw HTML at all, so a renderer's HTML setting cannot matter.
      ignored.join(' · ') || '—',
    ])
  }
  if (rows.length === 0)
    return ['No successful create was seen: GitLab holds no attributes from these logs.', '']
  const out: string[] = []
  table(out, ['attribute', 'value', 'from', 'set by', 'later attempts without effect'], rows)
  out.push('')
  return out
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
    `${range} · ${summary.requests} SCIM requests · ${summary.people} people${summary.probes > 0 ? ` · ${summary.probes} probe${summary.probes === 1 ? '' : 's'}` : ''}${input.redacted ? ' · redacted (people, groups, ids and addresses are aliases)' : ''}`,
    '',
  )
  out.push(
    `Sources: ${summary.sources.map((s) => code(s, 120)).join(', ') || '—'} (read ${summary.input.lines} lines, skipped ${summary.input.skipped})`,
    '',
  )
  out.push(`**${md(summary.gitlab.rulesFor, 120)}**`, '')
  for (const e of summary.gitlab.evidence) out.push(`- ${md(e.seen, 300)}`)
  for (const c of summary.gitlab.conflicts) out.push(`- the log disagrees: ${md(c, 300)}`)
  if (summary.gitlab.evidence.length + summary.gitlab.conflicts.length > 0) out.push('')
  out.push('## Totals', '')
  append(out, counts('Findings by severity', summary.bySeverity))
  append(out, counts('Findings by rule', summary.byRule))
  append(out, counts('Requests by status', summary.byStatus))
  append(out, counts('By action', summary.byAction))
  append(out, counts('By identity provider', summary.byIdp))
  if (input.groupFindings.length > 0) {
    out.push('## Group-wide findings', '')
    for (const f of input.groupFindings) append(out, finding(f))
  }
  const ranked = rankPeople(input)
  const withFindings = ranked.filter((r) => r.findings.length > 0)
  if (withFindings.length > 0) out.push('## People with findings', '')
  for (const { person, findings } of withFindings) {
    // Guarded (`diagnosis/guard.ts`): a person whose section fails shows the internal error instead.
    const section = guardView(
      person,
      () => {
        const lines = [
          `### ${md(personLabel(person))}`,
          '',
          `Group ${code(person.scope)} · ${idpNames(person.idps, person.clients)} · state **${person.state}** · ids ${person.externUids.map((id) => code(id, 80)).join(', ') || '—'} · ${person.requests} requests, ${person.failures} failed`,
          '',
        ]
        append(lines, attributes(person))
        for (const f of findings) append(lines, finding(f))
        return lines
      },
      (failure) => [`### ${md(person.key)}`, '', ...finding(failure)],
    )
    append(out, section)
  }
  const rest = ranked.filter((r) => r.findings.length === 0)
  if (rest.length > 0) {
    out.push('## People without findings', '')
    table(
      out,
      ['person', 'group', 'state', 'requests', 'failed', 'last seen'],
      rest.map(({ person: p }) =>
        guardView(
          p,
          () => [
            md(personLabel(p)),
            md(p.scope),
            p.state,
            String(p.requests),
            String(p.failures),
            formatTime(p.lastSeen),
          ],
          (failure) => [md(p.key), md(p.scope), `**internal-error**: ${md(failure.title, 300)}`, '', '', ''],
        ),
      ),
    )
    out.push('')
  }
  return `${out.join('\n')}\n`
}

export const markdownReportView = defineView({
  model: 'report',
  format: 'markdown',
  render: (input, out) => out.write(renderMarkdownReport(input)),
})
