/**
 * The table of SCIM requests (`search`).
 */
import type { ScimRecord } from '../records/types.js'
import type { Palette } from './color.js'
import { describeRecord, formatOrigin, formatStatus, formatTime } from './describe.js'
import { safe } from './escape.js'
import { statusStyle } from './person.js'
import { renderTable } from './table.js'
import { defineView } from './view.js'

export function renderRecordsTable(records: readonly ScimRecord[], colors: Palette): string {
  return renderTable(records, [
    { header: 'TIME', value: (r) => formatTime(r.time) },
    { header: 'GROUP', value: (r) => safe(r.scope, 24), max: 24 },
    { header: 'METHOD', value: (r) => r.method },
    { header: 'REQUEST', value: (r) => describeRecord(r, 60), max: 60 },
    {
      header: 'STATUS',
      value: (r) => formatStatus(r.status),
      align: 'right',
      style: (t, r) => statusStyle(colors, r.status)(t),
    },
    { header: 'IDP', value: (r) => r.idp },
    { header: 'ORIGIN', value: (r) => safe(formatOrigin(r.origin), 60), max: 60 },
  ])
}

export const searchTableView = defineView({
  model: 'search',
  format: 'table',
  render: ({ records }, out) =>
    out.write(records.length === 0 ? 'no matching SCIM requests\n' : renderRecordsTable(records, out.colors)),
})
