/**
 * The search body scimtrace sends: the user's filters pushed into Elasticsearch so it returns few documents,
 * in the form the index's mapping allows (`mapping.ts`). Text fields over-match (a phrase matches anywhere,
 * case-insensitively), so every filter is checked again on the records by the commands: the query only has
 * to return a superset of what they keep, never less.
 */
import type { DocSelection } from '../types.js'
import type { EsFilter, FieldForms } from './types.js'

export type Dsl = Record<string, unknown>

/** GitLab.com's mapping: text fields with a `.keyword` subfield (elasticsearch-notes §4). */
export const KEYWORD_FORMS: FieldForms = {
  pathExact: 'json.path.keyword',
  pathText: 'json.path',
  valueExact: 'json.params.value.keyword',
  valueText: 'json.params.value',
  methodExact: 'json.method.keyword',
  methodText: 'json.method',
}

/** The SCIM path roots the records stage accepts (`records/path.ts`: with or without `/api`). */
const ROOTS = ['/api/scim/v', '/scim/v']
/** The group SCIM identity API's paths, as a wildcard on the keyword path. */
const IDENTITY_API_PATHS = '/api/v4/groups/*/scim/*'

export const SORT: Dsl[] = [{ '@timestamp': 'asc' }, { _shard_doc: 'asc' }]

/** `_source` includes for the fields the records read: `json.<field>`, `@timestamp` as is. */
export function sourceIncludes(selection: DocSelection | undefined): string[] | undefined {
  if (!selection) return undefined
  return selection.fields.map((field) => (field.startsWith('@') ? field : `json.${field}`))
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** Spellings of a group in a path: as given, and percent-encoded when that differs. */
function groupSpellings(group: string): string[] {
  const encoded = encodeURIComponent(group)
  return encoded === group ? [group] : [group, encoded]
}

function anyOf(clauses: Dsl[]): Dsl {
  return clauses.length === 1 ? (clauses[0] as Dsl) : { bool: { should: clauses, minimum_should_match: 1 } }
}

/** Which SCIM paths: one group's, instance-level, or any. */
function scopeClause(filter: EsFilter, forms: FieldForms): Dsl {
  let tails: string[]
  if (filter.group !== undefined) tails = groupSpellings(filter.group).map((g) => `2/groups/${g}`)
  else if (filter.instance) tails = ['2/application']
  else tails = ['']
  // The group SCIM identity API (`/api/v4/groups/:id/scim/:uid`, `records/identity-api.ts`) belongs to a
  // person's story too. Its `:id` may be a numeric id, so it is not narrowed by group here: the records
  // stage gives it its group (`meta.root_namespace`) and the group filter is checked again locally.
  const identityApi = filter.instance === true ? [] : [IDENTITY_API_PATHS]
  if (forms.pathExact) {
    const field = forms.pathExact
    return anyOf([
      ...ROOTS.flatMap((root) =>
        tails.map((tail) => ({ prefix: { [field]: { value: `${root}${tail}`, case_insensitive: true } } })),
      ),
      ...identityApi.map((value) => ({ wildcard: { [field]: { value, case_insensitive: true } } })),
    ])
  }
  // A text-only path: a phrase of its tokens (`scim v2 groups hooli`), re-checked exactly on the records.
  const field = forms.pathText ?? 'json.path'
  if (tails[0] === '') return { match: { [field]: 'scim' } }
  return anyOf([
    ...tails.map((tail) => ({ match_phrase: { [field]: `scim/v${tail}` } })),
    ...identityApi.map(() => ({
      bool: { must: [{ match_phrase: { [field]: 'api/v4/groups' } }, { match: { [field]: 'scim' } }] },
    })),
  ])
}

/** A value in a param (exactly, or as a phrase inside a longer one such as a filter) or as the id in the path. */
function valueClause(value: string, forms: FieldForms): Dsl {
  const clauses: Dsl[] = []
  if (forms.valueExact) clauses.push({ term: { [forms.valueExact]: { value, case_insensitive: true } } })
  if (forms.valueText) clauses.push({ match_phrase: { [forms.valueText]: value } })
  if (forms.pathExact) {
    for (const pattern of valuePathPatterns(value))
      clauses.push({ wildcard: { [forms.pathExact]: { value: pattern, case_insensitive: true } } })
  } else if (forms.pathText) clauses.push({ match_phrase: { [forms.pathText]: value } })
  return anyOf(clauses)
}

/** Only the `*` we add is a wildcard: `*`, `?` and `\` in the user's value are escaped. */
function wildcardLiteral(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`)
}

/** The paths that carry a value as their id: SCIM Users and Groups, and the identity API's `:uid`. */
function valuePathPatterns(value: string): string[] {
  const literal = wildcardLiteral(value)
  return [`*/Users/${literal}`, `*/Groups/${literal}`, `${IDENTITY_API_PATHS.slice(0, -1)}${literal}`]
}

function statusClause(filter: EsFilter): Dsl | undefined {
  const ranges = filter.statuses
  if (!ranges || ranges.length === 0) return undefined
  return anyOf(ranges.map((r) => ({ range: { 'json.status': { gte: r.gte, lte: r.lte } } })))
}

function methodClause(methods: string[] | undefined, forms: FieldForms): Dsl | undefined {
  if (!methods || methods.length === 0) return undefined
  if (forms.methodExact) return { terms: { [forms.methodExact]: methods } }
  const field = forms.methodText ?? 'json.method'
  return anyOf(methods.map((m) => ({ match: { [field]: m } })))
}

/** The `query` part of the search. */
export function buildQuery(filter: EsFilter, forms: FieldForms = KEYWORD_FORMS): Dsl {
  const clauses: Dsl[] = [
    {
      range: {
        '@timestamp': {
          gte: iso(filter.sinceMs),
          lte: iso(filter.untilMs),
          format: 'strict_date_optional_time',
        },
      },
    },
    scopeClause(filter, forms),
  ]
  if (filter.value !== undefined) clauses.push(valueClause(filter.value, forms))
  const status = statusClause(filter)
  if (status) clauses.push(status)
  const method = methodClause(filter.methods, forms)
  if (method) clauses.push(method)
  return { bool: { filter: clauses } }
}

/** One page's body, less the point in time and `search_after` that `scan.ts` adds. */
export function buildSearchBody(
  filter: EsFilter,
  forms: FieldForms,
  selection: DocSelection | undefined,
  size: number,
): Dsl {
  const body: Dsl = { size, track_total_hits: false }
  const includes = sourceIncludes(selection)
  if (includes) body._source = includes
  body.query = buildQuery(filter, forms)
  body.sort = SORT
  return body
}

/** KQL characters that must be escaped in an unquoted value (Kibana's kuery grammar). */
function kqlUnquoted(text: string): string {
  return text.replace(/[\\():<>"*{}]|\s/g, (c) => `\\${c}`)
}

function kqlQuoted(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`
}

/**
 * The same selection as KQL for Kibana's search bar. KQL has no case-insensitive prefix, so this one is
 * case-sensitive where the DSL is not; scimtrace itself always sends the DSL. The identity API's path
 * pattern is a KQL wildcard as it stands (`/` needs no escape in KQL).
 */
export function buildKql(filter: EsFilter, forms: FieldForms = KEYWORD_FORMS): string {
  const parts: string[] = [
    `@timestamp >= ${kqlQuoted(iso(filter.sinceMs))}`,
    `@timestamp <= ${kqlQuoted(iso(filter.untilMs))}`,
  ]
  const path = forms.pathExact ?? forms.pathText ?? 'json.path'
  let tails: string[]
  if (filter.group !== undefined) tails = groupSpellings(filter.group).map((g) => `2/groups/${g}`)
  else if (filter.instance) tails = ['2/application']
  else tails = ['']
  const scope = forms.pathExact
    ? ROOTS.flatMap((root) => tails.map((tail) => `${path} : ${kqlUnquoted(`${root}${tail}`)}*`))
    : tails.map((tail) => `${path} : ${kqlQuoted(tail === '' ? 'scim' : `scim/v${tail}`)}`)
  // The group SCIM identity API, as in the DSL (`scopeClause`): not narrowed by group, checked locally.
  if (filter.instance !== true)
    scope.push(
      forms.pathExact ? `${path} : ${IDENTITY_API_PATHS}` : `(${path} : "api/v4/groups" and ${path} : scim)`,
    )
  parts.push(scope.length === 1 ? (scope[0] as string) : `(${scope.join(' or ')})`)
  if (filter.value !== undefined) {
    const value = filter.value
    const either = [`${forms.valueText ?? forms.valueExact ?? 'json.params.value'} : ${kqlQuoted(value)}`]
    if (forms.pathExact)
      for (const prefix of ['*/Users/', '*/Groups/', IDENTITY_API_PATHS.slice(0, -1)])
        either.push(`${path} : ${prefix}${kqlUnquoted(value)}`)
    parts.push(`(${either.join(' or ')})`)
  }
  if (filter.statuses && filter.statuses.length > 0) {
    const ranges = filter.statuses.map((r) =>
      r.gte === r.lte ? `json.status : ${r.gte}` : `(json.status >= ${r.gte} and json.status <= ${r.lte})`,
    )
    parts.push(ranges.length === 1 ? (ranges[0] as string) : `(${ranges.join(' or ')})`)
  }
  if (filter.methods && filter.methods.length > 0) {
    const field = forms.methodExact ?? forms.methodText ?? 'json.method'
    parts.push(`${field} : (${filter.methods.map(kqlQuoted).join(' or ')})`)
  }
  return parts.join(' and ')
}

/**
 * Status filters as ranges: `409`, `4xx`, `400-499`, comma lists. `fail` (no response, no number in
 * `json.status`) cannot be expressed as a range: when it is asked for, nothing is pushed and the
 * records stage filters alone.
 */
export function statusRanges(text: string): EsFilter['statuses'] {
  const ranges = []
  for (const raw of text.split(',')) {
    const part = raw.trim().toLowerCase()
    if (part === '') continue
    if (/^\d{3}$/.test(part)) ranges.push({ gte: Number(part), lte: Number(part) })
    else if (/^[1-5]xx$/.test(part))
      ranges.push({ gte: Number(part[0]) * 100, lte: Number(part[0]) * 100 + 99 })
    else {
      const range = /^(\d{3})-(\d{3})$/.exec(part)
      if (!range) return undefined
      ranges.push({ gte: Number(range[1]), lte: Number(range[2]) })
    }
  }
  return ranges.length > 0 ? ranges : undefined
}
