/**
 * The synthesized `api_json.log` lines of reference §8, verbatim, through the records stage.
 * Expected values come from the reference's own reading of each line ("What each line shows").
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'
import { gitlabEmail, succeeded } from '../../src/records/types.js'

const FIXTURE = new URL('./fixtures/reference-examples.log', import.meta.url)
const lines = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')

const records: ScimRecord[] = lines.map((text, i) => {
  const result = normalise(JSON.parse(text), { source: 'reference-examples.log', line: i + 1 })
  if (result.kind !== 'scim') throw new Error(`line ${i + 1} is not a SCIM record: ${JSON.stringify(result)}`)
  return result.record
})

/** 1-based, as the reference numbers them. */
const line = (n: number): ScimRecord => records[n - 1] as ScimRecord

const JOHN_UID = '6f1c2e8a-3b4d-4e5f-9a0b-1c2d3e4f5a6b'

describe('reference §8 example lines', () => {
  it('are ten SCIM requests in the acme-corp group, on the Users resource', () => {
    expect(records).toHaveLength(10)
    for (const r of records) {
      expect(r.scope).toBe('acme-corp')
      expect(r.scopeKind).toBe('group')
      expect(r.resource).toBe('Users')
      expect(r.paramsTruncated).toBe(false)
    }
  })

  it('keep method, status, time, duration and origin of each line', () => {
    expect(records.map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 200',
      'POST 201',
      'POST 201',
      'POST 409',
      'POST 412',
      'PATCH 204',
      'POST 412',
      'PATCH 204',
      'PATCH 204',
      'GET 401',
    ])
    expect(line(1).time).toBe('2024-05-14T09:12:03.412Z')
    expect(line(1).timeMs).toBe(Date.UTC(2024, 4, 14, 9, 12, 3, 412))
    expect(line(1).durationS).toBe(0.023113)
    expect(line(2).durationS).toBe(0.412307)
    expect(line(7).origin).toEqual({ source: 'reference-examples.log', line: 7 })
    expect(line(1).correlationId).toBe('01HXR6Z1F3JQ8M2W4T9B7C5D0E')
    expect(line(3).remoteIp).toBe('20.44.0.10')
    expect(records.filter(succeeded)).toHaveLength(6)
  })

  it('classify each line as GitLab would act on it', () => {
    expect(records.map((r) => r.action)).toEqual([
      'lookup',
      'create',
      'create',
      'create',
      'create',
      'deactivate',
      'create',
      'reactivate',
      'change-extern-uid',
      'lookup',
    ])
  })

  it('read the SCIM id from the path of PATCH lines only', () => {
    expect(records.map((r) => r.scimId)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      JOHN_UID,
      undefined,
      '00u8k2j3h4G5f6D7s8a9',
      JOHN_UID,
      undefined,
    ])
  })

  it('recognise Okta by its user agent', () => {
    for (const n of [1, 2, 5, 7, 8]) {
      expect(line(n).idp, `line ${n}`).toBe('okta')
      expect(line(n).idpEvidence, `line ${n}`).toBe('user-agent')
      expect(line(n).userAgent).toBe('Okta SCIM Client 1.0.0')
    }
  })

  it('recognise Entra ID by request shape, not by the unconfirmed user-agent placeholder', () => {
    // Line 3/4: enterprise schema and roles; line 6: "Replace" and the string "False"; line 9: "Replace".
    for (const n of [3, 4, 6, 9]) {
      expect(line(n).idp, `line ${n}`).toBe('entra')
      expect(line(n).idpEvidence, `line ${n}`).toBe('shape')
    }
    // A lookup has no shape: it is left for inference from the other requests (see the timelines tests).
    expect(line(10).idp).toBe('other')
    expect(line(10).idpEvidence).toBe('none')
  })

  it('parse the lookup filters', () => {
    expect(line(1).body.filter).toEqual({
      raw: 'userName eq "jane.doe@acme.example"',
      attribute: 'userName',
      operator: 'eq',
      value: 'jane.doe@acme.example',
      supported: true,
    })
    expect(line(1).body.extra).toEqual({ startIndex: '1', count: '100' })
    expect(line(10).body.filter).toMatchObject({
      attribute: 'externalId',
      operator: 'eq',
      value: 'b7e0d4c2-9f8a-4a1b-8c3d-2e1f0a9b8c7d',
      supported: true,
    })
  })

  it('decode the Okta create body, with the password filtered', () => {
    const body = line(2).body
    expect(body.externalId).toBe('00u8k2j3h4G5f6D7s8a9')
    expect(body.userName).toBe('jane.doe@acme.example')
    expect(body.name).toEqual({ givenName: 'Jane', familyName: 'Doe' })
    expect(body.displayName).toBe('Jane Doe')
    expect(body.emails).toEqual([{ value: 'jane.doe@acme.example', type: 'work', primary: true }])
    expect(gitlabEmail(body)).toBe('jane.doe@acme.example')
    expect(body.active).toBe(true)
    expect(body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User'])
    expect(body.extra).toMatchObject({ locale: 'en-US', groups: [], password: '[FILTERED]' })
    expect(line(2).filteredKeys).toEqual(['password'])
  })

  it('decode the Entra create body', () => {
    const body = line(3).body
    expect(body.externalId).toBe(JOHN_UID)
    expect(body.userName).toBe('jsmith')
    expect(body.name).toEqual({ formatted: 'John Smith', familyName: 'Smith', givenName: 'John' })
    expect(body.schemas).toContain('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User')
    expect(body.extra).toMatchObject({ roles: [], meta: { resourceType: 'User' } })
    expect(line(3).filteredKeys).toEqual([])
  })

  it('read the Entra deprovision with the string "False" as active=false', () => {
    expect(line(6).body.operations).toEqual([{ op: 'Replace', path: 'active', value: 'False' }])
    expect(line(6).patch).toEqual({ active: false, ignored: [], droppedKeys: [], skippedOps: [] })
  })

  it('read the Okta path-less reactivation', () => {
    expect(line(8).body.operations).toEqual([{ op: 'replace', value: { active: true } }])
    expect(line(8).patch).toEqual({ active: true, ignored: [], droppedKeys: [], skippedOps: [] })
  })

  it('read the externalId change, with name.formatted ignored', () => {
    expect(line(9).patch).toEqual({
      externUid: 'john.smith@acme.example',
      ignored: [{ attribute: 'name.formatted', value: 'John Q. Smith' }],
      droppedKeys: [],
      skippedOps: [],
    })
  })
})
