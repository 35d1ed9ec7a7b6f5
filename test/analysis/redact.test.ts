import { describe, expect, it } from 'vitest'
import { analyseRecords } from '../../src/analysis/analyse.js'
import { redactAnalysis } from '../../src/analysis/redact.js'
import { Accounting } from '../../src/common/accounting.js'
import { coveredRecords } from '../../src/diagnosis/findings.js'
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'

function record(doc: Record<string, unknown>, line: number): ScimRecord {
  const result = normalise(doc, { source: 't.log', line })
  if (result.kind !== 'scim') throw new Error('not a SCIM record')
  return result.record
}

const at = (minute: number) => `2024-05-14T09:${String(minute).padStart(2, '0')}:00.000Z`
const create = (minute: number, group: string, uid: string, email: string, name: string, status = 201) =>
  record(
    {
      time: at(minute),
      status,
      method: 'POST',
      path: `/api/scim/v2/groups/${group}/Users`,
      remote_ip: '198.51.100.23',
      correlation_id: `01HCORR${minute}`,
      params: [
        { key: 'externalId', value: uid },
        { key: 'userName', value: email },
        { key: 'emails', value: [{ type: 'work', primary: true, value: email }] },
        { key: 'name', value: { formatted: name } },
      ],
    },
    minute,
  )
const rename = (minute: number, group: string, uid: string, userName: string) =>
  record(
    {
      time: at(minute),
      status: 204,
      method: 'PATCH',
      path: `/api/scim/v2/groups/${group}/Users/${uid}`,
      params: [{ key: 'Operations', value: [{ op: 'Replace', path: 'userName', value: userName }] }],
    },
    minute,
  )

const records = [
  create(1, 'hooli-eng', '00uJANE', 'jane.doe@hooli.example', 'Jane Doe'),
  rename(2, 'hooli-eng', '00uJANE', 'jdoe-renamed'),
  create(3, 'pied-piper', '00uBIGHEAD', 'nelson.bighetti.the.longest.name@hooli.example', 'Big Head'),
  create(4, 'pied-piper', '00uJANE2', 'jane.doe@hooli.example', 'Jane Doe', 409),
]
const read = () => {
  const accounting = new Accounting()
  return { records, accounting: accounting.snapshot() }
}

describe('redactAnalysis', () => {
  const plain = analyseRecords(read())
  const { analysis, alias } = redactAnalysis(plain)
  const text = JSON.stringify({ ...analysis, diagnosis: [...analysis.diagnosis.byPerson.entries()] })

  it('leaves no value of anyone behind, including PATCHed values, groups and correlation ids', () => {
    for (const secret of [
      'jane',
      'Jane',
      'jdoe-renamed',
      'hooli',
      'pied-piper',
      '00u',
      'Big Head',
      '01HCORR',
      '198.51',
    ])
      expect(text).not.toContain(secret)
  })

  it('gives one value one alias everywhere, and the aliases say nothing of the value', () => {
    const jane = alias('jane.doe@hooli.example')
    expect(jane).toMatch(/^person-\d+@domain-1\.example$/)
    // The same email in two groups is two people with the same alias.
    const emails = analysis.timelines.people.flatMap((p) => p.emails)
    expect(emails.filter((e) => e === jane)).toHaveLength(2)
    // A long and a short email give aliases of one shape: no length survives.
    const long = alias('nelson.bighetti.the.longest.name@hooli.example')
    expect(long.length).toBe(jane.length)
    expect(alias('hooli-eng')).toMatch(/^group-\d+$/)
    expect(alias('jdoe-renamed')).toMatch(/^person-1-\d+$/)
  })

  it('changes no finding and keeps what each finding accounts for', () => {
    const rules = (a: typeof plain) => a.diagnosis.all.map((f) => f.rule)
    expect(rules(analysis)).toEqual(rules(plain))
    expect(analysis.diagnosis.all.map((f) => coveredRecords(f).length)).toEqual(
      plain.diagnosis.all.map((f) => coveredRecords(f).length),
    )
    // The copies are the redacted records, not the originals.
    for (const finding of analysis.diagnosis.all)
      for (const r of coveredRecords(finding)) expect(analysis.timelines.records).toContain(r)
  })

  it('does not touch the analysis it was given', () => {
    expect(plain.timelines.people[0]?.emails).toEqual(['jane.doe@hooli.example'])
    expect(records[0]?.body.userName).toBe('jane.doe@hooli.example')
  })
})

describe('redactAnalysis at scale', () => {
  it('takes time in proportion to the analysis: 20,000 people whose values share a prefix', () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      create(i % 60, `g${i % 7}`, `x${i}`, `user${i}@ex.example`, `Given${i} Family`),
    )
    const input = { records: many, accounting: new Accounting().snapshot() }
    let started = performance.now()
    const plain = analyseRecords(input)
    const analysed = performance.now() - started
    started = performance.now()
    const { analysis } = redactAnalysis(plain)
    const redacted = performance.now() - started
    expect(analysis.timelines.people).toHaveLength(20_000)
    expect(JSON.stringify(analysis.timelines.people.slice(-50))).not.toMatch(/user\d|Given\d|"g\d/)
    // Quadratic, every value tried at every `user…` in the text: minutes. Linear: about the analysis's time.
    expect(redacted).toBeLessThan(5 * analysed + 2000)
  }, 120_000)
})

describe('redactAnalysis and shared parsed filters (records/filter.ts sharedFilter)', () => {
  it('rewrites its copies of a filter, never the one object the records share', () => {
    const lookup = (minute: number) =>
      record(
        {
          time: at(minute),
          status: 200,
          method: 'GET',
          path: '/api/scim/v2/groups/hooli-eng/Users',
          // Spaced as no rebuilt filter is: a rewrite of the shared object would show.
          params: [{ key: 'filter', value: 'userName  eq  "jane.doe@hooli.example"' }],
        },
        minute,
      )
    const lookups = [lookup(5), lookup(6)]
    expect(lookups[0]?.body.filter).toBe(lookups[1]?.body.filter)
    const accounting = new Accounting().snapshot()
    const redacted = redactAnalysis(
      analyseRecords({ records: [...records, ...lookups], accounting }),
    ).analysis
    const copies = redacted.records.filter((r) => r.body.filter)
    expect(copies).toHaveLength(2)
    expect(copies[0]?.body.filter?.raw).not.toContain('jane.doe')
    expect(lookups[0]?.body.filter?.raw).toBe('userName  eq  "jane.doe@hooli.example"')
    expect(lookup(7).body.filter?.raw).toBe('userName  eq  "jane.doe@hooli.example"')
  })
})
