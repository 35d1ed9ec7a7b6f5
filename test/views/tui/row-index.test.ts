/**
 * The filter's index (`row-index.ts`) against the row-by-row filter (`matchesRow`): on every error sample and
 * the lifecycles, each filter keeps exactly the rows, in the same order, whichever way the list is sorted.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { applyFilter, matchesRow, parseFilter } from '../../../src/views/tui/filter.js'
import { type Model, type PersonRow, SORTS, sortedRows } from '../../../src/views/tui/model.js'
import { RowSelection, rowIndex } from '../../../src/views/tui/row-index.js'
import { everySampleModel } from './helpers.js'

const FILTERS = [
  'e',
  'hooli',
  'example hooli',
  'zzz-nobody',
  'status:409',
  'status:4xx',
  'status:fail',
  'idp:okta',
  'idp:entra,okta',
  'action:create',
  'since:2024-05-20',
  'until:2024-05-15',
  'status:4xx action:create',
  'status:2xx idp:okta action:deactivate',
  'e status:4xx',
  'rule:user-already-taken',
  'rule:user-already-taken,inactive-identity',
  'group:hooli-eng',
  'group:HOOLI-ENG e',
  'group:nowhere',
]

let model: Model
beforeAll(async () => {
  model = await everySampleModel()
})

const keys = (rows: readonly PersonRow[]) => rows.map((row) => row.key)

describe('the filter index', () => {
  it('keeps the rows the row-by-row filter keeps, in list order, for every sort', () => {
    let nonEmpty = 0
    let partial = 0
    for (const sort of SORTS) {
      const all = sortedRows(model, sort)
      for (const text of FILTERS) {
        const parsed = parseFilter(text)
        if (!parsed.ok) throw new Error(`${text}: ${parsed.error}`)
        for (const onlyFindings of [false, true]) {
          const plain = all.filter(
            (row) => (!onlyFindings || row.findings.length > 0) && matchesRow(row, parsed.filter),
          )
          const indexed = applyFilter(all, text, onlyFindings).rows
          expect(keys(indexed), `${sort} ${text} ${onlyFindings}`).toEqual(keys(plain))
          if (plain.length > 0) nonEmpty++
          if (plain.length > 0 && plain.length < all.length) partial++
        }
      }
    }
    // The filters select something, and not everything, often enough to mean something.
    expect(nonEmpty).toBeGreaterThan(FILTERS.length * SORTS.length)
    expect(partial).toBeGreaterThan(FILTERS.length * SORTS.length)
  })

  it('finds a word in the first and the last row, never across two rows', () => {
    const all = sortedRows(model, 'name')
    const index = rowIndex(all)
    const first = all[0] as PersonRow
    const last = all[all.length - 1] as PersonRow
    const select = (word: string) => {
      const selection = new RowSelection(index)
      selection.containing(word)
      return keys(selection.rows(all))
    }
    expect(select(first.search.slice(-6))).toContain(first.key)
    expect(select(last.search.slice(-6))).toContain(last.key)
    expect(select(last.search.slice(0, 4))).toContain(last.key)
    // The end of one row's text joined to the start of the next is in neither.
    const second = all[1] as PersonRow
    const across = `${first.search.slice(-3)}${second.search.slice(0, 3)}`
    expect(select(across)).toEqual(keys(all.filter((row) => row.search.includes(across))))
    expect(index.text.length).toBe(index.starts[all.length])
  })

  it('is built once per list', () => {
    const all = sortedRows(model, 'last')
    expect(rowIndex(all)).toBe(rowIndex(all))
    expect(rowIndex(all)).not.toBe(rowIndex(sortedRows(model, 'name')))
  })
})
