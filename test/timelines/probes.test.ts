/**
 * Issue #13 §6: connection-test lookups (a random GUID, 200 with no match, never seen again) are probes of
 * the group, not people; a GET by id answering 404 stays a person (a stale id, not a probe).
 */
import { describe, expect, it } from 'vitest'
import { diagnose } from '../../src/diagnosis/index.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { loadRecords } from '../pipeline/load.js'

describe('probes', () => {
  it('providers/connection-test.log: 2 people, 2 probes reported for the group', async () => {
    const timelines = buildTimelines((await loadRecords(['samples/providers/connection-test.log'])).records)
    expect(timelines.people.map((p) => p.emails[0])).toEqual([
      'laurie@endframe-labs.example',
      'monica@endframe-labs.example',
    ])
    expect(timelines.probes?.map((r) => r.body.filter?.attribute)).toEqual(['externalId', 'externalId'])
    const findings = diagnose(timelines).all
    expect(findings.map((f) => [f.rule, f.severity, f.personKey])).toEqual([
      ['connection-test-probe', 'info', undefined],
    ])
  })

  it('a GET by id answering 404 is not a probe', async () => {
    const timelines = buildTimelines((await loadRecords(['samples/errors/stale-id.log'])).records)
    expect(timelines.people).toHaveLength(3)
    expect(timelines.probes).toEqual([])
  })
})
