import { describe, expect, it } from 'vitest'
import type { ScimRecord } from '../../src/records/types.js'
import { PLAIN } from '../../src/views/color.js'
import { renderView } from '../../src/views/formats.js'
import { jsonText } from '../../src/views/json.js'
import { recordJson } from '../../src/views/model.js'
import { renderRecordsTable, TABLE_SIZING_ROWS, TABLE_SIZING_WAIT_MS } from '../../src/views/records.js'
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

  it('a table whose first rows wait for the rest is written at their widths after a while', async () => {
    const list = records(4)
    const writes: { at: number; text: string }[] = []
    const started = Date.now()
    const out = {
      write: (text: string) => void writes.push({ at: Date.now() - started, text }),
      colors: PLAIN,
      pretty: false,
    }
    async function* slow(): AsyncGenerator<readonly ScimRecord[]> {
      yield list.slice(0, 3)
      await new Promise((resolve) => setTimeout(resolve, TABLE_SIZING_WAIT_MS + 300))
      yield list.slice(3)
    }
    await renderView('search', 'table', { records: slow() }, out)
    // The header and three rows before the fourth came, then the fourth alone.
    expect(writes.map((w) => w.text.trimEnd().split('\n').length)).toEqual([1, 3, 1])
    expect(writes[1]?.at).toBeLessThan(TABLE_SIZING_WAIT_MS + 250)
    expect(writes[2]?.at).toBeGreaterThanOrEqual(TABLE_SIZING_WAIT_MS + 250)
    expect(writes.map((w) => w.text).join('')).toBe(renderRecordsTable(list, PLAIN))
  }, 10_000)
})
