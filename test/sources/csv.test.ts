import { describe, expect, it } from 'vitest'
import { CsvParser, type CsvRow, sniffSeparator } from '../../src/sources/exports/csv.js'
import {
  decodeCell,
  headerField,
  parseKibanaDate,
  splitMultiValue,
} from '../../src/sources/exports/csv-cells.js'

/** Parse `text`, fed in pieces of `step` characters to exercise chunk boundaries. */
function parse(text: string, step = text.length || 1, maxRowChars?: number): CsvRow[] {
  const parser = new CsvParser(maxRowChars === undefined ? {} : { maxRowChars })
  const rows: CsvRow[] = []
  for (let i = 0; i < text.length; i += step) rows.push(...parser.push(text.slice(i, i + step)))
  rows.push(...parser.end())
  return rows
}

describe('CsvParser', () => {
  it('reads quoted fields, doubled quotes and embedded newlines, with line numbers', () => {
    const text = 'a,b,c\n1,"x, ""y""","multi\nline"\n2,,"z"\n'
    for (const step of [1, 2, 3, 1000]) {
      expect(parse(text, step)).toEqual([
        { fields: ['a', 'b', 'c'], line: 1 },
        { fields: ['1', 'x, "y"', 'multi\nline'], line: 2 },
        { fields: ['2', '', 'z'], line: 4 },
      ])
    }
  })

  it('strips a BOM, accepts CRLF, skips blank lines and a missing final newline', () => {
    expect(parse('\uFEFFa,b\r\n\r\n1,2\r\n3,"4"', 1)).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 3 },
      { fields: ['3', '4'], line: 4 },
    ])
  })

  it('uses ; when the header does', () => {
    expect(sniffSeparator('@timestamp;json.path;"a,b"')).toBe(';')
    expect(parse('a;b\n"1;2";3\n')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1;2', '3'], line: 2 },
    ])
  })

  it('keeps an empty quoted field as a row', () => {
    expect(parse('a\n""\n')).toEqual([
      { fields: ['a'], line: 1 },
      { fields: [''], line: 2 },
    ])
  })

  it('flags stray and unterminated quotes', () => {
    const rows = parse('a,b\nx"y,1\n"q"z,2\nok,3\n"open,4\n')
    expect(rows.map((r) => [r.line, r.error])).toEqual([
      [1, undefined],
      [2, 'stray-quote'],
      [3, 'stray-quote'],
      [4, undefined],
      [5, 'unterminated-quote'],
    ])
  })

  it('skips rows over the limit and resynchronises at the next line', () => {
    const rows = parse(`a,b\n"${'x'.repeat(50)}\n1,2\n`, 7, 20)
    expect(rows).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: [], line: 2, error: 'too-long' },
      { fields: ['1', '2'], line: 3 },
    ])
    expect(parse(`a,b\n${'y'.repeat(50)},1\n"multi\nline",2\n`, 1000, 20)).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: [], line: 2, error: 'too-long' },
      { fields: ['multi\nline', '2'], line: 3 },
    ])
  })
})

describe('Kibana cells', () => {
  it('reads labelled headers', () => {
    expect(headerField('Path (json.path)')).toBe('json.path')
    expect(headerField('json.params.value')).toBe('json.params.value')
    expect(headerField(' @timestamp ')).toBe('@timestamp')
  })

  it('treats - as empty and strips the formula guard', () => {
    expect(decodeCell('-')).toBeUndefined()
    expect(decodeCell('')).toBeUndefined()
    expect(decodeCell("'=SUM(A1)")).toBe('=SUM(A1)')
    expect(decodeCell("'-1")).toBe('-1')
    expect(decodeCell("'@user")).toBe('@user')
    expect(decodeCell("'plain")).toBe("'plain")
  })

  it('reads Kibana dates as UTC', () => {
    expect(parseKibanaDate('Jan 5, 2025 @ 13:04:05.123')).toBe('2025-01-05T13:04:05.123Z')
    expect(parseKibanaDate('Mar 29, 2026 @ 02:30:00.000')).toBe('2026-03-29T02:30:00.000Z') // a DST gap in Europe
    expect(parseKibanaDate('Dec 31, 2024 @ 23:59:59')).toBe('2024-12-31T23:59:59.000Z')
    expect(parseKibanaDate('Feb 30, 2024 @ 00:00:00.000')).toBeUndefined()
    expect(parseKibanaDate('2025-01-05T13:04:05.123Z')).toBeUndefined()
    expect(decodeCell('May 14, 2024 @ 09:12:03.412')).toBe('2024-05-14T09:12:03.412Z')
  })

  it('splits multi-values at top-level ", " only', () => {
    const emails = '[{"primary":true,"value":"a@b.c","type":"work, home"}]'
    expect(splitMultiValue(`urn:x, ${emails}, {"givenName":"J, Jr"}, []`)).toEqual([
      'urn:x',
      emails,
      '{"givenName":"J, Jr"}',
      '[]',
    ])
    expect(splitMultiValue('one')).toEqual(['one'])
    expect(splitMultiValue('{"a":"b\\", c"}, d')).toEqual(['{"a":"b\\", c"}', 'd'])
    // A bracket that never closes is plain text.
    expect(splitMultiValue('[not json, x')).toEqual(['[not json', 'x'])
  })
})
