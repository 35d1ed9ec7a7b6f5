/**
 * The explorer once the input is read: reads the immutable `Model`, keeps the UI state in the reducer
 * (`state.ts`) and turns keys (`keys.ts`) into actions. Side effects (clipboard, file, quit) go through
 * `effects`, so tests can watch them.
 */
import { Box, Text, useInput } from 'ink'
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react'
import { inSlices } from '../../common/steps.js'
import { copyText, osc52, personMarkdown } from './copy.js'
import { Detail } from './Detail.js'
import { FilterBar } from './FilterBar.js'
import { applyFilter } from './filter.js'
import { GroupFindings } from './GroupFindings.js'
import { HelpOverlay } from './HelpOverlay.js'
import { commandFor, editLine, type KeyInfo } from './keys.js'
import { layout } from './layout.js'
import { findingLines, itemLines, type Line, wrapLines } from './lines.js'
import type { Progress } from './load.js'
import {
  findingLevel,
  type Level,
  type Model,
  nextWithLevel,
  personItems,
  rowLevel,
  SORT_NAMES,
  sortedRows,
} from './model.js'
import { PeopleList } from './PeopleList.js'
import { rowIndexSteps } from './row-index.js'
import { StatusBar } from './StatusBar.js'
import { type Bounds, initialState, type Pane, reduce } from './state.js'
import { Timeline } from './Timeline.js'

export interface Effects {
  /** Write an OSC 52 sequence (or anything else) straight to the terminal. */
  terminal(sequence: string): void
  /** Write a file; returns a message for the user. */
  writeFile(path: string, text: string): string
  quit(): void
}

export interface AppProps {
  model: Model
  width: number
  height: number
  colors: boolean
  effects: Effects
  following?: boolean
  /** While reading goes on (the model is what has been read so far): how far it has got. */
  progress?: Progress | undefined
  /** "Now" for `since:2d`-style filter terms (tests fix it). */
  now?: Date
}

/** How long the explorer waits, after a new list is shown, before it builds the list's filter index. */
const INDEX_IDLE_MS = 150

/** A file name for a person's report: their label with anything unusual replaced. */
export function defaultFileName(label: string): string {
  const slug = label
    .replace(/[^A-Za-z0-9@._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return `scimtrace-${slug || 'person'}.md`
}

export function App({ model, width, height, colors, effects, following = false, progress, now }: AppProps) {
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState())
  const sorted = sortedRows(model, state.sort)
  const previousFilter = useRef<ReturnType<typeof applyFilter> | undefined>(undefined)
  const filtered = useMemo(() => {
    const result = applyFilter(sorted, state.filter.text, state.onlyFindings, previousFilter.current, now)
    previousFilter.current = result
    return result
  }, [sorted, state.filter.text, state.onlyFindings, now])
  const rows = filtered.rows
  // Build the filter's index for this list while the user reads the screen, not on their first keystroke
  // (~100 ms on 100,000 people). Not while reading goes on: each partial result would be indexed in vain.
  const reading = progress !== undefined
  useEffect(() => {
    if (reading) return undefined
    const stop = new AbortController()
    const timer = setTimeout(() => {
      // In slices: a key pressed meanwhile is answered between them (and builds the rest itself if it needs it).
      inSlices(rowIndexSteps(sorted), { signal: stop.signal }).catch(() => {})
    }, INDEX_IDLE_MS)
    return () => {
      clearTimeout(timer)
      stop.abort()
    }
  }, [sorted, reading])
  const box = layout(width, height, model.groupFindings.length)
  const row = rows[state.cursor.people.index]
  const items = row ? personItems(row) : []
  const item = items[state.cursor.timeline.index]
  const groupFinding = model.groupFindings[state.cursor.groups.index]
  const showsGroup = state.detailOf === 'groups' && groupFinding !== undefined
  const detailWidth = box.rightWidth - 1
  const lines: Line[] = useMemo(() => {
    const raw = showsGroup
      ? findingLines(groupFinding, detailWidth)
      : item && row
        ? itemLines(item, row.person, state.folded, detailWidth)
        : []
    return wrapLines(raw, detailWidth)
  }, [showsGroup, groupFinding, item, row, state.folded, detailWidth])
  const bounds: Bounds = {
    count: {
      people: rows.length,
      timeline: items.length,
      detail: lines.length,
      groups: model.groupFindings.length,
    },
    page: {
      people: box.peopleRows,
      timeline: box.timelineRows,
      detail: box.detailRows,
      groups: box.groupsRows,
    },
  }
  const panes: Pane[] =
    box.groupsRows > 0 ? ['people', 'timeline', 'detail', 'groups'] : ['people', 'timeline', 'detail']

  // When a new model comes (reading goes on, or `--follow`), stay on the same person (their place in the sort may have moved).
  const selectedKey = useRef<string | undefined>(undefined)
  const shownModel = useRef(model)
  useEffect(() => {
    if (shownModel.current === model) return
    shownModel.current = model
    const key = selectedKey.current
    const index = key === undefined ? -1 : rows.findIndex((r) => r.key === key)
    if (index >= 0 && index !== state.cursor.people.index) dispatch({ type: 'anchor', index, bounds })
  })
  selectedKey.current = row?.key

  // Keep windows valid when the terminal is resized.
  const size = `${width}x${height}`
  const shownSize = useRef(size)
  useEffect(() => {
    if (shownSize.current === size) return
    shownSize.current = size
    dispatch({ type: 'resize', bounds })
  })

  const jump = (level: 'error' | 'warning', step: 1 | -1) => {
    const pane: Pane =
      state.pane === 'detail' ? (state.detailOf === 'groups' ? 'groups' : 'timeline') : state.pane
    const levelAt: Record<Pane, (i: number) => Level> = {
      people: (i) => {
        const r = rows[i]
        return r ? rowLevel(r) : undefined
      },
      timeline: (i) => items[i]?.level,
      groups: (i) => {
        const f = model.groupFindings[i]
        return f ? findingLevel(f) : undefined
      },
      detail: () => undefined,
    }
    const index = nextWithLevel(bounds.count[pane], levelAt[pane], state.cursor[pane].index, step, level)
    if (index === undefined)
      dispatch({ type: 'message', text: `no ${level}s in ${pane === 'timeline' ? 'this timeline' : pane}` })
    else dispatch({ type: 'select', pane, index, bounds })
  }

  const handle = (input: string, key: KeyInfo) => {
    if (state.prompt !== undefined) {
      const edit = editLine(state.prompt, input, key)
      if (edit === 'cancel') dispatch({ type: 'prompt', text: undefined })
      else if (edit === 'accept') {
        dispatch({ type: 'prompt', text: undefined })
        if (row && state.prompt.trim() !== '') {
          try {
            dispatch({
              type: 'message',
              text: effects.writeFile(state.prompt.trim(), personMarkdown(model, row)),
            })
          } catch (error) {
            dispatch({ type: 'message', text: `cannot write: ${(error as Error).message}`, tone: 'error' })
          }
        }
      } else dispatch({ type: 'prompt', text: edit.text })
      return
    }
    if (state.filter.editing) {
      const edit = editLine(state.filter.text, input, key)
      if (edit === 'cancel') dispatch({ type: 'filter-cancel' })
      else if (edit === 'accept') dispatch({ type: 'filter-accept' })
      else if (edit.text !== state.filter.text) dispatch({ type: 'filter-text', text: edit.text })
      return
    }
    const command = commandFor(input, key)
    if (state.message && command !== undefined && command !== 'back')
      dispatch({ type: 'message', text: undefined })
    if (state.help && command !== 'quit' && command !== 'help' && command !== 'back') return
    switch (command) {
      case 'down':
        return dispatch({ type: 'move', by: 1, bounds })
      case 'up':
        return dispatch({ type: 'move', by: -1, bounds })
      case 'page-down':
        return dispatch({ type: 'move', by: Math.max(1, bounds.page[state.pane] - 1), bounds })
      case 'page-up':
        return dispatch({ type: 'move', by: -Math.max(1, bounds.page[state.pane] - 1), bounds })
      case 'home':
        return dispatch({ type: 'home', bounds })
      case 'end':
        return dispatch({ type: 'end', bounds })
      case 'next-pane':
        return dispatch({ type: 'pane', step: 1, panes })
      case 'previous-pane':
        return dispatch({ type: 'pane', step: -1, panes })
      case 'open': {
        if (state.pane === 'detail') {
          const fold = lines[state.cursor.detail.index]?.fold
          if (fold) dispatch({ type: 'fold', path: fold })
          return
        }
        return dispatch({ type: 'open' })
      }
      case 'back':
        return dispatch({ type: 'back' })
      case 'next-error':
        return jump('error', 1)
      case 'previous-error':
        return jump('error', -1)
      case 'next-warning':
        return jump('warning', 1)
      case 'previous-warning':
        return jump('warning', -1)
      case 'filter':
        return dispatch({ type: 'filter-start' })
      case 'only-findings':
        return dispatch({ type: 'only-findings' })
      case 'sort':
        return dispatch({ type: 'sort' })
      case 'copy': {
        const copied = showsGroup
          ? copyText(model, undefined, { kind: 'finding', finding: groupFinding, level: undefined })
          : copyText(model, row, state.pane === 'people' ? undefined : item)
        if (!copied) return dispatch({ type: 'message', text: 'nothing to copy' })
        effects.terminal(osc52(copied.text))
        return dispatch({
          type: 'message',
          text: `copied ${copied.what} (${copied.text.length} characters, OSC 52)`,
        })
      }
      case 'write':
        if (!row) return dispatch({ type: 'message', text: 'select a person first' })
        return dispatch({ type: 'prompt', text: defaultFileName(row.label) })
      case 'help':
        return dispatch({ type: 'help' })
      case 'quit':
        return effects.quit()
      default:
        return undefined
    }
  }
  // One subscription for the App's life, calling the handler of the last render: Ink re-subscribes whenever
  // the handler changes, after the frame is drawn, so a key pressed right after a frame (typing fast, a
  // bench) would otherwise reach the handler of the frame before and be lost.
  const latest = useRef(handle)
  latest.current = handle
  const onInput = useCallback((input: string, key: KeyInfo) => latest.current(input, key), [])
  useInput(onInput)

  if (box.tooSmall) {
    return <Text wrap="truncate-end">{`terminal too small (${width}×${height}); needs 40×10 · q quits`}</Text>
  }
  const bodyHeight = height - 2
  const sortName = SORT_NAMES[state.sort]
  return (
    <Box flexDirection="column" width={width} height={height}>
      {state.help ? (
        <HelpOverlay width={width} height={bodyHeight} />
      ) : (
        <Box flexDirection="row" height={bodyHeight}>
          <Box flexDirection="column" width={box.leftWidth}>
            <Box height={box.peopleRows + 1}>
              <PeopleList
                rows={rows}
                total={model.rows.length}
                cursor={state.cursor.people}
                height={box.peopleRows}
                width={box.leftWidth}
                focused={state.pane === 'people'}
                colors={colors}
                sortName={sortName}
              />
            </Box>
            {box.groupsRows > 0 ? (
              <GroupFindings
                findings={model.groupFindings}
                cursor={state.cursor.groups}
                height={box.groupsRows}
                width={box.leftWidth}
                focused={state.pane === 'groups'}
                colors={colors}
              />
            ) : null}
          </Box>
          <Box flexDirection="column" width={1}>
            <Text dimColor={colors}>{Array.from({ length: bodyHeight }, () => '│').join('\n')}</Text>
          </Box>
          <Box flexDirection="column" width={box.rightWidth}>
            <Box height={box.timelineRows + 1}>
              <Timeline
                row={row}
                items={items}
                cursor={state.cursor.timeline}
                height={box.timelineRows}
                width={box.rightWidth}
                focused={state.pane === 'timeline'}
                colors={colors}
              />
            </Box>
            <Detail
              title={showsGroup ? 'Group-wide finding' : detailTitle(item?.kind)}
              lines={lines}
              cursor={state.cursor.detail}
              height={box.detailRows}
              width={box.rightWidth}
              focused={state.pane === 'detail'}
              colors={colors}
            />
          </Box>
        </Box>
      )}
      <FilterBar
        filter={state.filter.text}
        editing={state.filter.editing}
        matches={rows.length}
        colors={colors}
        {...(filtered.error !== undefined ? { error: filtered.error } : {})}
        {...(state.prompt !== undefined ? { prompt: state.prompt } : {})}
        {...(state.message !== undefined ? { message: state.message } : {})}
      />
      <StatusBar
        model={model}
        shown={rows.length}
        filter={state.filter.text}
        onlyFindings={state.onlyFindings}
        sortName={sortName}
        width={width}
        following={following}
        progress={progress}
      />
    </Box>
  )
}

function detailTitle(kind: 'finding' | 'request' | 'attribute' | undefined): string {
  if (kind === 'finding') return 'Finding'
  if (kind === 'request') return 'Request'
  if (kind === 'attribute') return 'Attribute'
  return 'Detail'
}
