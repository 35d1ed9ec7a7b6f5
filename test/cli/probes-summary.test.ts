/**
 * Issue #13: connection-test probes are kept out of `people` (timelines/probes.ts) and counted in the
 * summary instead, in every format and however the report was built, so a run's requests add up.
 */
import { describe, expect, it } from 'vitest'
import { scimtrace } from './run.js'

const PROBES = 'samples/providers/connection-test.log'
const NONE = 'samples/okta-lifecycle/api_json.log'

interface Summary {
  people: number
  probes: number
  requests: number
}

const summary = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const result = scimtrace(['report', '-f', 'json', '-q', ...args], { env })
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout) as { summary: Summary; people: { requests: number }[] }
}

describe('probes in the summary', () => {
  it('JSON: summary.probes, and people plus probes account for every request', () => {
    const report = summary([PROBES])
    expect(report.summary).toMatchObject({ people: 2, probes: 2, requests: 7 })
    const personal = report.people.reduce((n, p) => n + p.requests, 0)
    expect(personal + report.summary.probes).toBe(report.summary.requests)
    expect(summary([NONE]).summary.probes).toBe(0)
  })

  it('the two-thread JSON report counts them the same', () => {
    const one = summary([PROBES, NONE], { SCIMTRACE_SPLIT_MIN: 'off' })
    const two = summary([PROBES, NONE], { SCIMTRACE_SPLIT_MIN: '0' })
    expect(two.summary.probes).toBe(2)
    expect(two.summary).toEqual(one.summary)
  })

  it.each([
    [['report'], 'stdout', '7 requests · 2 people · 2 probes'],
    [['report', '-f', 'markdown'], 'stdout', '7 SCIM requests · 2 people · 2 probes'],
    [['report'], 'stderr', '7 SCIM requests · 2 people · 2 probes · 0 other'],
    [['users'], 'stderr', '7 SCIM requests · 2 people · 2 probes · 0 other'],
    [['explain', 'laurie@endframe-labs.example'], 'stderr', '2 people · 2 probes'],
  ])('%j: %s says so', (args, stream, text) => {
    const result = scimtrace([...args, PROBES])
    expect(result.code).toBe(0)
    expect(result[stream as 'stdout' | 'stderr']).toContain(text)
  })

  it('a run without probes says nothing of them', () => {
    for (const args of [['report'], ['report', '-f', 'markdown'], ['users']]) {
      const result = scimtrace([...args, NONE])
      expect(result.stdout + result.stderr).not.toMatch(/probe/)
    }
  })
})
