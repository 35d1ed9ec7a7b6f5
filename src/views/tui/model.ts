/**
 * The explorer's model: an immutable view of one `Analysis`, built once (and again when `--follow` brings
 * new requests). Rows carry escaped display text, so nothing from the log reaches the terminal raw; the UI
 * only reads this and never recomputes timelines or diagnosis.
 */
import { finish, type Steps, sortSteps } from '../../common/steps.js'
import { coveredRecords } from '../../diagnosis/findings.js'
import { type Finding, SEVERITY_ORDER, type Severity } from '../../diagnosis/types.js'
import type { ScimRecord } from '../../records/types.js'
import { compareCodeUnits, compareIsoTimes } from '../../timelines/compare.js'
import {
  ATTRIBUTE_NAMES,
  type AttributeName,
  type AttributeProvenance,
  type Person,
  type TimelineEntry,
} from '../../timelines/types.js'
import { safe } from '../escape.js'
import { personLabel } from '../person.js'
import { type RequestFacets, requestFacets } from './facets.js'
import type { Analysis } from './load.js'

export type SortKey = 'last' | 'problems' | 'name'
export const SORTS: readonly SortKey[] = ['last', 'problems', 'name']
/** The order the explorer opens in: its rows are sorted as the model is built (`modelSteps`). */
export const DEFAULT_SORT: SortKey = 'problems'
export const SORT_NAMES: Record<SortKey, string> = {
  last: 'last activity',
  problems: 'problems',
  name: 'name',
}

/** A row's level, for colours and the e/E w/W jumps. */
export type Level = 'error' | 'warning' | undefined

export interface PersonRow {
  key: string
  person: Person
  /** Escaped, bounded display label (email, else userName, else id). */
  label: string
  group: string
  /** The person's own findings, worst first, then group-wide findings resting on their requests. */
  findings: readonly Finding[]
  worst?: Severity
  worstRule?: string
  /** Lower-cased ids, emails, userNames, display name and key, for the free-text filter. */
  search: string
  /** What the person's requests can match, for the filter's request terms. */
  facets: RequestFacets
}

export type Item =
  | { kind: 'finding'; finding: Finding; level: Level }
  | { kind: 'request'; entry: TimelineEntry; level: Level }
  | { kind: 'attribute'; name: AttributeName; provenance: AttributeProvenance; level: Level }

export interface Model {
  /** People in the order the timelines stage built them. */
  rows: readonly PersonRow[]
  byKey: ReadonlyMap<string, PersonRow>
  groupFindings: readonly Finding[]
  analysis: Analysis
  sources: readonly string[]
  from?: string
  to?: string
}

export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  let best: Severity | undefined
  for (const f of findings)
    if (best === undefined || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[best]) best = f.severity
  return best
}

function levelOf(severity: Severity | undefined): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : undefined
}

/** People (rows) made between two pauses of `modelSteps`. */
const ROWS_PER_STEP = 512

/** Which people each group-wide finding rests on (record → person once, rather than per finding). */
function* relatedByPerson(analysis: Analysis): Steps<Map<string, Finding[]>> {
  const related = new Map<string, Finding[]>()
  if (analysis.diagnosis.groupFindings.length === 0) return related
  const owner = new Map<ScimRecord, string>()
  const people = analysis.timelines.people
  for (let p = 0; p < people.length; p++) {
    if (p % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield
    const person = people[p] as Person
    for (const entry of person.timeline) owner.set(entry.record, person.key)
  }
  for (const finding of analysis.diagnosis.groupFindings) {
    const keys = new Set<string>()
    for (const record of coveredRecords(finding)) {
      const key = owner.get(record)
      if (key !== undefined) keys.add(key)
    }
    for (const key of keys) {
      const list = related.get(key)
      if (list) list.push(finding)
      else related.set(key, [finding])
    }
  }
  return related
}

function searchText(person: Person): string {
  return [person.key, person.displayName ?? '', ...person.externUids, ...person.emails, ...person.userNames]
    .join('\n')
    .toLowerCase()
}

// Rows of unchanged people are reused when `--follow` rebuilds the model (same Person object, same findings).
const rowCache = new WeakMap<Person, { findings: readonly Finding[]; row: PersonRow }>()

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i])
}

export function buildModel(analysis: Analysis): Model {
  return finish(modelSteps(analysis))
}

/** `buildModel`, pausing every few hundred people (`common/steps.ts`): the explorer builds it in slices. */
export function* modelSteps(analysis: Analysis): Steps<Model> {
  const related = yield* relatedByPerson(analysis)
  const rows: PersonRow[] = []
  const byKey = new Map<string, PersonRow>()
  const people = analysis.timelines.people
  for (let p = 0; p < people.length; p++) {
    if (p % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield
    const person = people[p] as Person
    const own = analysis.diagnosis.byPerson.get(person.key) ?? []
    const more = related.get(person.key)
    const findings = more ? [...own, ...more] : own
    const cached = rowCache.get(person)
    let row: PersonRow
    if (cached && sameFindings(cached.findings, findings)) row = cached.row
    else {
      const worst = worstSeverity(findings)
      const worstFinding = findings.find((f) => f.severity === worst)
      row = {
        key: person.key,
        person,
        label: safe(personLabel(person), 200),
        group: safe(person.scope, 80),
        findings,
        search: searchText(person),
        facets: requestFacets(person),
      }
      if (worst !== undefined) row.worst = worst
      if (worstFinding) row.worstRule = worstFinding.rule
      rowCache.set(person, { findings, row })
    }
    rows.push(row)
    byKey.set(row.key, row)
  }
  const records = analysis.timelines.records
  const model: Model = {
    rows,
    byKey,
    groupFindings: analysis.diagnosis.groupFindings,
    analysis,
    sources: analysis.accounting.sources.map((s) => safe(s.name, 200)),
  }
  const first = records[0]
  const last = records[records.length - 1]
  if (first) model.from = first.time
  if (last) model.to = last.time
  // The opening order, sorted here in steps rather than in the first render (~0.26 s on 100,000 people).
  const opening = yield* sortSteps([...rows], COMPARE[DEFAULT_SORT])
  sortedCache.set(model, new Map([[DEFAULT_SORT, opening]]))
  return model
}

const severityRank = (row: PersonRow) => (row.worst === undefined ? 3 : SEVERITY_ORDER[row.worst])

const COMPARE: Record<SortKey, (a: PersonRow, b: PersonRow) => number> = {
  last: (a, b) => compareIsoTimes(b.person.lastSeen, a.person.lastSeen) || compareCodeUnits(a.key, b.key),
  problems: (a, b) =>
    severityRank(a) - severityRank(b) ||
    b.findings.length - a.findings.length ||
    b.person.failures - a.person.failures ||
    compareIsoTimes(b.person.lastSeen, a.person.lastSeen) ||
    compareCodeUnits(a.key, b.key),
  name: (a, b) =>
    compareCodeUnits(a.label.toLowerCase(), b.label.toLowerCase()) || compareCodeUnits(a.key, b.key),
}

const sortedCache = new WeakMap<Model, Map<SortKey, readonly PersonRow[]>>()

/** The model's rows in one order (sorted once per model and key). */
export function sortedRows(model: Model, sort: SortKey): readonly PersonRow[] {
  let bySort = sortedCache.get(model)
  if (!bySort) {
    bySort = new Map()
    sortedCache.set(model, bySort)
  }
  let rows = bySort.get(sort)
  if (!rows) {
    rows = [...model.rows].sort(COMPARE[sort])
    bySort.set(sort, rows)
  }
  return rows
}

function requestLevel(entry: TimelineEntry, warned: ReadonlySet<ScimRecord>): Level {
  const status = entry.record.status
  if (status === null || status >= 400) return 'error'
  return warned.has(entry.record) ? 'warning' : undefined
}

const itemsCache = new WeakMap<PersonRow, readonly Item[]>()

/** What the timeline pane lists for a person: findings first, then every request, then the attributes held. */
export function personItems(row: PersonRow): readonly Item[] {
  let items = itemsCache.get(row)
  if (items) return items
  const warned = new Set<ScimRecord>()
  for (const f of row.findings) if (f.severity === 'warning') for (const r of f.evidence) warned.add(r)
  const list: Item[] = row.findings.map((finding) => ({
    kind: 'finding',
    finding,
    level: levelOf(finding.severity),
  }))
  for (const entry of row.person.timeline)
    list.push({ kind: 'request', entry, level: requestLevel(entry, warned) })
  for (const name of ATTRIBUTE_NAMES) {
    const provenance = row.person.attributes[name]
    if (provenance) {
      list.push({
        kind: 'attribute',
        name,
        provenance,
        level: provenance.ignored.length > 0 ? 'warning' : undefined,
      })
    }
  }
  items = list
  itemsCache.set(row, items)
  return items
}

export function rowLevel(row: PersonRow): Level {
  return levelOf(row.worst)
}

export function findingLevel(finding: Finding): Level {
  return levelOf(finding.severity)
}

/**
 * The next index after `from` (or before, with `step` -1) whose level is `level`, wrapping round like lnav's
 * `e`/`w`. `undefined` when there is none.
 */
export function nextWithLevel(
  count: number,
  levelAt: (index: number) => Level,
  from: number,
  step: 1 | -1,
  level: 'error' | 'warning',
): number | undefined {
  for (let n = 1; n <= count; n++) {
    const index = (((from + step * n) % count) + count) % count
    if (levelAt(index) === level) return index
  }
  return undefined
}
