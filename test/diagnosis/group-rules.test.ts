import { describe, expect, it } from 'vitest'
import {
  alarms,
  E,
  ENTRA_IP,
  ENTRA_UA,
  healthyEntra,
  healthyOkta,
  jane,
  john,
  mary,
  O,
  only,
  type Req,
  run,
  t,
} from './helpers.js'

describe('authentication-failure', () => {
  it('a 401 streak after successes: token regenerated, grouped into one finding', () => {
    const reqs: Req[] = [...healthyEntra(john).slice(0, 2)]
    for (let i = 0; i < 6; i++) reqs.push(E.lookup(t(100 + 40 * i), 'externalId', mary.uid, 401))
    const { diagnosis } = run(reqs)
    const findings = only(diagnosis, 'authentication-failure')
    expect(findings).toHaveLength(1)
    expect(findings[0]?.severity).toBe('error')
    expect(findings[0]?.title).toContain('regenerated')
    expect(findings[0]?.repeats?.count).toBe(6)
    expect(findings[0]?.docs).toMatch(/#invalid-credentials-error-when-testing-connection$/)
    expect(diagnosis.groupFindings).toContain(findings[0])
    // person rules do not re-report the 401s
    expect(diagnosis.all.filter((f) => f.rule !== 'authentication-failure')).toEqual([])
  })
  it('a 401 streak that ends with a success is a warning (resolved)', () => {
    const { diagnosis } = run([
      O.create(t(0), jane),
      O.lookup(t(10), 'x@acme.example', 401),
      O.lookup(t(20), 'y@acme.example'),
    ])
    const [finding] = only(diagnosis, 'authentication-failure')
    expect(finding?.severity).toBe('warning')
    expect(finding?.resolvedAt).toBeDefined()
    expect(finding?.docs).toMatch(/#error-authenticating-null-message-when-testing-api-scim-credentials$/)
  })
  it('404 for the group itself (creates and lists too): wrong path, ranked against no SAML and the dot', () => {
    const reqs: Req[] = [
      { ...E.lookup(t(0), 'externalId', john.uid, 404), group: 'acme.corp' },
      { ...E.create(t(1), john, 404), group: 'acme.corp' },
      { ...E.get(t(2), john.uid, 404), group: 'acme.corp' },
    ]
    const { diagnosis } = run(reqs)
    const [finding] = only(diagnosis, 'authentication-failure')
    expect(finding?.title).toContain('acme.corp')
    expect(finding?.candidates?.map((c) => c.cause).join(' ')).toContain('"."')
    expect(finding?.remedy.join(' ')).toContain('%2E')
    expect(only(diagnosis, 'stale-id-in-identity-provider')).toEqual([])
  })
  it('a 404 on one unknown user while the group works is not a group problem', () => {
    const { diagnosis } = run([...healthyEntra(john), E.get(t(5), mary.uid, 404)])
    expect(only(diagnosis, 'authentication-failure')).toEqual([])
    expect(only(diagnosis, 'stale-id-in-identity-provider')).toHaveLength(1)
  })
})

describe('unsupported-filter', () => {
  it('a filter on emails is rejected with 412 (one finding for all of them)', () => {
    const reqs = [
      E.lookup(t(0), 'emails[type eq "work"].value', john.email, 412),
      E.lookup(t(1), 'emails[type eq "work"].value', mary.email, 412),
    ]
    const { diagnosis } = run(reqs)
    const findings = only(diagnosis, 'unsupported-filter')
    expect(findings).toHaveLength(1)
    expect(findings[0]?.title).toContain('emails[type eq "work"].value eq')
    expect(findings[0]?.repeats?.count).toBe(2)
  })
  it('a value with a space is cut by GitLab (warning)', () => {
    const { diagnosis } = run([O.lookup(t(0), 'Jane Doe')])
    expect(only(diagnosis, 'unsupported-filter')[0]?.severity).toBe('warning')
  })
  it('userName eq and externalId eq are fine', () => {
    // John's lone GUID lookup is also in the pattern of a connection test (an info finding since issue #13 §6).
    const all = run([O.lookup(t(0), jane.email), E.lookup(t(1), 'externalId', john.uid)]).diagnosis.all
    expect(all.filter((f) => f.rule !== 'connection-test-probe')).toEqual([])
  })
})

describe('group-provisioning-enabled', () => {
  it('requests to /Groups', () => {
    const groupPush: Req = {
      time: t(5),
      method: 'POST',
      path: 'Groups',
      status: 404,
      params: { displayName: 'Engineering' },
      ua: ENTRA_UA,
      ip: ENTRA_IP,
    }
    const { diagnosis } = run([...healthyEntra(john), groupPush, { ...groupPush, time: t(45) }])
    const [finding] = only(diagnosis, 'group-provisioning-enabled')
    expect(finding?.docs).toMatch(
      /#failed-to-match-an-entry-in-the-source-and-target-systems-group-group-name-error$/,
    )
    expect(finding?.repeats?.count).toBe(2)
    expect(only(diagnosis, 'authentication-failure')).toEqual([])
  })
  it('no /Groups requests, no finding', () => {
    expect(only(run(healthyEntra(john)).diagnosis, 'group-provisioning-enabled')).toEqual([])
  })
})

describe('scim-app-changed', () => {
  it('Okta until a date, Entra after: the app changed', () => {
    const { diagnosis } = run([
      ...healthyOkta(jane),
      O.create(t(1), { uid: '00u0000000000000aaaa', email: 'a@acme.example' }),
      E.create(t(2000), john),
      E.create(t(2001), { ...mary }),
    ])
    const [finding] = only(diagnosis, 'scim-app-changed')
    expect(finding?.title).toContain('Okta until')
    expect(finding?.docs).toMatch(/#change-scim-app$/)
  })
  it('many people re-created under new ids', () => {
    const people = ['a', 'b', 'c'].map((n, i) => ({
      uid: `00u${n}000000000000${i}`,
      email: `${n}@acme.example`,
    }))
    const reqs = people.flatMap((p, i) => [
      O.create(t(i), p),
      O.create(t(500 + i), { ...p, uid: `00u${i}NEWNEWNEWNEW` }, 409),
    ])
    const { diagnosis } = run(reqs)
    expect(only(diagnosis, 'scim-app-changed')[0]?.title).toContain('3 of 3 people')
    expect(only(diagnosis, 'user-already-taken')).toHaveLength(3)
  })
  it('one provider all along: nothing', () => {
    expect(only(run([...healthyOkta(jane)]).diagnosis, 'scim-app-changed')).toEqual([])
  })
})

describe('entra-matching-attribute', () => {
  it('Entra looks people up by userName first', () => {
    const { diagnosis } = run([E.lookup(t(0), 'userName', 'jsmith'), E.create(t(0.1), john)])
    expect(only(diagnosis, 'entra-matching-attribute')[0]?.title).toContain('userName')
  })
  it('a userName lookup right after an externalId lookup is a lower precedence: fine', () => {
    const { diagnosis } = run([
      E.lookup(t(0), 'externalId', john.uid),
      E.lookup(t(0.05), 'userName', 'jsmith'),
      E.create(t(0.1), john),
    ])
    expect(alarms(diagnosis)).toEqual([])
  })
})

describe('put-not-supported and unsupported-endpoint', () => {
  it('Okta profile pushes as PUT are rejected', () => {
    const { diagnosis } = run([...healthyOkta(jane), O.put(t(30), jane), O.put(t(31), jane, 405)])
    expect(only(diagnosis, 'put-not-supported')).toHaveLength(1)
    expect(only(diagnosis, 'stale-id-in-identity-provider')).toEqual([])
    expect(only(diagnosis, 'unexplained-failure')).toEqual([])
  })
  it('discovery endpoints are info only', () => {
    const probe: Req = { time: t(0), method: 'GET', path: 'ServiceProviderConfig', status: 404 }
    const { diagnosis } = run([probe, ...healthyOkta(jane, 1)])
    expect(only(diagnosis, 'unsupported-endpoint')[0]?.severity).toBe('info')
    expect(alarms(diagnosis)).toEqual([])
  })
})

describe('unexplained-failure', () => {
  it('a failure no rule explains is still reported', () => {
    const { diagnosis } = run([O.create(t(0), jane), O.active(t(10), jane.uid, false, 400)])
    expect(only(diagnosis, 'unexplained-failure')[0]?.severity).toBe('warning')
  })
})
