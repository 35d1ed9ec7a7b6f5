/**
 * Text views of people: the users table, one person's header, timeline and attribute table.
 */
import { guardView } from '../diagnosis/guard.js'
import type { Finding } from '../diagnosis/types.js'
import { describeClient } from '../records/clients.js'
import type { IdentityProvider } from '../records/types.js'
import { type ClientSummary, clientsWorthShowing } from '../timelines/clients.js'
import { personLabel } from '../timelines/person-label.js'
import { ATTRIBUTE_NAMES, type Person } from '../timelines/types.js'
import type { Palette } from './color.js'
import { describeRecord, formatOrigin, formatStatus, formatTime } from './describe.js'
import { safe } from './escape.js'
import { renderFinding } from './findings.js'
import { type Column, renderTable } from './table.js'
import { defineView } from './view.js'

const IDP_NAMES: Record<IdentityProvider, string> = { okta: 'Okta', entra: 'Entra ID', other: 'other' }

export function idpNames(idps: readonly IdentityProvider[], clients?: readonly ClientSummary[]): string {
  // Named clients (OneLogin, "by hand: curl/8.5.0 from …", "likely Entra from request shape") when they
  // say more than okta/entra; the output for Okta/Entra user agents is what it always was.
  if (clients && clientsWorthShowing(clients)) return clients.map((c) => c.label).join(' + ')
  return idps.length === 0 ? 'unknown IdP' : idps.map((idp) => IDP_NAMES[idp]).join(' + ')
}

export { personLabel }

export function statusStyle(colors: Palette, status: number | null): (text: string) => string {
  if (status === null || status >= 400) return colors.red
  return colors.green
}

export function stateStyle(colors: Palette, state: string): (text: string) => string {
  if (state === 'deactivated' || state === 'deleted') return colors.yellow
  if (state === 'provisioned' || state === 'reactivated') return colors.green
  return colors.dim
}

/** The id GitLab holds now (after renames), else the last one seen. */
function currentId(person: Person): string {
  const held = person.attributes.extern_uid?.value
  return typeof held === 'string' ? held : (person.externUids[person.externUids.length - 1] ?? '-')
}

/** A person's row: its cells, or (when working them out threw) the internal error that stands for it. */
interface Row {
  person: Person
  cells: string[]
  failure?: Finding
}

export function renderUsersTable(people: readonly Person[], colors: Palette): string {
  const columns: Column<Person>[] = [
    { header: 'PERSON', value: (p) => safe(personLabel(p), 40), max: 40 },
    { header: 'GROUP', value: (p) => safe(p.scope, 24), max: 24 },
    { header: 'IDS', value: (p) => String(p.externUids.length), align: 'right' },
    { header: 'CURRENT ID', value: (p) => safe(currentId(p), 36), max: 36 },
    { header: 'USERNAME', value: (p) => safe(p.userNames[0] ?? '-', 24), max: 24 },
    { header: 'STATE', value: (p) => p.state, style: (t, p) => stateStyle(colors, p.state)(t) },
    { header: 'REQS', value: (p) => String(p.requests), align: 'right' },
    {
      header: 'FAIL',
      value: (p) => String(p.failures),
      align: 'right',
      style: (t, p) => (p.failures > 0 ? colors.red(t) : t),
    },
    { header: 'FIRST SEEN', value: (p) => formatTime(p.firstSeen) },
    { header: 'LAST SEEN', value: (p) => formatTime(p.lastSeen) },
    {
      header: 'LAST',
      value: (p) => formatStatus(p.lastStatus),
      align: 'right',
      style: (t, p) => statusStyle(colors, p.lastStatus)(t),
    },
  ]
  // Each row in the guard (`diagnosis/guard.ts`): one person whose cells throw keeps their key and group,
  // the error is listed under the table, and every other row is drawn.
  const rows = people.map(
    (person): Row =>
      guardView(
        person,
        () => ({ person, cells: columns.map((column) => column.value(person)) }),
        (failure) => ({
          person,
          failure,
          cells: columns.map((column, i) =>
            i === 0
              ? safe(person.key, 40)
              : i === 1
                ? safe(person.scope, 24)
                : column.header === 'STATE'
                  ? 'internal-error'
                  : '-',
          ),
        }),
        'row',
      ),
  )
  const table = renderTable(
    rows,
    columns.map(
      (column, i): Column<Row> => ({
        header: column.header,
        value: (row) => row.cells[i] ?? '',
        ...(column.max !== undefined ? { max: column.max } : {}),
        ...(column.align ? { align: column.align } : {}),
        ...(column.style
          ? {
              style: (text, row) =>
                row.failure ? colors.red(text) : (column.style?.(text, row.person) ?? text),
            }
          : {}),
      }),
    ),
  )
  const failures = rows.flatMap((row) => (row.failure ? [`${renderFinding(row.failure, colors)}\n`] : []))
  return failures.length === 0 ? table : `${table}\n${failures.join('')}`
}

export function renderPersonHeader(person: Person, colors: Palette): string {
  const title = [
    person.displayName,
    personLabel(person),
    `group ${person.scope}`,
    idpNames(person.idps, person.clients),
  ]
    .filter((part): part is string => part !== undefined && part !== '')
    .map((part) => safe(part, 80))
    .join(' · ')
  const ids = person.identities
    .map(
      (identity) =>
        `${safe(identity.externUid, 60)} (${identity.rejected ? 'rejected' : identity.renamedTo ? `renamed → ${safe(identity.renamedTo, 60)}` : identity.state})`,
    )
    .join(' · ')
  const lastChange = [...person.timeline].reverse().find((entry) => entry.changed)
  const since = lastChange ? ` since ${formatTime(lastChange.record.time)}` : ''
  return [
    colors.bold(title),
    `ids: ${ids || '-'}`,
    `now: ${stateStyle(colors, person.state)(person.state)}${since}`,
    '',
  ].join('\n')
}

export function renderTimeline(person: Person, colors: Palette): string {
  // Columns sized to this person's requests, so short timelines stay narrow and origins line up.
  const rows = person.timeline.map((entry) => {
    const record = entry.record
    const failed = record.status === null || record.status >= 400
    const mark = entry.changed ? '→ ' : failed && entry.effect ? '✗ ' : ''
    return { entry, request: describeRecord(record, 60), effect: `${mark}${safe(entry.effect, 60)}` }
  })
  // Loops, not `Math.max(...rows)`: a spread of a long timeline overflows the stack.
  let requestWidth = 0
  let effectWidth = 0
  for (const r of rows) {
    requestWidth = Math.max(requestWidth, r.request.length)
    effectWidth = Math.max(effectWidth, r.effect.length)
  }
  const lines = ['Timeline']
  for (const { entry, request, effect } of rows) {
    const record = entry.record
    const style = entry.changed ? colors.cyan : effect.startsWith('✗') ? colors.red : colors.dim
    const status = statusStyle(colors, record.status)(formatStatus(record.status).padStart(4))
    // A hand-made request is its own actor (issue #13 §2): say so on its line.
    const actor =
      record.provider === 'manual'
        ? `  ${colors.yellow(safe(describeClient(record.provider, record.idpStrength, record.userAgent, record.remoteIp), 90))}`
        : ''
    lines.push(
      `  ${formatTime(record.time)}  ${record.method.padEnd(6)} ${request.padEnd(requestWidth)}  ${status}  ${style(effect.padEnd(effectWidth))}  ${colors.dim(safe(formatOrigin(record.origin), 80))}${actor}`.trimEnd(),
    )
  }
  return `${lines.join('\n')}\n`
}

export function renderAttributes(person: Person, colors: Palette): string {
  const names = ATTRIBUTE_NAMES.filter((name) => person.attributes[name] !== undefined)
  if (names.length === 0)
    return 'Attributes GitLab holds\n  none: no successful create was seen for this person\n'
  const lines = ['Attributes GitLab holds']
  let previous: unknown
  for (const name of names) {
    const provenance = person.attributes[name]
    if (!provenance) continue
    const setBy = provenance.setBy
    const where =
      setBy === previous
        ? 'same request'
        : `${setBy.method} ${formatTime(setBy.time)}  ${safe(formatOrigin(setBy.origin), 60)}`
    previous = setBy
    lines.push(
      `  ${name.padEnd(11)} ${safe(String(provenance.value), 32).padEnd(32)} from ${safe(provenance.from, 48).padEnd(48)} ${colors.dim(where)}`,
    )
    for (const change of provenance.ignored) {
      const why = {
        'ignored-since-15.0': 'ignored: GitLab no longer changes this attribute by SCIM (since 15.0)',
        'first-key-only': 'dropped: GitLab reads only the first key of a path-less operation',
        'request-failed': 'not applied: the request failed',
        'existing-identity': 'not applied: GitLab returned the existing identity',
      }[change.why]
      lines.push(
        colors.yellow(
          `      ↳ ${change.record.method} ${formatTime(change.record.time)} asked for ${safe(change.attribute, 40)} = ${safe(change.value, 40)} — ${why}  ${safe(formatOrigin(change.record.origin), 60)}`,
        ),
      )
    }
  }
  return `${lines.join('\n')}\n`
}

export const usersTableView = defineView({
  model: 'users',
  format: 'table',
  render: ({ people }, out) =>
    out.write(people.length === 0 ? 'no people found\n' : renderUsersTable(people, out.colors)),
})
