/**
 * `report --server-side` reads creates and lookups while the cluster counts, by a regexp on the path
 * (`createsAndLookups`). Against the real server: it must take every POST and GET that the records stage
 * reads as an id-less Users path (else a person's create would be missed), and no request with an id.
 */
import { describe, expect, it } from 'vitest'
import { createsAndLookups } from '../../../src/analysis/server-side.js'
import { parseScimPath } from '../../../src/records/path.js'
import { ES_SKIP, ES_URL, es, seedIndex } from './helpers.js'

const PATHS = [
  '/api/scim/v2/groups/hooli/Users',
  '/api/scim/v2/groups/hooli/Users/',
  '/api/scim/v2/groups/hooli/users',
  '/scim/v2/groups/hooli/Users',
  '/api/scim/v2/groups/my%20group/Users',
  '/api/scim/v2/application/Users',
  '/api/scim/v3/application/USERS/',
  '/api/scim/v2/groups/hooli/Users/00u1',
  '/api/scim/v2/groups/hooli/Users/00u1/',
  '/api/scim/v2/application/Users/abc',
  '/api/scim/v2/groups/hooli/Groups',
  '/api/scim/v2/groups/hooli/ServiceProviderConfig',
  '/api/v4/users',
]

describe.skipIf(!ES_URL)(
  `the creates and lookups read while counting${ES_SKIP ? ` (${ES_SKIP})` : ''}`,
  () => {
    it('match exactly the POSTs and GETs of id-less Users paths', async () => {
      const docs = PATHS.flatMap((path, i) =>
        ['POST', 'GET', 'PATCH'].map((method) => ({
          '@timestamp': new Date(Date.UTC(2024, 4, 1, 0, 0, i)).toISOString(),
          json: { method, path, status: 200 },
        })),
      )
      const index = await seedIndex('creates-and-lookups', docs)
      const found = await es('POST', `/${index}/_search`, {
        size: 1000,
        query: createsAndLookups(),
        _source: ['json.method', 'json.path'],
      })
      const got = found.body.hits.hits.map((hit: { _source: { json: { method: string; path: string } } }) => {
        const { method, path } = hit._source.json
        return `${method} ${path}`
      })
      const expected = docs
        .map((doc) => doc.json)
        .filter(({ method, path }) => {
          const parsed = parseScimPath(path)
          return method !== 'PATCH' && parsed?.resource === 'Users' && parsed.scimId === undefined
        })
        .map(({ method, path }) => `${method} ${path}`)
      expect(expected.length).toBe(14)
      expect([...got].sort()).toEqual([...expected].sort())
    })
  },
)
