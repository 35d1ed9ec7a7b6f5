/**
 * The report for a terminal.
 */
import { guardView } from '../diagnosis/guard.js'
import type { Palette } from './color.js'
import { formatTime } from './describe.js'
import { safe } from './escape.js'
import { renderFinding } from './findings.js'
import { idpNames, personLabel, renderUsersTable, stateStyle } from './person.js'
import { type ReportInput, rankPeople, reportSummaryJson } from './report.js'
import { defineView } from './view.js'

function line(title: string, values: Record<string, number>): string {
  const entries = Object.entries(values)
  return entries.length === 0
    ? ''
    : `  ${title.padEnd(10)} ${entries.map(([k, v]) => `${safe(k, 40)} ${v}`).join(' · ')}\n`
}

export function renderTextReport(input: ReportInput, colors: Palette): string {
  const s = reportSummaryJson(input)
  const range = s.from ? `${formatTime(s.from)} → ${formatTime(s.to ?? s.from)} UTC` : 'no SCIM requests'
  let out = `${colors.bold(`SCIM provisioning report · ${s.groups.map((g) => safe(g, 60)).join(', ') || 'no groups'}`)}\n`
  const probes = s.probes > 0 ? ` · ${s.probes} probe${s.probes === 1 ? '' : 's'}` : ''
  out += `${range} · ${s.requests} requests · ${s.people} people${probes}${input.redacted ? ' · redacted' : ''}\n`
  // Which GitLab the rules were applied for, and why (`diagnosis/versions/infer.ts`).
  out += `${safe(s.gitlab.rulesFor, 120)}\n`
  for (const e of s.gitlab.evidence) out += `  - ${safe(e.seen, 300)}\n`
  for (const c of s.gitlab.conflicts) out += `  ! the log disagrees: ${safe(c, 300)}\n`
  out += '\n'
  out += 'Totals\n'
  out +=
    line('findings', s.bySeverity) +
    line('rules', s.byRule) +
    line('status', s.byStatus) +
    line('actions', s.byAction) +
    line('idp', s.byIdp)
  if (input.groupFindings.length > 0) {
    out += `\n${colors.bold('Group-wide')}\n`
    for (const f of input.groupFindings) out += `${renderFinding(f, colors)}\n`
  }
  const ranked = rankPeople(input)
  for (const { person, findings } of ranked.filter((r) => r.findings.length > 0)) {
    // Guarded (`diagnosis/guard.ts`): a person whose section fails shows the internal error instead.
    out += guardView(
      person,
      () => {
        let section = `\n${colors.bold(safe(personLabel(person), 80))} · group ${safe(person.scope, 60)} · ${idpNames(person.idps, person.clients)} · ${stateStyle(colors, person.state)(person.state)} · ${person.requests} requests, ${person.failures} failed\n`
        for (const f of findings) section += `${renderFinding(f, colors)}\n`
        return section
      },
      (failure) => `\n${colors.bold(safe(person.key, 80))}\n${renderFinding(failure, colors)}\n`,
    )
  }
  const rest = ranked.filter((r) => r.findings.length === 0).map((r) => r.person)
  if (rest.length > 0) out += `\n${colors.bold('People without findings')}\n${renderUsersTable(rest, colors)}`
  return out
}

export const textReportView = defineView({
  model: 'report',
  format: 'text',
  render: (input, out) => out.write(renderTextReport(input, out.colors)),
})
