import { describe, expect, it } from 'vitest'
import { IdpInference, settleRecords } from '../../src/records/idp.js'
import type { ScimRecord } from '../../src/records/types.js'
import { kv, record } from './helpers.js'

// No user agent anywhere: the creates' providers come from their shape (the externalId), the lookups' only
// from inference.
const ENTRA_ID = '5622b995-5a96-4535-9cd4-62d197698ceb'
const OKTA_ID = '00u1a2b3c4d5e6f7g8h9'

const lookup = (time: string, ip: string) =>
  record({ time, ua: undefined, remote_ip: ip, params: kv({ filter: 'userName eq "jane@hooli.example"' }) })
const create = (time: string, ip: string, externalId: string) =>
  record({
    time,
    method: 'POST',
    status: 201,
    ua: undefined,
    remote_ip: ip,
    params: kv({ externalId, userName: 'jane' }),
  })

describe('IdpInference', () => {
  it('learning in any order settles lookups as a pass in time order does', () => {
    const make = (): ScimRecord[] => [
      lookup('2024-05-14T09:00:00Z', '198.51.100.7'),
      create('2024-05-14T10:00:00Z', '198.51.100.7', ENTRA_ID),
      // Later, the same address sends as Okta: the latest client wins for both lookups.
      create('2024-05-14T11:00:00Z', '198.51.100.7', OKTA_ID),
      lookup('2024-05-14T12:00:00Z', '198.51.100.7'),
      lookup('2024-05-14T12:00:00Z', '203.0.113.9'),
    ]
    const sorted = settleRecords(make())
    const reversed = make().reverse()
    const inference = new IdpInference()
    for (const r of reversed) inference.learn(r)
    inference.apply(reversed)
    const byTime = (rs: ScimRecord[]) =>
      [...rs]
        .sort((a, b) => a.timeMs - b.timeMs || (a.origin.line ?? 0) - (b.origin.line ?? 0))
        .map((r) => [r.idp, r.idpEvidence])
    expect(byTime(reversed)).toEqual(byTime(sorted))
    expect(byTime(sorted).map(([idp]) => idp)).toEqual(['okta', 'entra', 'okta', 'okta', 'other'])
  })

  it('of two clients at the same time, the one read later wins, as after a stable sort', () => {
    const a = create('2024-05-14T10:00:00Z', '198.51.100.7', ENTRA_ID)
    const b = create('2024-05-14T10:00:00Z', '198.51.100.7', OKTA_ID)
    const l = lookup('2024-05-14T11:00:00Z', '198.51.100.7')
    const inference = new IdpInference()
    for (const r of [a, b, l]) inference.learn(r)
    inference.apply([l])
    expect(l).toMatchObject({ idp: 'okta', idpEvidence: 'inferred' })
  })
})
