import { describe, expect, it } from 'vitest'
import { Accounting } from '../../src/common/accounting.js'
import { toRecords } from '../../src/records/index.js'
import type { ScimRecord } from '../../src/records/types.js'
import type { RawEntry } from '../../src/sources/types.js'
import { GROUP_USERS, kv, logDoc } from './helpers.js'

async function* entries(docs: Record<string, unknown>[]): AsyncIterable<RawEntry> {
  let line = 0
  for (const doc of docs) {
    line++
    yield { doc, origin: { source: 'mixed.log', line } }
  }
}

describe('toRecords accounting', () => {
  it('counts SCIM requests, other traffic and skipped lines, with the skip reason and place', async () => {
    const accounting = new Accounting()
    const out: ScimRecord[] = []
    const docs = [
      logDoc({ params: kv({ filter: 'userName eq "a"' }) }), // 1 scim
      logDoc({ path: '/api/v4/projects' }), // 2 other
      logDoc({ status: 'abc' }), // 3 skip
      logDoc({ method: 'POST', status: 201, path: GROUP_USERS, params: kv({ userName: 'a' }) }), // 4 scim
      logDoc({ path: '/api/v4/users', status: 'abc' }), // 5 other: not SCIM, its fields are not ours to judge
      logDoc({ params: 'x' }), // 6 skip
      { severity: 'INFO' }, // 7 other: no path
      logDoc({ method: undefined }), // 8 skip
    ]
    for await (const r of toRecords(entries(docs), accounting)) out.push(r)

    expect(out.map((r) => r.origin.line)).toEqual([1, 4])
    const snap = accounting.snapshot()
    expect(snap.scim).toBe(2)
    expect(snap.other).toBe(3)
    expect(snap.skipped).toBe(3)
    expect(snap.skippedByReason['bad-field-type']?.count).toBe(3)
    expect(snap.skippedByReason['bad-field-type']?.first.map((o) => o.line)).toEqual([3, 6, 8])
    expect(snap.scim + snap.other + snap.skipped).toBe(docs.length)
  })
})
