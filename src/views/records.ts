/**
 * The table of SCIM requests (`search`).
 */
import type { ScimRecord } from '../records/types.js'
import type { Palette } from './color.js'
import { describeRecord, formatOrigin, formatStatus, formatTime } from './describe.js'
import { safe } from './escape.js'
import { statusStyle } from './person.js'
import { type Column, renderTable, tableCells, tableHeader, tableLines, tableWidths } from './table.js'
import { defineView } from './view.js'

function recordColumns(colors: Palette): Column<ScimRecord>[] {
  return [
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
  ]
}

export function renderRecordsTable(records: readonly ScimRecord[], colors: Palette): string {
  return renderTable(records, recordColumns(colors))
}

/**
 * Rows that size the table's columns: the table is written once this many have come (or all, if fewer),
 * then row by row at those widths, so `search` shows its first matches while it reads on.
 */
export const TABLE_SIZING_ROWS = 256

/** Or once the first match has waited this long for the others (a slow source, a log piped as written). */
export const TABLE_SIZING_WAIT_MS = 2000

export const searchTableView = defineView({
  model: 'search',
  format: 'table',
  render: async ({ records }, out) => {
    const columns = recordColumns(out.colors)
    let widths: number[] | undefined
    let sizing: ScimRecord[] = []
    let waiting: NodeJS.Timeout | undefined
    const write = (rows: readonly ScimRecord[], cells: string[][], sized: readonly number[]) => {
      const lines = tableLines(rows, cells, columns, sized)
      if (lines.length > 0) out.write(`${lines.join('\n')}\n`)
    }
    const size = () => {
      clearTimeout(waiting)
      if (widths || sizing.length === 0) return
      const cells = tableCells(sizing, columns)
      widths = tableWidths(cells, columns)
      out.write(`${tableHeader(columns, widths)}\n`)
      write(sizing, cells, widths)
      sizing = []
    }
    try {
      for await (const batch of records) {
        if (widths) {
          write(batch, tableCells(batch, columns), widths)
          continue
        }
        for (const record of batch) sizing.push(record)
        if (sizing.length >= TABLE_SIZING_ROWS) size()
        else waiting ??= setTimeout(size, TABLE_SIZING_WAIT_MS)
      }
    } finally {
      clearTimeout(waiting)
    }
    if (widths) return
    if (sizing.length === 0) out.write('no matching SCIM requests\n')
    else out.write(renderTable(sizing, columns))
  },
})
