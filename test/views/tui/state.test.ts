import { describe, expect, it } from 'vitest'
import { type Bounds, initialState, placeCursor, reduce } from '../../../src/views/tui/state.js'

const bounds: Bounds = {
  count: { people: 100, timeline: 10, detail: 40, groups: 3 },
  page: { people: 20, timeline: 5, detail: 8, groups: 2 },
}

describe('tui state', () => {
  it('moves the cursor and keeps it in a window of the page size', () => {
    let state = initialState()
    state = reduce(state, { type: 'move', by: 25, bounds })
    expect(state.cursor.people).toEqual({ index: 25, top: 6 })
    state = reduce(state, { type: 'end', bounds })
    expect(state.cursor.people).toEqual({ index: 99, top: 80 })
    state = reduce(state, { type: 'move', by: 5, bounds })
    expect(state.cursor.people.index).toBe(99)
    state = reduce(state, { type: 'home', bounds })
    expect(state.cursor.people).toEqual({ index: 0, top: 0 })
    expect(placeCursor({ index: 0, top: 0 }, -3, 0, 5)).toEqual({ index: 0, top: 0 })
  })

  it('a new person starts their timeline and detail at the top', () => {
    let state = reduce(initialState(), { type: 'open' })
    state = reduce(state, { type: 'move', by: 3, bounds })
    expect(state.pane).toBe('timeline')
    expect(state.cursor.timeline.index).toBe(3)
    state = reduce(state, { type: 'back' })
    state = reduce(state, { type: 'move', by: 1, bounds })
    expect(state.cursor.timeline.index).toBe(0)
  })

  it('opens people → timeline → detail and goes back the same way', () => {
    let state = initialState()
    state = reduce(state, { type: 'open' })
    state = reduce(state, { type: 'open' })
    expect(state.pane).toBe('detail')
    state = reduce(state, { type: 'back' })
    expect(state.pane).toBe('timeline')
    state = reduce(state, { type: 'back' })
    expect(state.pane).toBe('people')
  })

  it('cycles panes, sorts, and toggles help, findings and folds', () => {
    const panes = ['people', 'timeline', 'detail', 'groups'] as const
    let state = reduce(initialState(), { type: 'pane', step: -1, panes })
    expect(state.pane).toBe('groups')
    expect(state.detailOf).toBe('groups')
    state = reduce(state, { type: 'sort' })
    expect(state.sort).toBe('name')
    state = reduce(state, { type: 'sort' })
    expect(state.sort).toBe('last')
    state = reduce(state, { type: 'help' })
    expect(state.help).toBe(true)
    state = reduce(state, { type: 'back' })
    expect(state.help).toBe(false)
    state = reduce(state, { type: 'fold', path: '$.params' })
    expect(state.folded.has('$.params')).toBe(true)
    state = reduce(state, { type: 'fold', path: '$.params' })
    expect(state.folded.has('$.params')).toBe(false)
    expect(reduce(state, { type: 'only-findings' }).onlyFindings).toBe(true)
  })

  it('typing a filter starts the people list again from the top; Esc clears it', () => {
    let state = reduce(initialState(), { type: 'move', by: 30, bounds })
    state = reduce(state, { type: 'filter-start' })
    state = reduce(state, { type: 'filter-text', text: 'jian' })
    expect(state.cursor.people.index).toBe(0)
    state = reduce(state, { type: 'filter-accept' })
    expect(state.filter).toEqual({ text: 'jian', editing: false })
    state = reduce(state, { type: 'back' })
    expect(state.filter.text).toBe('')
  })
})
