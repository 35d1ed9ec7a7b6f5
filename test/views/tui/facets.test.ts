/**
 * The filter's request facets (`facets.ts`) against the plain walk of every timeline: on every sample, each
 * filter of request terms selects exactly the people a walk selects. A facet that lost a value, kept a wrong
 * time bound or decided a combination alone (two terms met by two different requests) shows up here.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { matchRecord } from '../../../src/records/query.js'
import { facetsMatch, requestFacets } from '../../../src/views/tui/facets.js'
import { applyFilter, parseFilter } from '../../../src/views/tui/filter.js'
import { type Model, sortedRows } from '../../../src/views/tui/model.js'
import { everySampleModel } from './helpers.js'

const FILTERS = [
  'status:409',
  'status:4xx',
  'status:200-299',
  'status:fail',
  'status:404,412',
  'idp:okta',
  'idp:entra',
  'action:create',
  'action:lookup,deactivate',
  'since:2024-05-20',
  'until:2024-05-15',
  'since:2024-05-14T09:12:00Z until:2024-05-14T09:13:00Z',
  'status:409 action:lookup',
  'status:4xx action:create',
  'status:2xx idp:okta action:deactivate',
  'status:412 since:2024-06-01',
  'idp:okta until:2024-05-14',
]

let model: Model
beforeAll(async () => {
  model = await everySampleModel()
})

describe('request facets', () => {
  it('select the same people as walking every timeline, for single terms and combinations', () => {
    const rows = sortedRows(model, 'name')
    expect(rows.length).toBeGreaterThan(50)
    let selectedSomewhere = 0
    let combinationsWalked = 0
    for (const text of FILTERS) {
      const parsed = parseFilter(text)
      if (!parsed.ok) throw new Error(`${text}: ${parsed.error}`)
      const query = parsed.filter.query
      const walked = rows
        .filter((row) => row.person.timeline.some((entry) => matchRecord(entry.record, query)))
        .map((row) => row.key)
      const filtered = applyFilter(rows, text, false).rows.map((row) => row.key)
      expect(filtered, text).toEqual(walked)
      if (walked.length > 0) selectedSomewhere++
      if (rows.some((row) => facetsMatch(row.facets, query) === undefined)) combinationsWalked++
    }
    // The filters mean something on these samples: most select someone, and the combinations reach the walk.
    expect(selectedSomewhere).toBeGreaterThan(FILTERS.length / 2)
    expect(combinationsWalked).toBeGreaterThan(0)
  })

  it('rule a person out on a missing value, decide one term alone, and leave combinations to the walk', () => {
    const row = model.rows.find((r) => r.person.timeline.some((e) => e.record.status === 409))
    if (!row) throw new Error('no 409 in the samples')
    const facets = row.facets
    expect(facets).toEqual(requestFacets(row.person))
    const query = (text: string) => {
      const parsed = parseFilter(text)
      if (!parsed.ok) throw new Error(parsed.error)
      return parsed.filter.query
    }
    expect(facetsMatch(facets, query('status:409'))).toBe(true)
    expect(facetsMatch(facets, query('status:418'))).toBe(false)
    expect(facetsMatch(facets, query('until:2000-01-01'))).toBe(false)
    expect(facetsMatch(facets, query(`status:409 action:${facets.actions[0]}`))).toBeUndefined()
  })

  it('match nothing for a person without requests', () => {
    const empty = requestFacets({ ...(model.rows[0] as Model['rows'][number]).person, timeline: [] })
    expect(empty).toMatchObject({ statuses: [], idps: [], actions: [] })
    const since = parseFilter('since:2000-01-01')
    const until = parseFilter('until:2100-01-01')
    if (!since.ok || !until.ok) throw new Error('bad filter')
    expect(facetsMatch(empty, since.filter.query)).toBe(false)
    expect(facetsMatch(empty, until.filter.query)).toBe(false)
  })
})
