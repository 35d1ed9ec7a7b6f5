/**
 * Aligned text tables. Cells are escaped and cut by the caller's column limits, then padded.
 */
import { visibleLength } from './escape.js'

export interface Column<Row> {
  header: string
  value(row: Row): string
  /** Widest the column may get; longer cells are cut with an ellipsis. */
  max?: number
  align?: 'left' | 'right'
  /** Apply colour after measuring (so padding stays right). */
  style?(text: string, row: Row): string
}

function cut(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text
  return `${text.slice(0, Math.max(0, max - 1))}…`
}

export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = tableCells(rows, columns)
  const widths = tableWidths(cells, columns)
  return `${[tableHeader(columns, widths), ...tableLines(rows, cells, columns, widths)].join('\n')}\n`
}

/** Each row's cells, escaped by the columns and cut to their limits. */
export function tableCells<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string[][] {
  return rows.map((row) => columns.map((column) => cut(column.value(row), column.max)))
}

/** The width of each column: its widest cell or its header. */
export function tableWidths<Row>(cells: readonly string[][], columns: readonly Column<Row>[]): number[] {
  // A loop, not `Math.max(...cells)`: spreading a million rows into arguments overflows the stack.
  return columns.map((column, i) => {
    let width = visibleLength(column.header)
    for (let r = 0; r < cells.length; r++) width = Math.max(width, visibleLength(cells[r]?.[i] ?? ''))
    return width
  })
}

function padder<Row>(columns: readonly Column<Row>[], widths: readonly number[]) {
  // A cell wider than its column (a table written in parts, sized by its first) pushes the rest of its row.
  return (text: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(text)))
    return columns[i]?.align === 'right' ? gap + text : text + gap
  }
}

export function tableHeader<Row>(columns: readonly Column<Row>[], widths: readonly number[]): string {
  const pad = padder(columns, widths)
  return columns
    .map((column, i) => pad(column.header, i))
    .join('  ')
    .trimEnd()
}

/** The rows' lines, padded to `widths`, styled after padding. */
export function tableLines<Row>(
  rows: readonly Row[],
  cells: readonly string[][],
  columns: readonly Column<Row>[],
  widths: readonly number[],
): string[] {
  const pad = padder(columns, widths)
  return cells.map((line, r) => {
    const row = rows[r] as Row
    const rendered = line.map((text, i) => {
      const padded = pad(text, i)
      const style = columns[i]?.style
      return style ? padded.replace(text, style(text, row)) : padded
    })
    return rendered.join('  ').trimEnd()
  })
}
