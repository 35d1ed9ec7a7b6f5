import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/common/errors.js'
import {
  crossCheck,
  parseIdentities,
  parseSamlIdentities,
  parseScimIdentities,
} from '../../../src/diagnosis/rules/identity-crosscheck/cross-check.js'
import { E, healthyEntra, john, mary, run, t } from '../helpers.js'

const { timelines } = run([...healthyEntra(john), E.create(t(2), mary), E.disable(t(3000), mary.uid)])

describe('parsing the identity API files', () => {
  it('reads GET /groups/:id/scim/identities and /saml/identities output', () => {
    expect(parseScimIdentities('[{"extern_uid":"a","user_id":1,"active":true}]')).toEqual([
      { extern_uid: 'a', user_id: 1, active: true },
    ])
    expect(parseSamlIdentities('[{"extern_uid":"a","user_id":"2","saml_provider_id":7}]')).toEqual([
      { extern_uid: 'a', user_id: 2, saml_provider_id: 7 },
    ])
    expect(parseIdentities('[]', 'saml', 'x.json')).toEqual([])
  })
  it('throws InputError with a clear message on malformed files', () => {
    expect(() => parseScimIdentities('{oops', 'scim.json')).toThrow(InputError)
    expect(() => parseScimIdentities('{oops', 'scim.json')).toThrow(/scim\.json: not valid JSON/)
    expect(() => parseScimIdentities('{"a":1}', 'scim.json')).toThrow(/expected a JSON array/)
    expect(() => parseScimIdentities('[{"user_id":1,"active":true}]', 's')).toThrow(
      /item 1 has no "extern_uid"/,
    )
    expect(() => parseScimIdentities('[{"extern_uid":"a","user_id":1,"saml_provider_id":3}]', 's')).toThrow(
      /looks like SAML identities/,
    )
    expect(() => parseSamlIdentities('[{"extern_uid":"a","user_id":"x"}]', 's')).toThrow(/integer "user_id"/)
  })
})

describe('crossCheck', () => {
  it('consistent files give no finding', () => {
    const scim = [
      { extern_uid: john.uid, user_id: 1, active: true },
      { extern_uid: mary.uid, user_id: 2, active: false },
    ]
    const saml = [
      { extern_uid: john.uid, user_id: 1 },
      { extern_uid: mary.uid, user_id: 2 },
    ]
    expect(crossCheck(timelines, scim, saml)).toEqual([])
  })
  it('SCIM extern_uid and SAML NameId differ for one user: identity-mismatch on that person', () => {
    const scim = [{ extern_uid: john.uid, user_id: 1, active: true }]
    const saml = [{ extern_uid: 'john.smith@acme.example', user_id: 1 }]
    const findings = crossCheck(timelines, scim, saml).filter((f) => f.rule === 'identity-mismatch')
    expect(findings).toHaveLength(1)
    expect(findings[0]?.personKey).toBe(timelines.people.find((p) => p.externUids.includes(john.uid))?.key)
    expect(findings[0]?.remedy.join(' ')).toContain(`/api/v4/groups/acme-corp/scim/${john.uid}`)
  })
  it('the log disagrees with what GitLab stores', () => {
    const scim = [
      { extern_uid: 'someone-else', user_id: 1, active: true },
      { extern_uid: mary.uid, user_id: 2, active: true },
    ]
    const rules = crossCheck(timelines, scim, undefined).map((f) => `${f.rule}:${f.severity}`)
    expect(rules).toContain('identity-missing-in-gitlab:error') // john is live, his id is not stored
    expect(rules).toContain('identity-state-mismatch:warning') // mary deactivated in the log, active in GitLab
  })
  it('stored inactive while the log says active is an error; a missing SAML identity a warning', () => {
    const maryStored = { extern_uid: mary.uid, user_id: 2, active: false }
    const scim = [{ extern_uid: john.uid, user_id: 1, active: false }, maryStored]
    const findings = crossCheck(timelines, scim, [])
    expect(findings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['identity-state-mismatch:error'])
    const active = crossCheck(timelines, [{ extern_uid: john.uid, user_id: 1, active: true }, maryStored], [])
    expect(active.map((f) => f.rule)).toEqual(['saml-identity-missing'])
  })
})
