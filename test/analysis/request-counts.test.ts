/**
 * Folding the request-count buckets (`analysis/request-counts.ts`): who has counts, what is read in the first step, and what
 * the counts leave to the documents. The aggregation itself runs on the real server in server-side.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { CountFold, isUncounted, personKey } from '../../src/analysis/request-counts.js'
import type { RequestCount } from '../../src/sources/elasticsearch/counts.js'

const USERS = '/api/scim/v2/groups/hooli/Users'

function bucket(
  path: string | null,
  method: string,
  status: number | null,
  count = 1,
  at = 1000,
): RequestCount {
  return { path, method, status, count, firstMs: at, lastMs: at + count }
}

describe('request counts', () => {
  it('counts people by the id in their paths, and reads creates, lookups and deletes', () => {
    const fold = new CountFold()
    fold.addRequests(bucket(`${USERS}/00u1`, 'GET', 200, 40, 5000))
    fold.addRequests(bucket(`${USERS}/00u1`, 'GET', 500, 1, 6000))
    fold.addRequests(bucket(`${USERS}/00U2`, 'PATCH', 204, 2))
    fold.addRequests(bucket(`${USERS}/00u3`, 'DELETE', 204))
    fold.addRequests(bucket(USERS, 'POST', 201, 3))
    fold.addRequests(bucket(USERS, 'GET', 200, 9))
    fold.addRequests(bucket(USERS, 'PUT', 404, 2))
    fold.addRequests(bucket('/api/scim/v2/groups/hooli/Groups', 'POST', 201))
    const counts = fold.finish()
    // Not the /Groups request: other resources are counted from the records read.
    expect(counts.requests).toBe(58)
    expect(Object.fromEntries(counts.byStatus)).toEqual({ '200': 49, '500': 1, '204': 3, '201': 3, '404': 2 })
    const one = counts.people.get(personKey('hooli', '00u1'))
    expect(one).toMatchObject({ requests: 41, failures: 1, updates: 0, firstMs: 5000, lastMs: 6001 })
    expect(one?.last.status).toBe(500)
    // Ids compare case-insensitively; an update is counted.
    expect(counts.people.get(personKey('HOOLI', '00u2'))?.updates).toBe(2)
    // A successful DELETE is read, not counted for the person (it changes the account).
    expect(counts.people.has(personKey('hooli', '00u3'))).toBe(false)
    expect(counts.fetchPaths).toEqual(
      expect.arrayContaining([
        { path: '/api/scim/v2/groups/hooli/Groups' },
        { path: `${USERS}/00u3`, method: 'DELETE' },
        { path: USERS, method: 'POST' },
        { path: USERS, method: 'GET' },
        { path: USERS, statuses: [404] },
      ]),
    )
    expect(counts.fetchPaths).toHaveLength(5)
    expect(counts.firstMs).toBe(1000)
    expect(counts.lastMs).toBe(6001)
  })

  it('leaves requests without a status or a keyword path to the documents', () => {
    const fold = new CountFold()
    fold.addRequests(bucket(`${USERS}/00u1`, 'GET', null, 2))
    fold.addRequests(bucket(null, 'GET', 200, 3))
    const counts = fold.finish()
    expect(counts.unknownStatus).toBe(true)
    expect(counts.unkeyedPaths).toBe(true)
    // Neither is counted: the records stage decides what they are (a `"fail"`, or a line it skips).
    expect(counts.requests).toBe(0)
    expect(counts.people.size).toBe(0)
  })

  it('reads the identity API and paths the records stage would not take', () => {
    const fold = new CountFold()
    fold.addRequests(bucket('/api/v4/groups/hooli/scim/00u1', 'PATCH', 200))
    fold.addRequests(bucket('/api/scim/v2/groups/hooli/ServiceProviderConfig', 'GET', 200))
    const counts = fold.finish()
    expect(counts.fetchPaths.map((p) => p.path).sort()).toEqual([
      '/api/scim/v2/groups/hooli/ServiceProviderConfig',
      '/api/v4/groups/hooli/scim/00u1',
    ])
    expect(counts.people.size).toBe(0)
    expect(counts.requests).toBe(0)
  })

  it('keeps only the group asked for: the prefix of hooli also matches hooli-eng', () => {
    const fold = new CountFold('Hooli')
    fold.addRequests(bucket(`${USERS}/00u1`, 'GET', 200, 4))
    fold.addRequests(bucket('/api/scim/v2/groups/hooli-eng/Users/00u2', 'GET', 500))
    fold.addRequests(bucket('/api/scim/v2/groups/hooli-eng/Users', 'POST', 201))
    const counts = fold.finish()
    expect(counts.requests).toBe(4)
    expect([...counts.people.keys()]).toEqual([personKey('hooli', '00u1')])
    expect(counts.fetchPaths).toEqual([])
  })

  it('counts from records exactly what the fold leaves out', () => {
    expect(isUncounted({ status: null, path: `${USERS}/00u1` })).toBe(true)
    expect(isUncounted({ status: 200, path: `${USERS}/${'x'.repeat(260)}` })).toBe(true)
    expect(isUncounted({ status: 200, path: '/api/v4/groups/hooli/scim/00u1' })).toBe(true)
    expect(isUncounted({ status: 201, path: '/api/scim/v2/groups/hooli/Groups' })).toBe(true)
    expect(isUncounted({ status: 200, path: `${USERS}/00u1` })).toBe(false)
    expect(isUncounted({ status: 201, path: USERS })).toBe(false)
  })
})
