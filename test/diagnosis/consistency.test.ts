/**
 * Issue #13 §7: no finding's text contradicts the timeline it comes from. Every rule runs over every
 * sample and over a generated corpus of random lifecycles, and the report is checked against itself:
 * - an id a finding calls never provisioned has no successful create in the log;
 * - a confirm step never expects an id the same report calls stale (an unresolved 404) or deleted
 *   (a successful DELETE with nothing after it) to be live: it may only expect its 404;
 * - no remedy, confirm step or candidate check names an endpoint or option the GitLab version lacks (the
 *   SCIM identity and SAML APIs before 15.5: `versions/adapt.ts`), for the version inferred from the log
 *   and for versions given as `--gitlab-version` would.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Scenario } from '../../samples/generator/dsl.js'
import { adminCurl, entra, okta } from '../../samples/generator/idp.js'
import { SCENARIO_SAMPLES } from '../../samples/generator/index.js'
import { Rng } from '../../samples/generator/prng.js'
import { toGitLab12 } from '../../samples/generator/versions.js'
import { diagnose } from '../../src/diagnosis/index.js'
import type { Finding } from '../../src/diagnosis/types.js'
import { lackingEndpoint } from '../../src/diagnosis/versions/adapt.js'
import { parseVersion } from '../../src/diagnosis/versions/gitlab.js'
import { type GitLabEra, inferEra, timelineOptions } from '../../src/diagnosis/versions/infer.js'
import { normalise } from '../../src/records/normalise.js'
import { type ScimRecord, succeeded } from '../../src/records/types.js'
import { buildTimelines } from '../../src/timelines/build.js'
import type { Timelines } from '../../src/timelines/types.js'
import { loadRecords, ROOT } from '../pipeline/load.js'

function recordsOf(docs: readonly Record<string, unknown>[], source: string): ScimRecord[] {
  const out: ScimRecord[] = []
  docs.forEach((doc, i) => {
    const result = normalise(JSON.parse(JSON.stringify(doc)), { source, line: i + 1 })
    if (result.kind === 'scim') out.push(result.record)
  })
  return out
}

/** A random lifecycle: creates, deprovisions, renames, lookups of old ids, hard deletes, stray ids. */
function randomScenario(seed: number, start = '2024-02-01T08:00:00Z'): Scenario {
  const rng = new Rng(seed)
  const idps = [okta, entra, adminCurl]
  const idp = idps[rng.int(0, 1)] ?? okta
  const s = new Scenario({
    name: `random-${seed}`,
    group: `corpus-${seed}`,
    idp,
    start,
    seed,
  })
  const people = Array.from({ length: rng.int(2, 5) }, (_, i) => s.person(`P${i}`, `Seed${seed}`))
  for (const p of people) s.wait('30s').lookup(p).create(p)
  for (let step = 0; step < 12; step++) {
    const p = people[rng.int(0, people.length - 1)]
    if (!p) continue
    s.wait(`${rng.int(1, 90)}m`)
    switch (rng.int(0, 7)) {
      case 0:
        s.deactivate(p)
        break
      case 1:
        s.reactivate(p)
        break
      case 2: {
        const old = p.externalId
        s.changeExternalId(p, idp.newExternalId(s.rng))
        s.wait('40m').get(null, { id: old, status: 404 })
        break
      }
      case 3:
        s.remove(p)
        s.wait('1h').get(null, { id: p.externalId, status: 404 })
        break
      case 4:
        s.patch(null, idp.activeOps(false), { id: idp.newExternalId(s.rng), status: 404 })
        break
      case 5:
        s.get(p)
        break
      case 6:
        s.use(idps[rng.int(0, 2)] ?? okta)
          .lookup(p)
          .use(idp)
        break
      default:
        s.create({ ...p, externalId: idp.newExternalId(s.rng) }, { status: 409 })
    }
  }
  return s
}

function idsIn(text: string): string[] {
  const ids: string[] = []
  for (const m of text.matchAll(/\/(?:Users|scim)\/([^\s?"'),;]+)/g)) {
    const raw = (m[1] ?? '').replace(/[.:]+$/, '')
    try {
      ids.push(decodeURIComponent(raw).toLowerCase())
    } catch {
      ids.push(raw.toLowerCase())
    }
  }
  return ids
}

/** Contradictions between the findings of one diagnosis and the records they come from. */
function contradictions(timelines: Timelines, findings: readonly Finding[], era?: GitLabEra): string[] {
  const problems: string[] = []
  if (era) {
    for (const f of findings) {
      const steps = [...f.remedy, ...f.confirm, ...(f.candidates ?? []).map((c) => c.check)]
      for (const step of steps) {
        const endpoint = lackingEndpoint(step, era)
        if (endpoint) problems.push(`${f.rule}: names ${endpoint}, which this GitLab lacks: ${step}`)
      }
    }
  }
  const records = timelines.records
  const created = new Set(
    records
      .filter((r) => r.action === 'create' && succeeded(r))
      .map((r) => `${r.scope}\u0000${(r.body.externalId ?? r.body.id ?? '').toLowerCase()}`),
  )
  const stale = new Set<string>()
  for (const f of findings) {
    if (f.rule !== 'stale-id-in-identity-provider' || f.resolvedAt) continue
    for (const r of f.evidence)
      if (r.status === 404 && r.scimId) stale.add(`${r.scope}\u0000${r.scimId.toLowerCase()}`)
  }
  const deleted = new Set<string>()
  for (const r of records) {
    if (r.method !== 'DELETE' || !succeeded(r) || !r.scimId) continue
    const id = r.scimId.toLowerCase()
    const later = records.some(
      (x) =>
        x.timeMs > r.timeMs &&
        x.scope === r.scope &&
        succeeded(x) &&
        (x.scimId?.toLowerCase() === id ||
          (x.action === 'create' && (x.body.externalId ?? x.body.id ?? '').toLowerCase() === id)),
    )
    if (!later) deleted.add(`${r.scope}\u0000${id}`)
  }
  for (const f of findings) {
    const scope = f.scope ?? ''
    if (/never provisioned/i.test(`${f.title} ${f.why}`)) {
      for (const r of f.evidence) {
        if (r.scimId && created.has(`${r.scope}\u0000${r.scimId.toLowerCase()}`))
          problems.push(`${f.rule}: calls ${r.scimId} never provisioned beside its successful create`)
      }
    }
    for (const step of f.remedy) {
      // A SCIM PATCH, or the identity API's, on the id.
      for (const m of step.matchAll(
        /PATCH \/api\/(?:scim\/\S+\/Users|v4\/groups\/[^/\s]+\/scim)\/([^\s?]+)/g,
      )) {
        const id = decodeURIComponent(m[1] ?? '').toLowerCase()
        if (stale.has(`${scope}\u0000${id}`))
          problems.push(`${f.rule}: remedy PATCHes stale id ${id}: ${step}`)
      }
    }
    for (const step of f.confirm) {
      if (/404/.test(step)) continue
      for (const id of idsIn(step)) {
        if (stale.has(`${scope}\u0000${id}`))
          problems.push(`${f.rule}: confirm targets stale id ${id}: ${step}`)
        if (deleted.has(`${scope}\u0000${id}`))
          problems.push(`${f.rule}: confirm targets deleted id ${id}: ${step}`)
      }
    }
  }
  return problems
}

describe('findings agree with their own evidence', () => {
  it('on every committed sample', async () => {
    const files = [
      ...SCENARIO_SAMPLES.map((d) => d.file),
      ...readdirSync(join(ROOT, 'samples/errors')).map((n) =>
        `samples/errors/${n}`.replace(/^samples\//, ''),
      ),
    ]
    let findings = 0
    for (const file of new Set(files)) {
      const records = (await loadRecords([join('samples', file)])).records
      // The era the log shows, then versions a user could give (before and after the identity API).
      for (const given of [undefined, '15.4', '12.10', '15.5']) {
        const era = inferEra(records, given === undefined ? undefined : parseVersion(given))
        const timelines = buildTimelines(records, timelineOptions(era))
        const diagnosis = diagnose(timelines, { gitlab: era })
        findings += diagnosis.all.length
        expect(contradictions(timelines, diagnosis.all, era), `${file} (${given ?? 'inferred'})`).toEqual([])
      }
    }
    expect(findings).toBeGreaterThan(20)
  })

  it('on a generated corpus of random lifecycles', () => {
    let findings = 0
    for (let seed = 1; seed <= 60; seed++) {
      const scenario = randomScenario(seed)
      const records = recordsOf(scenario.docs, scenario.name)
      const era = inferEra(records)
      const timelines = buildTimelines(records, timelineOptions(era))
      const diagnosis = diagnose(timelines, { gitlab: era })
      findings += diagnosis.all.length
      expect(contradictions(timelines, diagnosis.all, era), scenario.name).toEqual([])
    }
    expect(findings).toBeGreaterThan(30)
  })

  it('on the same corpus as GitLab 12.x wrote it in 2019 (timings in milliseconds)', () => {
    let findings = 0
    const rules = new Set<string>()
    for (let seed = 1; seed <= 60; seed++) {
      const scenario = randomScenario(seed, '2019-09-02T08:00:00Z')
      const records = recordsOf(scenario.docs.map(toGitLab12), scenario.name)
      const era = inferEra(records)
      const timelines = buildTimelines(records, timelineOptions(era))
      expect(era.range.before, scenario.name).toBe(parseVersion('13.0'))
      const diagnosis = diagnose(timelines, { gitlab: era })
      findings += diagnosis.all.length
      for (const f of diagnosis.all) rules.add(f.rule)
      expect(contradictions(timelines, diagnosis.all, era), scenario.name).toEqual([])
    }
    expect(findings).toBeGreaterThan(30)
    // The remedies rewritten for the era are among those checked.
    expect(rules).toContain('user-already-taken')
    expect(rules).toContain('deprovision-destroyed-identity')
  })

  it('on lifecycles where a removed id later answers 404 (as before GitLab 13.0) and the IdP re-creates', () => {
    for (const idp of [okta, entra]) {
      const s = new Scenario({
        name: `gone-${idp.name}`,
        group: 'raviga',
        idp,
        start: '2024-02-01T08:00:00Z',
      })
      const p = s.person('Monica', 'Hall')
      s.lookup(p).create(p).wait('1d').remove(p).wait('1h').get(p, { status: 404 })
      s.wait('1h').create({ ...p, externalId: idp.newExternalId(s.rng) }, { status: 412 })
      const timelines = buildTimelines(recordsOf(s.docs, s.name))
      const all = diagnose(timelines).all
      expect(all.map((f) => f.rule)).toContain('stale-id-in-identity-provider')
      expect(contradictions(timelines, all), s.name).toEqual([])
    }
  })

  it('a 404 on an id created earlier is not called never provisioned', () => {
    const s = new Scenario({
      name: 'created-then-404',
      group: 'raviga',
      idp: entra,
      start: '2024-02-01T08:00:00Z',
    })
    const p = s.person('Monica', 'Hall')
    s.lookup(p).create(p).wait('1d').patch(p, entra.activeOps(false), { status: 404 })
    const timelines = buildTimelines(recordsOf(s.docs, s.name))
    const stale = diagnose(timelines).all.filter((f) => f.rule === 'stale-id-in-identity-provider')
    expect(stale).toHaveLength(1)
    expect(stale[0]?.why).not.toMatch(/never provisioned/)
    expect(stale[0]?.why).toMatch(/was provisioned .*\(201\)/)
  })
})
