/**
 * Issue #13 §3: the GitLab version a log came from. The era is inferred from the log's own evidence (or
 * given), the rules of other versions do not run, GitLab before 15.0 and before 13.0 are modelled where
 * they differed, and no remedy names what the version lacks.
 */
import { describe, expect, it } from 'vitest'
import { Scenario } from '../../samples/generator/dsl.js'
import { entra, okta } from '../../samples/generator/idp.js'
import { toGitLab12 } from '../../samples/generator/versions.js'
import { diagnose } from '../../src/diagnosis/index.js'
import type { Finding } from '../../src/diagnosis/types.js'
import { formatVersion, parseVersion } from '../../src/diagnosis/versions/gitlab.js'
import {
  describeEra,
  type GitLabEra,
  inferEra,
  LATEST,
  timelineOptions,
} from '../../src/diagnosis/versions/infer.js'
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { loadRecords } from '../pipeline/load.js'

function recordsOf(docs: readonly Record<string, unknown>[]): ScimRecord[] {
  const out: ScimRecord[] = []
  docs.forEach((doc, i) => {
    const result = normalise(JSON.parse(JSON.stringify(doc)), { source: 'api_json.log', line: i + 1 })
    if (result.kind === 'scim') out.push(result.record)
  })
  return out
}

function findings(records: ScimRecord[], era: GitLabEra = inferEra(records)): Finding[] {
  return diagnose(buildTimelines(records, timelineOptions(era)), { gitlab: era }).all
}

const v = (text: string) => parseVersion(text) as number

describe('GitLab versions', () => {
  it('parses major.minor with optional patch, v prefix and edition, and nothing else', () => {
    expect(parseVersion('15.5')).toBe(1505)
    expect(parseVersion('v14.10.2')).toBe(1410)
    expect(parseVersion('16.11.3-ee')).toBe(1611)
    for (const bad of ['15', 'fifteen', '15.x', '1.2.3.4', '', '15.100'])
      expect(parseVersion(bad), bad).toBeUndefined()
    expect(formatVersion(1410)).toBe('14.10')
  })
})

describe('the era a log shows', () => {
  it('GitLab 12.x lines: timings in milliseconds and 2019 dates say before 13.0', async () => {
    const { records } = await loadRecords(['samples/versions/gitlab-12-healthy.log'])
    const era = inferEra(records)
    expect(era.range).toEqual({ before: v('13.0') })
    expect(era.evidence.map((e) => e.kind)).toEqual(['timing-fields', 'dates'])
    expect(describeEra(era)).toBe('GitLab before 13.0 (inferred)')
  })

  it('a 2021 GitLab.com log with duration_s: 13.0 to before 15.0', async () => {
    const { records } = await loadRecords(['samples/versions/gitlab-14-healthy.log'])
    const era = inferEra(records)
    expect(era.range).toEqual({ since: v('13.0'), before: v('15.0') })
    expect(era.assumed).toBeLessThan(v('15.0'))
  })

  it('the identity API in the log means 15.5 or later; a 2024 log assumes the newest behaviour', async () => {
    const { records } = await loadRecords(['samples/errors/identity-api.log'])
    const era = inferEra(records)
    expect(era.evidence.find((e) => e.kind === 'identity-api')?.range).toEqual({ since: v('15.5') })
    expect(era.assumed).toBe(LATEST)
  })

  it('a version given wins, and the evidence it contradicts is kept to be shown', async () => {
    const { records } = await loadRecords(['samples/versions/gitlab-12-healthy.log'])
    const era = inferEra(records, v('16.0'))
    expect(era.assumed).toBe(v('16.0'))
    expect(era.conflicts.map((e) => e.kind)).toEqual(['timing-fields', 'dates'])
    expect(describeEra(era)).toBe('GitLab 16.0 (--gitlab-version)')
  })

  it('a log across the change to duration_s bounds nothing by its fields', () => {
    const s = new Scenario({ name: 'upgrade', group: 'hooli', idp: okta, start: '2024-01-08T09:00:00Z' })
    const a = s.person('Gavin', 'Belson')
    s.lookup(a).create(a)
    const docs = s.docs.map((doc, i) => (i === 0 ? toGitLab12(doc) : doc))
    const era = inferEra(recordsOf(docs))
    expect(era.evidence.find((e) => e.kind === 'timing-fields')?.range).toEqual({})
  })
})

describe('GitLab before 15.0', () => {
  function emailChange(status: number) {
    const s = new Scenario({ name: 'email-14', group: 'hooli', idp: entra, start: '2021-03-01T09:00:00Z' })
    const a = s.person('Peter', 'Gregory')
    s.lookup(a).create(a)
    s.wait('1d').patch(a, [entra.replaceOp('emails[type eq "work"].value', 'peter@hooli.example')], {
      status,
    })
    return recordsOf(s.docs)
  }

  it('a PATCH of the email changed it: no ignored-attribute-update (which today fires)', () => {
    const records = emailChange(204)
    expect(findings(records).map((f) => f.rule)).toEqual([])
    expect(findings(records, inferEra(records, v('15.0'))).map((f) => f.rule)).toEqual([
      'ignored-attribute-update',
    ])
  })

  it('the timeline applies that email (the account has it), and from 15.0 notes it as ignored', () => {
    const records = emailChange(204)
    const old = buildTimelines(records, timelineOptions(inferEra(records))).people[0]
    expect(old?.attributes.email?.value).toBe('peter@hooli.example')
    expect(old?.attributes.email?.from).toBe('PATCH emails[type eq "work"].value (before 15.0)')
    expect(old?.timeline[2]?.effect).toBe('email set to "peter@hooli.example"')
    const now = buildTimelines(records, timelineOptions(inferEra(records, v('15.0')))).people[0]
    expect(now?.attributes.email?.value).toBe('peter.gregory@hooli.example')
    expect(now?.attributes.email?.ignored.map((c) => c.why)).toEqual(['ignored-since-15.0'])
  })

  it('a 409 on that PATCH is "Email has already been taken", not an unexplained failure', () => {
    const records = emailChange(409)
    const found = findings(records)
    expect(found.map((f) => f.rule)).toEqual(['email-already-taken'])
    expect(found[0]?.title).toContain('"peter@hooli.example"')
    expect(found[0]?.errorText).toBe('Email has already been taken')
    // Given a version from 15.0, that rule does not apply.
    expect(findings(records, inferEra(records, v('15.0'))).map((f) => f.rule)).toEqual([
      'unexplained-failure',
    ])
  })
})

describe('GitLab before 13.0', () => {
  function reactivation(start: string) {
    const s = new Scenario({ name: 'destroyed', group: 'hooli', idp: okta, start })
    const a = s.person('Denpok', 'Heeshma')
    s.lookup(a).create(a).wait('1d').deactivate(a).wait('2d').reactivate(a, { status: 404 })
    return recordsOf(s.docs.map(toGitLab12))
  }

  it('PATCH active=true on a deprovisioned id 404s because the identity was destroyed; no stale-id', () => {
    const found = findings(reactivation('2019-06-03T09:00:00Z'))
    expect(found.map((f) => f.rule)).toEqual(['deprovision-destroyed-identity'])
    expect(found[0]?.severity).toBe('error')
    expect(found[0]?.remedy.join(' ')).toMatch(/unassign the user from the GitLab app and assign them again/)
  })

  it('from 13.0 the same 404 is a stale id (the identity survived deprovisioning)', () => {
    const records = reactivation('2019-06-03T09:00:00Z')
    expect(findings(records, inferEra(records, v('13.0'))).map((f) => f.rule)).toEqual([
      'stale-id-in-identity-provider',
    ])
  })

  it('a re-create after the 404 resolves it (info)', () => {
    const s = new Scenario({ name: 'recreated', group: 'hooli', idp: okta, start: '2019-06-03T09:00:00Z' })
    const a = s.person('Denpok', 'Heeshma')
    s.lookup(a).create(a).wait('1d').deactivate(a).wait('2d').reactivate(a, { status: 404 })
    s.wait('1h').lookup(a).create(a)
    const found = findings(recordsOf(s.docs.map(toGitLab12))).filter(
      (f) => f.rule === 'deprovision-destroyed-identity',
    )
    expect(found.map((f) => f.severity)).toEqual(['info'])
  })
})

describe('remedies for the version', () => {
  it('before 15.5 a clash is fixed through SCIM, not the identity API; from 15.5 the identity API is named', async () => {
    const { records } = await loadRecords(['samples/errors/user-already-taken.log'])
    const taken = (era: GitLabEra) =>
      findings(records, era).find((f) => f.rule === 'user-already-taken') as Finding
    const old = taken(inferEra(records, v('15.4')))
    const steps = [...old.remedy, ...old.confirm].join('\n')
    expect(steps).not.toMatch(/\/api\/v4\/groups\/[^/]+\/scim/)
    expect(steps).toMatch(
      /PATCH \/api\/scim\/v2\/groups\/endframe\/Users\/\S+ with \{"Operations":\[\{"op":"replace","path":"externalId"/,
    )
    const now = taken(inferEra(records, v('15.5')))
    expect([...now.remedy, ...now.confirm].join('\n')).toMatch(/\/api\/v4\/groups\/endframe\/scim\//)
  })
})
