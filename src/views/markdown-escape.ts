/**
 * Escaping log values for Markdown (`markdown.ts`). A report is pasted into tickets and issues that render
 * GFM with raw HTML allowed, so a value must never become markup: not a table cell boundary, not an
 * `<img>` that loads a tracking pixel, not a heading or a link.
 *
 * Two contexts differ: inside a table row GFM splits cells at `|` *before* it parses code spans, so a `|`
 * must be written `\|` even inside backticks (outside a table that backslash would show).
 */
import { safe } from './escape.js'

/** Text: every ASCII punctuation Markdown gives a meaning to, backslash-escaped (CommonMark §2.4). */
export function md(value: unknown, max = 200): string {
  return safe(value, max).replace(/[\\`*_[\]<>|#&~]/g, (ch) => `\\${ch}`)
}

/**
 * A code span. Backticks become `'` (a span cannot hold its own fence without ambiguity); everything else
 * is literal inside the span, so `<` and `&` need no escape there.
 */
export function inlineCode(value: unknown, max = 200): string {
  return `\`${safe(value, max).replaceAll('`', "'")}\``
}

/** A code span inside a table cell: as `inlineCode`, with `|` escaped for the table (GFM §4.10). */
export function cellCode(value: unknown, max = 200): string {
  return inlineCode(value, max).replaceAll('|', '\\|')
}

/** A table row from cells already escaped for a cell (`md`, `cellCode`). */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`
}
