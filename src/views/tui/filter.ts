/**
 * The `/` filter: free text over ids, emails and userNames, and terms in `search`'s vocabulary
 * (`status:4xx`, `idp:okta`, `action:create`, `rule:…`, `group:…`, `since:2d`, `until:2026-11-30`).
 * Request terms are checked with `records/query.ts` `matchRecord`, statuses and times parsed as `search`
 * parses its options; a person's request facets (`facets.ts`) decide a single term without walking their
 * timeline. A filter over the whole list is decided from its index (`row-index.ts`), which touches only the
 * rows that pass; typing more of a word narrows the previous result when that result is small.
 */

import { pushAll } from '../../common/arrays.js'
import { matchRecord, parseStatusList, type RecordQuery } from '../../records/query.js'
import { parseIdps, parseTimeOption } from '../../records/query-options.js'
import { ACTIONS, type Action } from '../../records/types.js'
import { escapeControl } from '../escape.js'
import { facetsMatch } from './facets.js'
import type { PersonRow } from './model.js'
import { type RowIndex, RowSelection, rowIndex } from './row-index.js'

export const TERMS = ['status', 'idp', 'action', 'rule', 'group', 'since', 'until'] as const
type Term = (typeof TERMS)[number]

export interface ParsedFilter {
  /** Lower-cased free-text words; every one must appear. */
  words: string[]
  /** Request terms: a person matches when one of their requests matches all of them. */
  query: RecordQuery
  hasQuery: boolean
  rules: string[]
  group?: string
}

export type FilterResult = { ok: true; filter: ParsedFilter } | { ok: false; error: string }

function termError(term: string, value: string, why: string): FilterResult {
  return { ok: false, error: `${escapeControl(term)}:${escapeControl(value)} — ${why}` }
}

export function parseFilter(text: string, now: Date = new Date()): FilterResult {
  const filter: ParsedFilter = { words: [], query: {}, hasQuery: false, rules: [] }
  for (const token of text.trim().split(/\s+/)) {
    if (token === '') continue
    // `key:value` with an alphabetic key is a term; anything else (an URN, an id with colons) is free text.
    const term = /^([a-z]+):(.*)$/i.exec(token)
    if (!term) {
      filter.words.push(token.toLowerCase())
      continue
    }
    const key = (term[1] as string).toLowerCase()
    const value = term[2] as string
    if (!(TERMS as readonly string[]).includes(key)) {
      return {
        ok: false,
        error: `unknown term '${escapeControl(key)}:' — use ${TERMS.map((t) => `${t}:`).join(' ')} or free text`,
      }
    }
    if (value === '') return termError(key, value, 'needs a value')
    const problem = applyTerm(filter, key as Term, value, now)
    if (problem) return termError(key, value, problem)
  }
  return { ok: true, filter }
}

/** Adds one term to the filter; returns what is wrong with it, if anything. */
function applyTerm(filter: ParsedFilter, key: Term, value: string, now: Date): string | undefined {
  try {
    switch (key) {
      case 'status':
        filter.query.statuses = parseStatusList(value)
        filter.hasQuery = true
        return undefined
      case 'idp':
        filter.query.idps = parseIdps(value)
        filter.hasQuery = true
        return undefined
      case 'action': {
        const actions = value.split(',').map((a) => a.trim().toLowerCase())
        const unknown = actions.find((a) => !(ACTIONS as readonly string[]).includes(a))
        if (unknown !== undefined) return `'${escapeControl(unknown)}' is not one of ${ACTIONS.join(', ')}`
        filter.query.actions = actions as Action[]
        filter.hasQuery = true
        return undefined
      }
      case 'rule':
        pushAll(filter.rules, value.toLowerCase().split(',').filter(Boolean))
        return undefined
      case 'group':
        filter.group = value.toLowerCase()
        return undefined
      case 'since':
        filter.query.sinceMs = parseTimeOption('since', value, now)
        filter.hasQuery = true
        return undefined
      case 'until':
        filter.query.untilMs = parseTimeOption('until', value, now)
        filter.hasQuery = true
        return undefined
    }
  } catch (error) {
    return (error as Error).message.replace(/^--\w+ /, '')
  }
}

export function matchesRow(row: PersonRow, filter: ParsedFilter): boolean {
  for (const word of filter.words) if (!row.search.includes(word)) return false
  if (filter.group !== undefined && row.person.scope.toLowerCase() !== filter.group) return false
  if (filter.rules.length > 0 && !row.findings.some((f) => filter.rules.includes(f.rule))) return false
  if (filter.hasQuery) {
    const decided = facetsMatch(row.facets, filter.query)
    if (decided !== undefined) return decided
    const timeline = row.person.timeline
    let any = false
    for (let i = 0; i < timeline.length && !any; i++)
      any = matchRecord((timeline[i] as (typeof timeline)[number]).record, filter.query)
    if (!any) return false
  }
  return true
}

/** The positions in `index` of each key that `wanted` accepts. */
function listsWhere<K>(lists: ReadonlyMap<K, Int32Array>, wanted: (key: K) => boolean): Int32Array[] {
  const out: Int32Array[] = []
  for (const [key, list] of lists) if (wanted(key)) out.push(list)
  return out
}

/** The rows of `all` that match `filter`, decided from `all`'s index: the same rows `matchesRow` keeps. */
function selectIndexed(
  all: readonly PersonRow[],
  index: RowIndex,
  filter: ParsedFilter,
  onlyFindings: boolean,
): PersonRow[] {
  const selection = new RowSelection(index)
  if (onlyFindings) selection.union([index.withFindings])
  const group = filter.group
  if (group !== undefined) selection.union(listsWhere(index.byGroup, (key) => key === group))
  if (filter.rules.length > 0)
    selection.union(listsWhere(index.byRule, (rule) => filter.rules.includes(rule)))
  const query = filter.query
  let terms = 0
  const statuses = query.statuses
  if (statuses) {
    terms++
    selection.union(listsWhere(index.byStatus, statuses))
  }
  const idps = query.idps
  if (idps) {
    terms++
    selection.union(listsWhere(index.byIdp, (idp) => idps.includes(idp)))
  }
  const actions = query.actions
  if (actions) {
    terms++
    selection.union(listsWhere(index.byAction, (action) => actions.includes(action)))
  }
  for (const word of filter.words) selection.containing(word)
  const { sinceMs, untilMs } = query
  if (sinceMs !== undefined) {
    terms++
    selection.where((i) => (index.lastMs[i] as number) >= sinceMs)
  }
  if (untilMs !== undefined) {
    terms++
    selection.where((i) => (index.firstMs[i] as number) <= untilMs)
  }
  // Several request terms must be met by one request together: walk the timelines of those left.
  if (terms > 1) {
    selection.where((i) =>
      (all[i] as PersonRow).person.timeline.some((entry) => matchRecord(entry.record, query)),
    )
  }
  return selection.rows(all)
}

/** How small a previous result must be, as a share of the list, for narrowing it to beat the index. */
const NARROW_SHARE = 8

/**
 * Whether `next` can only match a subset of what `previous` matched, so filtering `previous`'s result is
 * enough: more characters typed at the end of a free-text word, or new free-text words. A term edited or
 * added can widen (`status:4xx` → `status:4xx,5xx`), so it is filtered from scratch.
 */
export function narrows(previous: string, next: string): boolean {
  if (!next.startsWith(previous) || previous.trim() === '') return false
  const added = next.slice(previous.length)
  if (added.includes(':')) return false
  const lastToken = previous.split(/\s+/).pop() ?? ''
  return /^\s/.test(added) || !lastToken.includes(':')
}

export interface FilterState {
  text: string
  onlyFindings: boolean
  rows: readonly PersonRow[]
  /** The message for a filter that does not parse (the previous result stays shown). */
  error?: string
}

/**
 * Apply `text` to `all` (already sorted), reusing `previous` when the new text narrows it. Returns the
 * previous result with an error when the text does not parse, so the list does not flash empty while typing.
 */
export function applyFilter(
  all: readonly PersonRow[],
  text: string,
  onlyFindings: boolean,
  previous?: FilterState & { all: readonly PersonRow[] },
  now?: Date,
): FilterState & { all: readonly PersonRow[] } {
  const parsed = parseFilter(text, now)
  if (!parsed.ok) {
    const base =
      previous && previous.all === all && previous.onlyFindings === onlyFindings ? previous : undefined
    return {
      all,
      text,
      onlyFindings,
      rows: base ? base.rows : onlyFindings ? all.filter((r) => r.findings.length > 0) : all,
      error: parsed.error,
    }
  }
  const reuse =
    previous !== undefined &&
    previous.error === undefined &&
    previous.all === all &&
    previous.onlyFindings === onlyFindings &&
    narrows(previous.text, text)
  const source = reuse ? previous.rows : all
  const empty =
    parsed.filter.words.length === 0 &&
    !parsed.filter.hasQuery &&
    parsed.filter.rules.length === 0 &&
    parsed.filter.group === undefined
  // One condition per word, and at most nine more (`selectIndexed`): findings, group, rules, three term
  // kinds, two time bounds, the walk.
  const conditions = parsed.filter.words.length + 9
  let rows: readonly PersonRow[]
  if (empty && !onlyFindings) rows = all
  else if ((reuse && source.length * NARROW_SHARE <= all.length) || conditions > RowSelection.MAX_CONDITIONS)
    rows = source.filter(
      (row) => (!onlyFindings || row.findings.length > 0) && matchesRow(row, parsed.filter),
    )
  else rows = selectIndexed(all, rowIndex(all), parsed.filter, onlyFindings)
  return { all, text, onlyFindings, rows }
}
