import { beforeAll, describe, expect, it } from 'vitest'
import type { Analysis } from '../../src/analysis/analyse.js'
import type { Person } from '../../src/timelines/types.js'
import { PLAIN } from '../../src/views/color.js'
import { visibleLength } from '../../src/views/escape.js'
import { renderFinding } from '../../src/views/findings.js'
import {
  renderAttributes,
  renderPersonHeader,
  renderTimeline,
  renderUsersTable,
} from '../../src/views/person.js'
import { renderRecordsTable } from '../../src/views/records.js'
import { analyseSamples } from '../pipeline/load.js'

let analysis: Analysis
let jian: Person
beforeAll(async () => {
  analysis = await analyseSamples(['samples/errors/inactive-identity.log'])
  const found = analysis.timelines.people.find((p) => p.emails.includes('jian.yang@hooli.example'))
  if (!found) throw new Error('sample changed: no jian.yang')
  jian = found
})

describe('the users table', () => {
  it('has a header and one row per person, every row as wide as the header', () => {
    const lines = renderUsersTable(analysis.timelines.people, PLAIN).trimEnd().split('\n')
    expect(lines).toHaveLength(1 + analysis.timelines.people.length)
    expect(lines[0]).toMatch(/^\S/)
    expect(lines.some((line) => line.includes('jian.yang@hooli.example'))).toBe(true)
    const widths = new Set(lines.map((line) => visibleLength(line.trimEnd())))
    expect(Math.max(...widths)).toBeLessThanOrEqual(visibleLength(lines[0] ?? '') + 40)
  })
})

describe("one person's views", () => {
  it('the header names the person, group and provider, each id with its state, and the state now', () => {
    const lines = renderPersonHeader(jian, PLAIN).trimEnd().split('\n')
    expect(lines[0]).toBe('Jian Yang · jian.yang@hooli.example · group hooli-eng · Okta')
    expect(lines[1]).toBe('ids: 00uDIjmi7RJBrIQNgBHL (deactivated) · 00ucAeNh4icNPEFeQjHN (rejected)')
    expect(lines[2]).toBe('now: deactivated since 2024-06-21 09:00:01')
  })

  it('the timeline has one line per request, in time order, with its status and origin', () => {
    const lines = renderTimeline(jian, PLAIN).trimEnd().split('\n')
    const requests = lines.filter((line) => /inactive-identity\.log:\d+/.test(line))
    expect(requests).toHaveLength(jian.timeline.length)
    const origins = requests.map((line) => Number(/inactive-identity\.log:(\d+)/.exec(line)?.[1]))
    expect([...origins].sort((a, b) => a - b)).toEqual(origins)
    expect(requests.filter((line) => line.includes('412'))).toHaveLength(2)
  })

  it('the attributes show what GitLab holds and which request set it', () => {
    const text = renderAttributes(jian, PLAIN)
    expect(text).toContain('00uDIjmi7RJBrIQNgBHL')
    expect(text).toMatch(/active\s+false/)
    expect(text).toContain('inactive-identity.log:5')
  })

  it('a finding shows its rule, title, evidence and fix, wrapped to the width', () => {
    const finding = analysis.diagnosis.byPerson
      .get(jian.key)
      ?.find((f) => f.rule === 'inactive-or-unlinked-identity')
    if (!finding) throw new Error('sample changed: no 412 finding')
    const text = renderFinding(finding, PLAIN, 80)
    expect(text.split('\n')[0]).toBe(`✗ inactive-or-unlinked-identity — ${finding.title}`)
    for (const label of ['  evidence  ', '  why       ', '  maybe     ', '  fix       ', '  confirm   '])
      expect(text).toContain(label)
    // Prose is wrapped to the width after the 12-column labels; evidence lines and long words are not.
    const why = text.split('\n').slice(text.split('\n').findIndex((l) => l.startsWith('  why ')))
    const prose = why.slice(
      0,
      why.findIndex((l) => l.startsWith('  maybe ')),
    )
    expect(prose.length).toBeGreaterThan(1)
    for (const line of prose) expect(visibleLength(line)).toBeLessThanOrEqual(12 + 80)
    expect(renderFinding(finding, PLAIN, 60).split('\n').length).toBeGreaterThan(text.split('\n').length)
  })
})

describe('the requests table (search)', () => {
  it('lists each record once with its method, status and origin', () => {
    const records = jian.timeline.map((entry) => entry.record)
    const lines = renderRecordsTable(records, PLAIN).trimEnd().split('\n')
    expect(lines).toHaveLength(records.length + 1)
    for (const record of records) {
      const line = lines.find((l) => l.includes(`inactive-identity.log:${record.origin.line}`))
      expect(line).toBeDefined()
      expect(line).toContain(record.method)
      expect(line).toContain(String(record.status))
    }
  })
})
