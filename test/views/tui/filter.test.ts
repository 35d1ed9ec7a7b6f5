import { beforeAll, describe, expect, it } from 'vitest'
import { applyFilter, narrows, parseFilter } from '../../../src/views/tui/filter.js'
import { type Model, sortedRows } from '../../../src/views/tui/model.js'
import { loadModel } from './helpers.js'

let model: Model
beforeAll(async () => {
  model = await loadModel()
})

const labels = (text: string, onlyFindings = false, now?: Date) =>
  applyFilter(sortedRows(model, 'name'), text, onlyFindings, undefined, now).rows.map((r) => r.label)

describe('tui filter', () => {
  it('matches free text over emails, userNames and ids, every word', () => {
    expect(labels('jian')).toEqual(['jian.yang@hooli.example'])
    expect(labels('JIAN hooli')).toEqual(['jian.yang@hooli.example'])
    expect(labels('jian nobody')).toEqual([])
    const id = model.rows.find((r) => r.label === 'jian.yang@hooli.example')?.person.externUids[0] as string
    expect(labels(id.slice(2, 10))).toEqual(['jian.yang@hooli.example'])
  })

  it('reads search-style terms', () => {
    expect(labels('status:409')).toEqual(['laurie.bream@endframe.example'])
    expect(labels('status:4xx idp:okta')).toEqual(['jian.yang@hooli.example'])
    expect(labels('rule:user-already-taken')).toEqual(['laurie.bream@endframe.example'])
    expect(labels('group:hooli-eng action:create status:412')).toEqual(['jian.yang@hooli.example'])
    expect(labels('until:2000-01-01')).toEqual([])
    expect(labels('since:2d until:2024-06-25', false, new Date('2024-06-25T00:00:00Z'))).toEqual([
      'jian.yang@hooli.example',
    ])
  })

  it('says clearly which term it does not know, and keeps the previous result', () => {
    const parsed = parseFilter('status:4xx colour:red')
    expect(parsed).toEqual({
      ok: false,
      error: "unknown term 'colour:' — use status: idp: action: rule: group: since: until: or free text",
    })
    expect(parseFilter('status:99x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('status:99x'),
    })
    expect(parseFilter('action:launch')).toMatchObject({
      ok: false,
      error: expect.stringContaining("'launch' is not one of"),
    })
    const before = applyFilter(sortedRows(model, 'name'), 'jian', false)
    const after = applyFilter(sortedRows(model, 'name'), 'jian colour:', false, before)
    expect(after.error).toContain("unknown term 'colour:'")
    expect(after.rows).toBe(before.rows)
  })

  it('treats text with colons but no term name as free text', () => {
    expect(parseFilter('urn:ietf')).toMatchObject({ ok: false }) // `urn` is alphabetic: a term name
    expect(parseFilter('00u:1')).toMatchObject({ ok: true, filter: { words: ['00u:1'] } })
  })

  it('narrows incrementally only when the new text cannot widen the result', () => {
    expect(narrows('jia', 'jian')).toBe(true)
    expect(narrows('jian', 'jian hooli')).toBe(true)
    expect(narrows('status:4xx', 'status:4xx,5xx')).toBe(false)
    expect(narrows('jian', 'jia')).toBe(false)
    expect(narrows('jian ', 'jian status:4xx')).toBe(false)
    const all = sortedRows(model, 'name')
    const first = applyFilter(all, 'e', false)
    const second = applyFilter(all, 'ex', false, first)
    expect(second.rows.every((r) => first.rows.includes(r))).toBe(true)
    expect(second.rows).toEqual(applyFilter(all, 'ex', false).rows)
  })

  it('f keeps only people with findings', () => {
    const withFindings = labels('', true)
    expect(withFindings.length).toBeGreaterThan(0)
    expect(withFindings.length).toBeLessThan(model.rows.length)
    for (const label of withFindings)
      expect(model.rows.find((r) => r.label === label)?.findings.length).toBeGreaterThan(0)
  })
})
