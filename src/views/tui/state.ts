/**
 * The explorer's UI state and its reducer: which pane has the focus, where each list's cursor and window
 * are, the filter being typed, sort, help, folds. Pure: the counts it needs to clamp come with the action.
 */
import { DEFAULT_SORT, SORTS, type SortKey } from './model.js'

export type Pane = 'people' | 'timeline' | 'detail' | 'groups'

export interface Cursor {
  index: number
  /** First visible row: lists render only the window [top, top + page). */
  top: number
}

export interface Bounds {
  /** How many rows each pane's list has. */
  count: Record<Pane, number>
  /** How many rows each pane shows. */
  page: Record<Pane, number>
}

export interface UiState {
  pane: Pane
  cursor: Record<Pane, Cursor>
  /** What the detail pane shows: the timeline's selected item, or the selected group-wide finding. */
  detailOf: 'timeline' | 'groups'
  filter: { text: string; editing: boolean }
  onlyFindings: boolean
  sort: SortKey
  help: boolean
  /** Folded JSON paths in the detail pane (request params). */
  folded: ReadonlySet<string>
  /** A file name being typed for `o` (write the person's report). */
  prompt?: string
  message?: { text: string; tone: 'info' | 'error' }
}

export type Action =
  | { type: 'move'; by: number; bounds: Bounds }
  | { type: 'home'; bounds: Bounds }
  | { type: 'end'; bounds: Bounds }
  | { type: 'select'; pane: Pane; index: number; bounds: Bounds }
  | { type: 'pane'; step: 1 | -1; panes: readonly Pane[] }
  | { type: 'focus'; pane: Pane }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'filter-start' }
  | { type: 'filter-text'; text: string }
  | { type: 'filter-accept' }
  | { type: 'filter-cancel' }
  | { type: 'only-findings' }
  | { type: 'sort' }
  | { type: 'help' }
  | { type: 'fold'; path: string }
  | { type: 'prompt'; text: string | undefined }
  /** A message for the line above the status bar; `undefined` clears it. */
  | { type: 'message'; text: string | undefined; tone?: 'info' | 'error' }
  /** Put the people cursor on a row again after the list changed under it (`--follow`). */
  | { type: 'anchor'; index: number; bounds: Bounds }
  | { type: 'resize'; bounds: Bounds }

const ZERO: Cursor = { index: 0, top: 0 }

export function initialState(sort: SortKey = DEFAULT_SORT): UiState {
  return {
    pane: 'people',
    cursor: { people: ZERO, timeline: ZERO, detail: ZERO, groups: ZERO },
    detailOf: 'timeline',
    filter: { text: '', editing: false },
    onlyFindings: false,
    sort,
    help: false,
    folded: new Set(),
  }
}

/** The cursor at `index` (clamped), with the window moved just enough to keep it in view. */
export function placeCursor(cursor: Cursor, index: number, count: number, page: number): Cursor {
  const last = Math.max(0, count - 1)
  const at = Math.min(Math.max(0, index), last)
  const rows = Math.max(1, page)
  let top = Math.min(cursor.top, Math.max(0, count - rows))
  if (at < top) top = at
  else if (at >= top + rows) top = at - rows + 1
  return { index: at, top: Math.max(0, top) }
}

/** Moving in a list resets the lists that depend on it: a new person has a new timeline. */
function withCursor(state: UiState, pane: Pane, cursor: Cursor): UiState {
  if (cursor.index === state.cursor[pane].index && cursor.top === state.cursor[pane].top) return state
  const next = { ...state.cursor, [pane]: cursor }
  if (pane === 'people') {
    next.timeline = ZERO
    next.detail = ZERO
  } else if (pane === 'timeline' || pane === 'groups') next.detail = ZERO
  return { ...state, cursor: next, ...(pane === 'detail' ? {} : { folded: new Set<string>() }) }
}

/** The pane whose list a move acts on (the detail pane scrolls). */
function moveTo(state: UiState, pane: Pane, index: number, bounds: Bounds): UiState {
  return withCursor(
    state,
    pane,
    placeCursor(state.cursor[pane], index, bounds.count[pane], bounds.page[pane]),
  )
}

export function reduce(state: UiState, action: Action): UiState {
  switch (action.type) {
    case 'move':
      return moveTo(state, state.pane, state.cursor[state.pane].index + action.by, action.bounds)
    case 'home':
      return moveTo(state, state.pane, 0, action.bounds)
    case 'end':
      return moveTo(state, state.pane, action.bounds.count[state.pane] - 1, action.bounds)
    case 'select': {
      const moved = moveTo(state, action.pane, action.index, action.bounds)
      return {
        ...moved,
        pane: action.pane,
        ...(action.pane === 'groups' ? { detailOf: 'groups' as const } : {}),
      }
    }
    case 'pane': {
      const at = action.panes.indexOf(state.pane)
      const pane = action.panes[(at + action.step + action.panes.length) % action.panes.length] ?? 'people'
      return focus(state, pane)
    }
    case 'focus':
      return focus(state, action.pane)
    case 'open':
      if (state.pane === 'people') return focus(state, 'timeline')
      if (state.pane === 'timeline' || state.pane === 'groups') return focus(state, 'detail')
      return state
    case 'back':
      if (state.help) return { ...state, help: false }
      if (state.message) return { ...state, message: undefined }
      if (state.pane === 'detail') return focus(state, state.detailOf === 'groups' ? 'groups' : 'timeline')
      if (state.pane === 'timeline' || state.pane === 'groups') return focus(state, 'people')
      if (state.filter.text !== '')
        return { ...state, filter: { text: '', editing: false }, cursor: resetPeople(state) }
      return state
    case 'filter-start':
      return { ...state, filter: { ...state.filter, editing: true }, message: undefined }
    case 'filter-text':
      return { ...state, filter: { text: action.text, editing: true }, cursor: resetPeople(state) }
    case 'filter-accept':
      return { ...state, filter: { ...state.filter, editing: false } }
    case 'filter-cancel':
      return { ...state, filter: { text: '', editing: false }, cursor: resetPeople(state) }
    case 'only-findings':
      return { ...state, onlyFindings: !state.onlyFindings, cursor: resetPeople(state) }
    case 'sort': {
      const sort = SORTS[(SORTS.indexOf(state.sort) + 1) % SORTS.length] ?? DEFAULT_SORT
      return { ...state, sort, cursor: resetPeople(state) }
    }
    case 'help':
      return { ...state, help: !state.help }
    case 'fold': {
      const folded = new Set(state.folded)
      if (folded.has(action.path)) folded.delete(action.path)
      else folded.add(action.path)
      return { ...state, folded }
    }
    case 'prompt':
      return action.text === undefined ? { ...state, prompt: undefined } : { ...state, prompt: action.text }
    case 'message':
      if (action.text === undefined) return state.message ? { ...state, message: undefined } : state
      return { ...state, message: { text: action.text, tone: action.tone ?? 'info' } }
    case 'anchor':
      return {
        ...state,
        cursor: {
          ...state.cursor,
          people: placeCursor(
            state.cursor.people,
            action.index,
            action.bounds.count.people,
            action.bounds.page.people,
          ),
        },
      }
    case 'resize': {
      const cursor = { ...state.cursor }
      for (const pane of Object.keys(cursor) as Pane[]) {
        cursor[pane] = placeCursor(
          cursor[pane],
          cursor[pane].index,
          action.bounds.count[pane],
          action.bounds.page[pane],
        )
      }
      return { ...state, cursor }
    }
  }
}

function focus(state: UiState, pane: Pane): UiState {
  if (pane === state.pane) return state
  const detailOf =
    pane === 'groups' ? 'groups' : pane === 'timeline' || pane === 'people' ? 'timeline' : state.detailOf
  return { ...state, pane, detailOf }
}

function resetPeople(state: UiState): UiState['cursor'] {
  return { ...state.cursor, people: ZERO, timeline: ZERO, detail: ZERO }
}
