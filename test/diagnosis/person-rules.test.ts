import { describe, expect, it } from 'vitest'
import {
  alarms,
  bob,
  carl,
  E,
  healthyEntra,
  healthyOkta,
  jane,
  john,
  O,
  only,
  rules,
  run,
  t,
} from './helpers.js'

describe('user-already-taken', () => {
  it('409 on create after an identity under another id: names the held id and the fix', () => {
    const { diagnosis } = run([
      ...healthyEntra(john).slice(0, 2),
      E.create(t(60), { ...john, uid: 'b7e0d4c2-9f8a-4a1b-8c3d-2e1f0a9b8c7d' }, 409),
    ])
    const [finding] = only(diagnosis, 'user-already-taken')
    expect(finding?.severity).toBe('error')
    expect(finding?.title).toContain(john.uid)
    expect(finding?.errorText).toContain('User has already been taken')
    expect(finding?.docs).toMatch(/#scim-app-returns-user-has-already-been-taken-status409-error$/)
    expect(finding?.remedy.join(' ')).toContain(`/api/v4/groups/acme-corp/scim/${john.uid}`)
    expect(finding?.evidence.map((r) => r.status)).toEqual([201, 409])
  })
  it('does not fire when the second create reuses the same id', () => {
    const { diagnosis } = run([...healthyEntra(john).slice(0, 2), E.create(t(60), john, 201)])
    expect(only(diagnosis, 'user-already-taken')).toEqual([])
    expect(alarms(diagnosis)).toEqual([])
  })
})

describe('inactive-or-unlinked-identity', () => {
  it('412 on create after deactivation: the inactive identity, with reactivation as the fix', () => {
    const { diagnosis } = run([
      O.create(t(0), jane),
      O.active(t(100), jane.uid, false),
      O.create(t(200), { ...jane, uid: '00uNEW1a2b3c4d5e6f7g' }, 412),
    ])
    const [finding] = only(diagnosis, 'inactive-or-unlinked-identity')
    expect(finding?.severity).toBe('error')
    expect(finding?.title).toContain('inactive')
    expect(finding?.title).not.toContain('best guess')
    expect(finding?.remedy.join(' ')).toContain(`PATCH /api/scim/v2/groups/acme-corp/Users/${jane.uid}`)
    expect(finding?.confirm.join(' ')).toContain('Okta System Log')
    expect(finding?.errorText).toContain('inactive SCIM identity')
    expect(finding?.candidates?.[0]?.rule).toBe('inactive-or-unlinked-identity')
  })
  it('no finding when the person is reactivated instead of re-created', () => {
    const { diagnosis } = run([
      O.create(t(0), jane),
      O.active(t(100), jane.uid, false),
      O.active(t(200), jane.uid, true),
    ])
    expect(diagnosis.all).toEqual([])
  })
})

describe('missing-required-attributes', () => {
  it('412 on an Entra create without name parts', () => {
    const { diagnosis } = run([E.create(t(0), john, 412, null)])
    const [finding] = only(diagnosis, 'missing-required-attributes')
    expect(finding?.title).toContain('name')
    expect(finding?.docs).toMatch(/#field-cant-be-blank-sync-error$/)
    expect(finding?.errorText).toContain("Name can't be blank")
    expect(finding?.remedy.join(' ')).toContain('name.formatted')
  })
  it('412 on a create without any work or primary email', () => {
    const { diagnosis } = run([O.create(t(0), jane, 412, { emails: [{ value: jane.email, type: 'home' }] })])
    const [finding] = only(diagnosis, 'missing-required-attributes')
    expect(finding?.title).toContain('email')
    expect(finding?.errorText).toContain('Missing params: [:email]')
  })
  it('a complete create that succeeds is fine', () => {
    expect(run([E.create(t(0), john)]).diagnosis.all).toEqual([])
  })
})

describe('email-domain-not-allowed', () => {
  it('uses --allowed-domains when given', () => {
    const { diagnosis } = run([O.create(t(0), carl, 412)], { allowedDomains: ['acme.example'] })
    const [finding] = only(diagnosis, 'email-domain-not-allowed')
    expect(finding?.title).toContain('partner.example')
    expect(finding?.title).not.toContain('best guess')
    expect(finding?.docs).toMatch(/#the-members-email-address-is-not-allowed-for-this-group$/)
  })
  it('without the option, compares with the domains provisioned in the group, as a best guess', () => {
    const { diagnosis } = run([O.create(t(0), jane), O.create(t(1), bob), O.create(t(2), carl, 412)])
    const [finding] = only(diagnosis, 'email-domain-not-allowed')
    expect(finding?.title).toContain('best guess')
    expect(finding?.candidates?.[0]?.for.join(' ')).toContain('acme.example')
  })
  it('does not blame the domain when it is allowed', () => {
    const { diagnosis } = run([O.create(t(0), jane), O.create(t(2), bob, 412)], {
      allowedDomains: ['acme.example'],
    })
    expect(only(diagnosis, 'email-domain-not-allowed')).toEqual([])
    expect(only(diagnosis, 'inactive-or-unlinked-identity')).toHaveLength(1)
  })
})

describe('re-added-after-removal', () => {
  it('since 2023-08-11: a rejected re-create explains the lifecycle (info; the 412 itself is the error)', () => {
    const { diagnosis } = run([
      O.create(t(0), jane),
      O.active(t(100), jane.uid, false),
      O.create(t(200), { ...jane, uid: '00uNEW1a2b3c4d5e6f7g' }, 412),
    ])
    const [finding] = only(diagnosis, 're-added-after-removal')
    expect(finding?.severity).toBe('info')
    expect(only(diagnosis, 'inactive-or-unlinked-identity')[0]?.severity).toBe('error')
    expect(finding?.remedy.join(' ')).toContain('PATCH active=true')
    expect(finding?.why).toContain('Since 2023-08-11')
    expect(finding?.docs).toMatch(/#user-cannot-be-added-after-they-are-removed$/)
  })
  it('since 2023-08-11: a successful re-add is info (SAML identity kept)', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.disable(t(100), john.uid),
      E.create(t(200), john, 201),
    ])
    const [finding] = only(diagnosis, 're-added-after-removal')
    expect(finding?.severity).toBe('info')
    expect(alarms(diagnosis)).toEqual([])
  })
  it('before 2023-08-11: the SAML identity was destroyed, the user must relink (even after a reactivation)', () => {
    const base = '2023-06-01T09:00:00.000Z'
    const { diagnosis } = run([
      E.create(t(0, base), john),
      E.disable(t(100, base), john.uid),
      E.enable(t(200, base), john.uid),
    ])
    const [finding] = only(diagnosis, 're-added-after-removal')
    expect(finding?.severity).toBe('warning')
    expect(finding?.title).toContain('before 2023-08-11')
    expect(finding?.remedy.join(' ')).toContain('/groups/acme-corp/-/saml/sso')
  })
  it('the 2023-08-11 split: the same reactivation after a later removal is healthy', () => {
    const base = '2023-08-11T00:00:00.000Z'
    const { diagnosis } = run([
      E.create(t(-60, base), john),
      E.disable(t(0, base), john.uid),
      E.enable(t(200, base), john.uid),
    ])
    expect(diagnosis.all).toEqual([])
  })
})

describe('extern-uid-changed', () => {
  it('a PATCH of externalId: sign-in breaks unless the NameId follows', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.ops(t(60), john.uid, [{ op: 'Replace', path: 'externalId', value: 'john.smith@acme.example' }]),
    ])
    const [finding] = only(diagnosis, 'extern-uid-changed')
    expect(finding?.severity).toBe('warning')
    expect(finding?.title).toContain(`${john.uid} → john.smith@acme.example`)
    expect(finding?.why).toContain('mapping probably changed')
    expect(finding?.docs).toMatch(/#mismatched-scim-extern_uid-and-saml-nameid$/)
  })
  it('a PATCH that sets the same externalId is not a change', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.ops(t(60), john.uid, [{ op: 'Replace', path: 'externalId', value: john.uid }]),
    ])
    expect(only(diagnosis, 'extern-uid-changed')).toEqual([])
  })
})

describe('last-owner-deprovision', () => {
  it('DELETE 412: the last owner', () => {
    const { diagnosis } = run([E.create(t(0), john), E.remove(t(60), john.uid, 412)])
    const [finding] = only(diagnosis, 'last-owner-deprovision')
    expect(finding?.severity).toBe('error')
    expect(finding?.errorText).toContain('Cannot remove last group owner')
    expect(finding?.candidates).toBeUndefined()
  })
  it('PATCH active=false 412: a best guess with candidates', () => {
    const { diagnosis } = run([E.create(t(0), john), E.disable(t(60), john.uid, 412)])
    const [finding] = only(diagnosis, 'last-owner-deprovision')
    expect(finding?.title).toContain('best guess')
    expect(finding?.candidates?.length).toBe(2)
  })
  it('a successful DELETE is healthy', () => {
    expect(run([E.create(t(0), john), E.remove(t(60), john.uid)]).diagnosis.all).toEqual([])
  })
})

describe('ignored-attribute-update', () => {
  it('an Entra name change answered 204 is explained as ignored (info)', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.ops(t(60), john.uid, [{ op: 'Replace', path: 'name.formatted', value: 'John Q. Smith' }]),
    ])
    const [finding] = only(diagnosis, 'ignored-attribute-update')
    expect(finding?.severity).toBe('info')
    expect(finding?.why).toContain('"John Smith"')
  })
  it('an ignored email change is a warning (the emails must match)', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.ops(t(60), john.uid, [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'j.smith@acme.example' },
      ]),
    ])
    expect(only(diagnosis, 'ignored-attribute-update')[0]?.severity).toBe('warning')
  })
  it('an update to the value GitLab already holds is not reported', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.ops(t(60), john.uid, [{ op: 'Replace', path: 'name.formatted', value: 'John Smith' }]),
    ])
    expect(diagnosis.all).toEqual([])
  })
})

describe('stale-id-in-identity-provider', () => {
  it('PATCH on the old id after a rename: error, deprovision not applied', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.ops(t(60), john.uid, [{ op: 'Replace', path: 'externalId', value: 'john.smith@acme.example' }]),
      E.disable(t(120), john.uid, 404),
    ])
    const [finding] = only(diagnosis, 'stale-id-in-identity-provider')
    expect(finding?.severity).toBe('error')
    expect(finding?.title).toContain('old id')
    expect(finding?.title).toContain('deprovision was not applied')
  })
  it('a GET on an unknown id is a warning', () => {
    const { diagnosis } = run([
      E.create(t(0), mary()),
      E.get(t(10), 'ffffffff-0000-4000-8000-000000000000', 404),
    ])
    expect(only(diagnosis, 'stale-id-in-identity-provider')[0]?.severity).toBe('warning')
  })
  it('a GET on a known id is fine', () => {
    expect(run([E.create(t(0), john), E.get(t(10), john.uid)]).diagnosis.all).toEqual([])
  })
})

describe('first-key-only-patch', () => {
  it('a path-less op whose active key is not first loses the deactivation', () => {
    const { diagnosis } = run([
      O.create(t(0), jane),
      O.patch(t(60), jane.uid, { displayName: 'Jane D', active: false }),
    ])
    const [finding] = only(diagnosis, 'first-key-only-patch')
    expect(finding?.severity).toBe('error')
    expect(finding?.title).toContain('not deactivated')
  })
  it('several ignorable keys only: info', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.ops(t(60), john.uid, [{ op: 'replace', value: { displayName: 'J', 'name.givenName': 'Jo' } }]),
    ])
    expect(only(diagnosis, 'first-key-only-patch')[0]?.severity).toBe('info')
  })
  it('a single-key path-less op is healthy', () => {
    expect(run(healthyOkta(jane)).diagnosis.all).toEqual([])
  })
})

describe('unintended-reactivation', () => {
  it('an attribute update after a deprovision reactivates the identity', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.disable(t(60), john.uid),
      E.ops(t(120), john.uid, [{ op: 'Replace', path: 'displayName', value: 'Johnny' }]),
    ])
    expect(only(diagnosis, 'unintended-reactivation')[0]?.severity).toBe('warning')
  })
  it('an explicit reactivation is not flagged', () => {
    expect(rules(run(healthyEntra(john)).diagnosis)).toEqual([])
  })
})

describe('server-error, no-response, rate-limited', () => {
  it('a 500 on create that succeeded on retry is info; an unresolved one is an error', () => {
    const resolved = run([E.create(t(0), john, 500), E.create(t(40), john)]).diagnosis
    expect(only(resolved, 'server-error')[0]?.severity).toBe('info')
    const open = run([E.create(t(0), john, 503)]).diagnosis
    expect(only(open, 'server-error')[0]?.severity).toBe('error')
  })
  it('"fail" and 429', () => {
    expect(rules(run([O.create(t(0), jane, 'fail' as unknown as number)]).diagnosis)).toEqual(['no-response'])
    expect(rules(run([O.lookup(t(0), jane.email, 429)]).diagnosis)).toEqual(['rate-limited'])
  })
})

function mary() {
  return { uid: 'a1b2c3d4-1111-4e5f-9a0b-1c2d3e4f5a6b', email: 'mary.major@acme.example', userName: 'mmajor' }
}
