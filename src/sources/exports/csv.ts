/**
 * A streaming CSV parser (RFC 4180 plus what Kibana writes): quoted fields, doubled quotes, newlines inside
 * quotes, `\r\n` or `\n` line ends, an optional BOM, and `,` or `;` as separator (sniffed from the header
 * line unless given). It knows nothing about Kibana's cell formats; see `csv-cells.ts` for those.
 *
 * Malformed rows are returned with an `error` rather than thrown, so the caller can skip and count them:
 * a quote inside an unquoted field or text after a closing quote (`stray-quote`), an unterminated quote at
 * the end of input (`unterminated-quote`), or a row longer than `maxRowChars` (`too-long`; the parser then
 * skips to the next line end, whatever the quoting, to get back in step).
 */

export type CsvRowError = 'stray-quote' | 'unterminated-quote' | 'too-long'

export interface CsvRow {
  fields: string[]
  /** 1-based line on which the row starts. */
  line: number
  error?: CsvRowError
}

export interface CsvParserOptions {
  separator?: ',' | ';'
  /** Rows longer than this (in characters) are returned empty with error `too-long`. */
  maxRowChars?: number
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'skipLine'

export class CsvParser {
  private separator: string | undefined
  private readonly maxRowChars: number
  private state: State = 'fieldStart'
  private field = ''
  private fields: string[] = []
  private error: CsvRowError | undefined
  private hasContent = false
  private rowChars = 0
  private line = 1
  private rowLine = 1
  private started = false
  /** Text held back until the header line is complete and the separator known. */
  private pending = ''
  private specialPattern: RegExp | undefined

  constructor(options: CsvParserOptions = {}) {
    this.separator = options.separator
    this.maxRowChars = options.maxRowChars ?? Number.POSITIVE_INFINITY
  }

  /** Feed text; returns the rows completed by it. */
  push(text: string): CsvRow[] {
    let input = text
    if (!this.started) {
      if (input.length === 0) return []
      this.started = true
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1)
    }
    if (this.separator === undefined) {
      this.pending += input
      const newline = this.pending.indexOf('\n')
      if (newline < 0) return []
      this.separator = sniffSeparator(this.pending.slice(0, newline))
      input = this.pending
      this.pending = ''
    }
    const rows: CsvRow[] = []
    this.consume(input, rows)
    return rows
  }

  /** Signal the end of input; returns the last row, if any. */
  end(): CsvRow[] {
    const rows: CsvRow[] = []
    if (this.separator === undefined) {
      this.separator = sniffSeparator(this.pending)
      this.consume(this.pending, rows)
      this.pending = ''
    }
    if (this.state === 'quoted') this.error ??= 'unterminated-quote'
    if (this.hasContent || this.state === 'skipLine') this.endRow(rows)
    return rows
  }

  private consume(text: string, rows: CsvRow[]): void {
    const separator = this.separator
    let i = 0
    while (i < text.length) {
      if (this.state === 'quoted' || this.state === 'unquoted') {
        // Copy a run of ordinary characters at once: per-character appends are several times slower.
        const end = this.runEnd(text, i)
        if (end > i) {
          if (this.rowChars + (end - i) > this.maxRowChars) {
            this.startSkipping() // the run is rescanned in skipLine state, which counts its line ends
            continue
          }
          const run = text.slice(i, end)
          this.rowChars += run.length
          if (this.state === 'quoted') this.line += countNewlines(run)
          this.field += run
          i = end
          continue
        }
      }
      const c = text[i++] as string
      if (c === '\n') this.line++
      if (this.state === 'skipLine') {
        if (c === '\n') this.endRow(rows)
        continue
      }
      if (++this.rowChars > this.maxRowChars) {
        this.startSkipping()
        if (c === '\n') this.endRow(rows)
        continue
      }
      switch (this.state) {
        case 'quoted':
          if (c === '"') this.state = 'quoteInQuoted'
          else this.field += c
          break
        case 'quoteInQuoted':
          if (c === '"') {
            this.field += '"'
            this.state = 'quoted'
          } else this.afterField(c, rows, true)
          break
        case 'fieldStart':
          if (c === '"') {
            this.hasContent = true
            this.state = 'quoted'
          } else this.afterField(c, rows, false)
          break
        case 'unquoted':
          this.afterField(c, rows, false)
          break
      }
      if (c !== '\n' && c !== '\r' && this.state !== 'fieldStart') this.hasContent = true
      if (c === separator) this.hasContent = true
    }
  }

  /** Where the run of characters with no meaning in the current state, starting at `from`, ends. */
  private runEnd(text: string, from: number): number {
    if (this.state === 'quoted') {
      const quote = text.indexOf('"', from)
      return quote < 0 ? text.length : quote
    }
    const special = this.special
    special.lastIndex = from
    return special.exec(text)?.index ?? text.length
  }

  private get special(): RegExp {
    this.specialPattern ??= new RegExp(`[\n\r"${this.separator === ';' ? ';' : ','}]`, 'g')
    return this.specialPattern
  }

  /** Drop what the row gathered and resynchronise at the next line end. */
  private startSkipping(): void {
    this.fields = []
    this.field = ''
    this.error = 'too-long'
    this.state = 'skipLine'
  }

  /** A character outside quotes: separator, line end, or field text. */
  private afterField(c: string, rows: CsvRow[], closedQuote: boolean): void {
    if (c === this.separator) {
      this.fields.push(this.field)
      this.field = ''
      this.state = 'fieldStart'
    } else if (c === '\n') {
      this.endRow(rows)
    } else if (c === '\r') {
      // part of a `\r\n` line end (or stray): never field text outside quotes
    } else {
      if (closedQuote || c === '"') this.error ??= 'stray-quote'
      this.field += c
      this.state = 'unquoted'
    }
  }

  private endRow(rows: CsvRow[]): void {
    if (this.state !== 'skipLine') this.fields.push(this.field)
    if (this.hasContent || this.state === 'skipLine') {
      const row: CsvRow = { fields: this.fields, line: this.rowLine }
      if (this.error) row.error = this.error
      rows.push(row)
    }
    this.fields = []
    this.field = ''
    this.error = undefined
    this.hasContent = false
    this.rowChars = 0
    this.state = 'fieldStart'
    this.rowLine = this.line
  }
}

function countNewlines(text: string): number {
  let count = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++
  return count
}

/** `;` when the header line has more of them than commas (outside quotes), else `,`. */
export function sniffSeparator(headerLine: string): ',' | ';' {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted
    else if (!quoted && c === ',') commas++
    else if (!quoted && c === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}
