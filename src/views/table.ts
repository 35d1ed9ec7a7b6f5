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
  const cells = rows.map((row) => columns.map((column) => cut(column.value(row), column.max)))
  // A loop, not `Math.max(...cells)`: spreading a million rows into arguments overflows the stack.
  const widths = columns.map((column, i) => {
    let width = visibleLength(column.header)
    for (let r = 0; r < cells.length; r++) width = Math.max(width, visibleLength(cells[r]?.[i] ?? ''))
    return width
  })
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(text)))
    return columns[i]?.align === 'right' ? gap + text : text + gap
  }
  const lines = [
    columns
      .map((column, i) => pad(column.header, i))
      .join('  ')
      .trimEnd(),
  ]
  cells.forEach((line, r) => {
    const row = rows[r] as Row
    const rendered = line.map((text, i) => {
      const padded = pad(text, i)
      const style = columns[i]?.style
      return style ? padded.replace(text, style(text, row)) : padded
    })
    lines.push(rendered.join('  ').trimEnd())
  })
  return `${lines.join('\n')}\n`
}
