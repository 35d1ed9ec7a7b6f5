/**
 * The filter's index over one ordered list of people rows: their search texts joined into one string, and
 * for each status, identity provider, action, rule and group the positions of the rows that have it. The
 * filter (`filter.ts`) decides a text over the whole list from these instead of visiting every row: on
 * 100,000 people a keystroke visited 100,000 row objects scattered over a heap of gigabytes (~80 ms a key on
 * a million requests, bench/README "The explorer"); here a word is one `indexOf` pass over one string, and a
 * term a union of position lists, and only the rows that pass are touched.
 *
 * Built once per list (a model and a sort order): in steps when the explorer is idle, or on the first filter
 * that needs it.
 */
import { finish, type Steps } from '../../common/steps.js'
import type { Finding } from '../../diagnosis/types.js'
import type { Action, IdentityProvider } from '../../records/types.js'
import type { PersonRow } from './model.js'

export interface RowIndex {
  count: number
  /** Every row's search text in list order, each followed by a newline (which no filter word contains). */
  text: string
  /** Where each row's text starts in `text`; `starts[count]` is its length. */
  starts: Int32Array
  withFindings: Int32Array
  byStatus: ReadonlyMap<number | null, Int32Array>
  byIdp: ReadonlyMap<IdentityProvider, Int32Array>
  byAction: ReadonlyMap<Action, Int32Array>
  byRule: ReadonlyMap<string, Int32Array>
  /** By lower-cased group path (`group:` compares lower-cased). */
  byGroup: ReadonlyMap<string, Int32Array>
  firstMs: Float64Array
  lastMs: Float64Array
}

/** Positions grouped by key, gathered in list order (so each list is ascending). */
class Postings<K> {
  private readonly lists = new Map<K, number[]>()
  add(key: K, position: number): void {
    const list = this.lists.get(key)
    if (list) list.push(position)
    else this.lists.set(key, [position])
  }
  frozen(): Map<K, Int32Array> {
    const out = new Map<K, Int32Array>()
    for (const [key, list] of this.lists) out.set(key, Int32Array.from(list))
    return out
  }
}

const cache = new WeakMap<readonly PersonRow[], RowIndex>()

/** Rows indexed between two pauses of `rowIndexSteps`. */
const ROWS_PER_STEP = 4096

export function rowIndex(rows: readonly PersonRow[]): RowIndex {
  return cache.get(rows) ?? finish(rowIndexSteps(rows))
}

/**
 * `rowIndex`, pausing every few thousand rows (`common/steps.ts`): the explorer builds it in slices while
 * the user reads the screen, so a key pressed then does not wait for all of it (~190 ms on 100,000 people).
 */
export function* rowIndexSteps(rows: readonly PersonRow[]): Steps<RowIndex> {
  const cached = cache.get(rows)
  if (cached) return cached
  const count = rows.length
  const starts = new Int32Array(count + 1)
  const texts = new Array<string>(count)
  const firstMs = new Float64Array(count)
  const lastMs = new Float64Array(count)
  const withFindings: number[] = []
  const statuses = new Postings<number | null>()
  const idps = new Postings<IdentityProvider>()
  const actions = new Postings<Action>()
  const rules = new Postings<string>()
  const groups = new Postings<string>()
  const lowerScopes = new Map<string, string>()
  let offset = 0
  for (let i = 0; i < count; i++) {
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield
    const row = rows[i] as PersonRow
    starts[i] = offset
    texts[i] = row.search
    offset += row.search.length + 1
    const facets = row.facets
    for (const status of facets.statuses) statuses.add(status, i)
    for (const idp of facets.idps) idps.add(idp, i)
    for (const action of facets.actions) actions.add(action, i)
    firstMs[i] = facets.firstMs
    lastMs[i] = facets.lastMs
    const findings = row.findings
    if (findings.length > 0) {
      withFindings.push(i)
      for (let f = 0; f < findings.length; f++) {
        const rule = (findings[f] as Finding).rule
        // Once per row: a rule of several findings is at the first of them.
        let first = true
        for (let g = 0; g < f && first; g++) if ((findings[g] as Finding).rule === rule) first = false
        if (first) rules.add(rule, i)
      }
    }
    const scope = row.person.scope
    let lower = lowerScopes.get(scope)
    if (lower === undefined) {
      lower = scope.toLowerCase()
      lowerScopes.set(scope, lower)
    }
    groups.add(lower, i)
  }
  starts[count] = offset
  yield
  const index: RowIndex = {
    count,
    text: count === 0 ? '' : `${texts.join('\n')}\n`,
    starts,
    withFindings: Int32Array.from(withFindings),
    byStatus: statuses.frozen(),
    byIdp: idps.frozen(),
    byAction: actions.frozen(),
    byRule: rules.frozen(),
    byGroup: groups.frozen(),
    firstMs,
    lastMs,
  }
  cache.set(rows, index)
  return index
}

/**
 * The rows that meet every condition given to it, as positions in the list. Each condition moves the rows
 * that met all before it one step on (`passed[row]` counts them), so a row passes when it met them all.
 */
export class RowSelection {
  /** The most conditions one selection counts. */
  static readonly MAX_CONDITIONS = 0xffff
  private readonly passed: Uint16Array
  private conditions = 0

  constructor(private readonly index: RowIndex) {
    this.passed = new Uint16Array(index.count)
  }

  /** Rows at any of `lists`' positions (a union: a row in two lists moves on once). */
  union(lists: Iterable<Int32Array>): void {
    const before = this.conditions++
    const passed = this.passed
    for (const list of lists) {
      for (let k = 0; k < list.length; k++) {
        const at = list[k] as number
        if (passed[at] === before) passed[at] = before + 1
      }
    }
  }

  /** Rows whose search text contains `word`. */
  containing(word: string): void {
    const before = this.conditions++
    const { text, starts, count } = this.index
    const passed = this.passed
    let row = 0
    let at = text.indexOf(word)
    while (at >= 0) {
      while ((starts[row + 1] as number) <= at) row++
      if (passed[row] === before) passed[row] = before + 1
      if (row + 1 >= count) break
      at = text.indexOf(word, starts[row + 1] as number)
    }
  }

  /** Rows for which `test(position)` holds (among those that met the conditions so far). */
  where(test: (position: number) => boolean): void {
    const before = this.conditions++
    const passed = this.passed
    for (let i = 0; i < passed.length; i++) if (passed[i] === before && test(i)) passed[i] = before + 1
  }

  /** The rows of `rows` (the indexed list) that met every condition, in list order. */
  rows(rows: readonly PersonRow[]): PersonRow[] {
    const out: PersonRow[] = []
    const passed = this.passed
    const all = this.conditions
    for (let i = 0; i < passed.length; i++) if (passed[i] === all) out.push(rows[i] as PersonRow)
    return out
  }
}
