import { describe, expect, it } from 'vitest'
import type { ScimRecord } from '../../src/records/types.js'
import { PLAIN } from '../../src/views/color.js'
import { renderView } from '../../src/views/formats.js'
import { jsonText } from '../../src/views/json.js'
import { recordJson } from '../../src/views/model.js'
import { renderRecordsTable, TABLE_SIZING_ROWS } from '../../src/views/records.js'
import { kv, record } from '../records/helpers.js'

/** Records whose group names grow, so later rows are wider than the first. */
function records(n: number): ScimRecord[] {
  return Array.from({ length: n }, (_, i) =>
    record({
      time: new Date(Date.UTC(2024, 4, 14, 9, 0, i)).toISOString(),
      path: `/api/scim/v2/groups/${'g'.repeat(3 * (1 + Math.floor(i / 100)))}/Users`,
      params: kv({ filter: `userName eq "user${i}\u001b[31m"` }),
    }),
  )
}

async function* inBatches(list: ScimRecord[], size: number): AsyncGenerator<readonly ScimRecord[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size)
}

async function render(format: string, list: ScimRecord[], size: number, pretty = false) {
  const writes: string[] = []
  const out = { write: (text: string) => void writes.push(text), colors: PLAIN, pretty }
  await renderView('search', format, { records: inBatches(list, size) }, out)
  return { text: writes.join(''), writes: writes.length }
}

describe('search views, written as the matches come', () => {
  it('JSON, compact and indented, is the text of the whole array, whatever the batches', async () => {
    const list = records(40)
    for (const pretty of [false, true]) {
      const whole = `${jsonText(list.map(recordJson), pretty)}\n`
      for (const size of [1, 7, 40]) expect((await render('json', list, size, pretty)).text).toBe(whole)
      expect((await render('json', [], 1, pretty)).text).toBe('[]\n')
    }
    // One write per batch, and the closing bracket.
    expect((await render('json', list, 10)).writes).toBe(5)
  })

  it('NDJSON is one compact line per request, escapes and all', async () => {
    const list = records(25)
    const { text, writes } = await render('ndjson', list, 5)
    expect(text).toBe(list.map((r) => `${jsonText(recordJson(r), false)}\n`).join(''))
    expect(text).not.toContain('\u001b')
    expect(writes).toBe(5)
  })

  it('a table of up to TABLE_SIZING_ROWS rows is the table of the whole', async () => {
    const list = records(TABLE_SIZING_ROWS)
    expect((await render('table', list, 9)).text).toBe(renderRecordsTable(list, PLAIN))
    expect((await render('table', [], 9)).text).toBe('no matching SCIM requests\n')
  })

  it('a longer table is sized by its first rows, and a wider cell later pushes its row instead of being cut', async () => {
    const list = records(TABLE_SIZING_ROWS + 200)
    const { text } = await render('table', list, 50)
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(list.length + 1)
    const sized = renderRecordsTable(list.slice(0, TABLE_SIZING_ROWS), PLAIN).trimEnd().split('\n')
    expect(lines.slice(0, sized.length)).toEqual(sized)
    // Row 300's group (12 letters) is wider than the column the first 256 rows made (9).
    const late = lines[301] as string
    expect(late).toContain(` ${'g'.repeat(12)}  GET`)
    expect(late).toContain('user300\\x1b[31m')
    expect(lines.every((line) => !line.includes('\u001b'))).toBe(true)
  })
})
