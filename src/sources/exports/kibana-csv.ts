/**
 * `kibana-csv`: a Discover CSV report. The header names the fields; each row becomes a `fields`-style
 * document (`{"json.path": ["…"], "json.params.value": ["a", "b"]}`) that `toApiLogDoc` turns into api_json
 * layout. Rows that do not parse, or do not have one cell per column, are skipped as `bad-csv-row`.
 */
import { defineFormat } from '../format.js'
import { MAX_LINE_BYTES } from '../limits.js'
import type { RawEntry } from '../types.js'
import { CsvParser, type CsvRow } from './csv.js'
import { decodeCell, headerField, isMultiValueField, splitMultiValue } from './csv-cells.js'
import { countDocument, type ExportContext, skip, toEntry } from './entries.js'

export async function* readKibanaCsv(
  chunks: AsyncIterable<Buffer>,
  context: ExportContext,
  maxRowChars: number = MAX_LINE_BYTES,
): AsyncGenerator<RawEntry> {
  const parser = new CsvParser({ maxRowChars })
  const decoder = new TextDecoder('utf-8') // streaming: keeps multi-byte characters split across chunks whole
  let columns: string[] | undefined
  const handle = (row: CsvRow): RawEntry | undefined => {
    if (columns === undefined) {
      columns = row.fields.map(headerField)
      return undefined
    }
    countDocument(context)
    const origin = { source: context.display, line: row.line }
    if (row.error === 'too-long') return skip(context, 'too-long', origin)
    if (row.error || row.fields.length !== columns.length) return skip(context, 'bad-csv-row', origin)
    return toEntry(rowDocument(columns, row.fields), origin, context)
  }
  for await (const chunk of chunks) {
    for (const row of parser.push(decoder.decode(chunk, { stream: true }))) {
      const entry = handle(row)
      if (entry) yield entry
    }
  }
  for (const row of [...parser.push(decoder.decode()), ...parser.end()]) {
    const entry = handle(row)
    if (entry) yield entry
  }
}

/** One row as a `fields`-style document: every present cell becomes an array of values. */
export function rowDocument(columns: readonly string[], cells: readonly string[]): Record<string, string[]> {
  const document: Record<string, string[]> = {}
  columns.forEach((column, i) => {
    const value = decodeCell(cells[i] ?? '')
    if (value === undefined) return
    document[column] = isMultiValueField(column) ? splitMultiValue(value) : [value]
  })
  return document
}

export const kibanaCsvFormat = defineFormat({
  name: 'kibana-csv',
  fileNames: /\.csv(?:\.gz)?$/i,
  sniff: { text: (head) => looksLikeCsvHeader(head.lines[0] ?? head.text) },
  read: (input) => readKibanaCsv(input.chunks(), input),
})

/** A header row naming Kibana fields: `@timestamp,json.path,…` or `Path (json.path);…`. */
export function looksLikeCsvHeader(line: string): boolean {
  if (line.includes('{')) return false
  return line
    .split(/[,;]/)
    .map((cell) => cell.trim().replace(/^"|"$/g, ''))
    .some((cell) => /^(?:@timestamp$|json\.)|\((?:@timestamp|json\.[^()]*)\)$/.test(cell))
}
