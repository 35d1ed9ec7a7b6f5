import { describe, expect, it } from 'vitest'
import { EVIDENCE_HEAD } from '../../src/diagnosis/findings.js'
import { bob, carl, E, jane, john, O, only, type Req, run, t } from './helpers.js'

const peter = {
  uid: '00uPETER0000000000aa',
  email: 'peter.gregory@acme.example',
  given: 'Peter',
  family: 'Gregory',
}

describe('412 on create with no history: ranked candidates, never a confident wrong answer', () => {
  it('same domain as the successes: "not linked to SAML" is the best guess, domain ranked low', () => {
    const { diagnosis } = run([O.create(t(0), jane), O.create(t(1), bob), O.create(t(2), peter, 412)])
    const [finding] = only(diagnosis, 'inactive-or-unlinked-identity')
    expect(finding?.title).toContain('best guess')
    expect(finding?.title).toContain('not linked to SAML')
    const causes = finding?.candidates ?? []
    expect(causes[0]?.rule).toBe('inactive-or-unlinked-identity')
    const domain = causes.find((c) => c.rule === 'email-domain-not-allowed')
    expect(domain?.against.join(' ')).toContain('acme.example')
    for (let i = 1; i < causes.length; i++)
      expect(causes[i - 1]?.likelihood ?? 0).toBeGreaterThanOrEqual(causes[i]?.likelihood ?? 0)
    for (const c of causes) expect(c.check).not.toBe('')
  })
  it('a domain nobody else was provisioned with: domain first, not linked second, still a best guess', () => {
    const { diagnosis } = run([O.create(t(0), jane), O.create(t(1), bob), O.create(t(2), carl, 412)])
    const [finding] = only(diagnosis, 'email-domain-not-allowed')
    expect(finding?.title).toContain('best guess')
    expect(finding?.candidates?.[1]?.rule).toBe('inactive-or-unlinked-identity')
    expect(finding?.why).toContain('next:')
  })
  it('no successes to compare and no --allowed-domains: not linked vs domain, both named', () => {
    const { diagnosis } = run([O.create(t(0), carl, 412)])
    const [finding] = diagnosis.all
    expect(finding?.title).toContain('best guess')
    expect(finding?.candidates?.map((c) => c.rule)).toEqual(
      expect.arrayContaining(['inactive-or-unlinked-identity', 'email-domain-not-allowed']),
    )
  })
  it('--allowed-domains settles it: the domain is outside the list', () => {
    const { diagnosis } = run([O.create(t(0), carl, 412)], { allowedDomains: ['acme.example'] })
    expect(only(diagnosis, 'email-domain-not-allowed')[0]?.title).not.toContain('best guess')
  })
  it('exactly one of the three 412 rules reports each run', () => {
    const { diagnosis } = run([O.create(t(0), jane), O.create(t(2), carl, 412)])
    const ids = ['email-domain-not-allowed', 'inactive-or-unlinked-identity', 'missing-required-attributes']
    expect(diagnosis.all.filter((f) => ids.includes(f.rule))).toHaveLength(1)
  })
})

describe('retries are grouped', () => {
  it('Entra retrying a 409 every 40 minutes: one finding, repeats and bounded evidence', () => {
    const newId = 'b7e0d4c2-9f8a-4a1b-8c3d-2e1f0a9b8c7d'
    const reqs: Req[] = [E.create(t(0), john)]
    for (let i = 0; i < 8; i++) reqs.push(E.create(t(60 + 40 * i), { ...john, uid: newId }, 409))
    const { diagnosis } = run(reqs)
    const findings = only(diagnosis, 'user-already-taken')
    expect(findings).toHaveLength(1)
    const [finding] = findings
    expect(finding?.repeats).toEqual({ count: 8, first: t(60), last: t(60 + 40 * 7) })
    const failures = finding?.evidence.filter((r) => r.status === 409) ?? []
    expect(failures).toHaveLength(EVIDENCE_HEAD + 1)
    expect(failures[failures.length - 1]?.time).toBe(t(60 + 40 * 7))
    expect(finding?.evidence[0]?.status).toBe(201) // the earlier identity comes first
  })
  it('a success between failures starts a new run', () => {
    const { diagnosis } = run([
      O.create(t(0), jane, 503),
      O.create(t(1), jane),
      O.active(t(2), jane.uid, false, 503),
      O.active(t(3), jane.uid, false, 503),
    ])
    const findings = only(diagnosis, 'server-error')
    expect(findings).toHaveLength(2)
    expect(findings.find((f) => f.repeats)?.repeats?.count).toBe(2)
  })
  it('findings are sorted worst first, then by time', () => {
    const { diagnosis } = run([
      E.create(t(0), john),
      E.ops(t(10), john.uid, [{ op: 'Replace', path: 'name.formatted', value: 'J S' }]),
      O.create(t(20), carl, 412),
    ])
    expect(diagnosis.all.map((f) => f.severity)).toEqual(['error', 'info'])
    expect(diagnosis.byPerson.size).toBe(2)
  })
})
