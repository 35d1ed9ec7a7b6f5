import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { scimtrace } from './run.js'

/** Drop what legitimately differs between formats: where a request came from, and duration rounding (CSV). */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'origin' && key !== 'durationS')
        .map(([key, v]) => [key, comparable(v)]),
    )
  }
  return value
}

function json(args: string[]): unknown {
  const result = scimtrace([...args, '--quiet'])
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return JSON.parse(result.stdout)
}

const SAME_REQUESTS = [
  'samples/exports/okta-lifecycle.kibana.csv',
  'samples/exports/okta-lifecycle.es-hits.json',
  'samples/exports/okta-lifecycle.fields.json',
  'samples/exports/okta-lifecycle.kibana.ndjson',
  'samples/exports/okta-lifecycle.docs.json',
  'samples/rotated',
  'samples/k8s/api_json.log',
]

describe('every input format of the same requests gives the same records, people and timelines', () => {
  const baseline = {
    records: comparable(json(['search', '--format', 'json', 'samples/okta-lifecycle/api_json.log'])),
    people: comparable(json(['users', '--format', 'json', 'samples/okta-lifecycle/api_json.log'])),
    timeline: comparable(
      json(['timeline', 'jane.doe@hooli.example', '--format', 'json', 'samples/okta-lifecycle']),
    ),
  }

  it('the baseline is a real lifecycle', () => {
    expect(baseline.records).toHaveLength(13)
    expect(baseline.people).toHaveLength(3)
  })

  it.each(SAME_REQUESTS)('%s', (input) => {
    expect(comparable(json(['search', '--format', 'json', input]))).toEqual(baseline.records)
    expect(comparable(json(['users', '--format', 'json', input]))).toEqual(baseline.people)
    expect(comparable(json(['timeline', 'jane.doe@hooli.example', '--format', 'json', input]))).toEqual(
      baseline.timeline,
    )
  })

  it('rotated files are read oldest first: .1.gz, then the svlogd @ file, then current', () => {
    const records = json(['search', '--format', 'json', 'samples/rotated']) as { origin: string }[]
    const order = [...new Set(records.map((r) => r.origin.replace(/:\d+$/, '')))]
    expect(order).toEqual([
      'samples/rotated/api_json.log.1.gz',
      'samples/rotated/@400000006650a1f20c1b2a3c.s',
      'samples/rotated/current',
    ])
  })
})

describe('accounting for every line', () => {
  it('mixed traffic: SCIM requests found among other traffic and malformed lines, with counts and places', () => {
    const expected = JSON.parse(readFileSync('samples/answers/mixed.json', 'utf8'))
    const result = scimtrace(['users', 'samples/mixed/api_json.log'])
    expect(result.code).toBe(0)
    const total = Object.values(expected.skipped as Record<string, number>).reduce((a, b) => a + b, 0)
    expect(result.stderr).toContain(`read ${expected.lines} lines`)
    expect(result.stderr).toContain(`${expected.scim} SCIM requests`)
    expect(result.stderr).toContain(`${expected.other} other`)
    expect(result.stderr).toContain(`skipped ${total} (`)
    expect(result.stderr).toContain('1 invalid JSON')
    expect(result.stderr).toContain('1 binary')
    expect(result.stderr).toContain('1 too long')
    expect(result.stderr).toMatch(/first: samples\/mixed\/api_json\.log:\d+/)
  })

  it('report --format json carries the same accounting', () => {
    const expected = JSON.parse(readFileSync('samples/answers/mixed.json', 'utf8'))
    const report = json(['report', '--format', 'json', 'samples/mixed/api_json.log']) as {
      summary: {
        input: { lines: number; scimRequests: number; other: number; skippedByReason: Record<string, number> }
      }
    }
    expect(report.summary.input.lines).toBe(expected.lines)
    expect(report.summary.input.scimRequests).toBe(expected.scim)
    expect(report.summary.input.other).toBe(expected.other)
    expect(report.summary.input.skippedByReason).toEqual(expected.skipped)
  })

  it('terminal escape sequences in log values are shown escaped, never sent to the terminal', () => {
    for (const command of [['users'], ['search'], ['report'], ['report', '--format', 'markdown']]) {
      const result = scimtrace([...command, 'samples/mixed/api_json.log'])
      expect(result.code).toBe(0)
      expect(result.stdout).not.toContain('\u001b')
      expect(result.stderr).not.toContain('\u001b')
    }
  })
})
