/**
 * Every scenario in `samples/` through lines → JSON.parse → normalise → buildTimelines → diagnose: the
 * expected rules fire for the expected people (`samples/answers/scenarios.json`), and exclusive scenarios
 * (the healthy ones, older GitLab versions' among them) yield no finding at all.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { diagnose } from '../../src/diagnosis/index.js'
import { coveredRecords } from '../../src/diagnosis/support.js'
import type { Finding } from '../../src/diagnosis/types.js'
import { inferEra, timelineOptions } from '../../src/diagnosis/versions/infer.js'
import { normalise } from '../../src/records/normalise.js'
import type { ScimRecord } from '../../src/records/types.js'
import { buildTimelines } from '../../src/timelines/build.js'
import type { Person } from '../../src/timelines/types.js'

const ROOT = join(import.meta.dirname, '../../samples')
const ANSWERS = join(ROOT, 'answers/scenarios.json')

interface Scenario {
  scenario: string
  rules: string[]
  findings: { rule: string; person: string | null; externalId?: string; group: string }[]
  mayAlso: string[]
  exclusive: boolean
}

function load(file: string): ScimRecord[] {
  const records: ScimRecord[] = []
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return
      let doc: unknown
      try {
        doc = JSON.parse(line)
      } catch {
        return // samples may contain deliberately broken lines
      }
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return
      const result = normalise(doc as Record<string, unknown>, { source: file, line: i + 1 })
      if (result.kind === 'scim') records.push(result.record)
    })
  return records
}

const scenarios: Record<string, Scenario> = existsSync(ANSWERS)
  ? JSON.parse(readFileSync(ANSWERS, 'utf8'))
  : {}

describe('samples/answers/scenarios.json', () => {
  it('exists and lists scenarios', () => {
    expect(Object.keys(scenarios).length).toBeGreaterThan(0)
  })

  for (const [file, expected] of Object.entries(scenarios)) {
    it(`${file}: ${expected.scenario.slice(0, 70)}`, () => {
      const records = load(file)
      // As the engine does (`analyseRecords`): the behaviour and rules of the GitLab version the log shows.
      const era = inferEra(records)
      const timelines = buildTimelines(records, timelineOptions(era))
      const diagnosis = diagnose(timelines, { gitlab: era })
      const fired = new Set(diagnosis.all.map((f) => f.rule))
      for (const rule of expected.rules) expect(fired, `${rule} should fire`).toContain(rule)
      // A person is known by any email or userName they were sent with (a create may lack a work email).
      const owners = new Map<ScimRecord, Person>()
      const names = new Map<Person, Set<string>>()
      for (const person of timelines.people) {
        const set = new Set([...person.emails, ...person.userNames].map((n) => n.toLowerCase()))
        for (const entry of person.timeline) {
          owners.set(entry.record, person)
          for (const email of entry.record.body.emails) set.add(email.value.toLowerCase())
        }
        names.set(person, set)
      }
      const isAbout = (finding: Finding, who: string): boolean => {
        const person = timelines.people.find((p) => p.key === finding.personKey)
        if (person) return names.get(person)?.has(who) ?? false
        // A group-wide finding is about the people whose requests it accounts for.
        return coveredRecords(finding).some((r) => {
          const owner = owners.get(r)
          return owner !== undefined && (names.get(owner)?.has(who) ?? false)
        })
      }
      for (const want of expected.findings) {
        const group = want.group.toLowerCase()
        const inGroup = diagnosis.all.filter(
          (f) => f.rule === want.rule && (f.scope ?? group).toLowerCase() === group,
        )
        const who = want.person?.toLowerCase()
        const known = who !== undefined && [...names.values()].some((set) => set.has(who))
        // People the log never names (a displayName-only lookup) can only be covered by a group-wide finding.
        const match =
          who === undefined || !known
            ? inGroup.some((f) => f.personKey === undefined || who === undefined)
            : inGroup.some((f) => isAbout(f, who))
        expect(match, `${want.rule} for ${want.person ?? 'the group'} in ${want.group}`).toBe(true)
      }
      if (expected.exclusive) {
        expect(diagnosis.all.map((f) => `${f.rule}: ${f.title}`)).toEqual([])
      } else {
        const allowed = new Set([...expected.rules, ...expected.mayAlso])
        const unexpectedAlarms = diagnosis.all.filter((f) => f.severity !== 'info' && !allowed.has(f.rule))
        expect(unexpectedAlarms.map((f) => `${f.rule}: ${f.title}`)).toEqual([])
      }
    })
  }
})
