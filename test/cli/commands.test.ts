import { describe, expect, it } from 'vitest'
import { scimtrace } from './run.js'

const OKTA = 'samples/okta-lifecycle/api_json.log'

describe('search', () => {
  it('filters by value like json.params.value, including the id in the path', () => {
    const all = JSON.parse(scimtrace(['search', '--format', 'json', '-q', OKTA]).stdout) as Record<
      string,
      unknown
    >[]
    const jane = all.find((r) => r.action === 'create' && JSON.stringify(r).includes('jane.doe')) as {
      body: { externalId: string }
    }
    const uid = jane.body.externalId
    const hits = JSON.parse(scimtrace(['search', '--value', uid, '--format', 'json', '-q', OKTA]).stdout) as {
      path: string
      action: string
    }[]
    expect(hits.map((h) => h.action)).toEqual(['create', 'deactivate', 'reactivate'])
    expect(hits.slice(1).every((h) => h.path.endsWith(`/Users/${uid}`))).toBe(true)
  })

  it('--user gives the whole timeline of one person, lookups included', () => {
    const hits = JSON.parse(
      scimtrace(['search', '--user', 'jane.doe@hooli.example', '--format', 'json', '-q', OKTA]).stdout,
    )
    expect(hits.map((h: { action: string }) => h.action)).toEqual([
      'lookup',
      'create',
      'deactivate',
      'reactivate',
    ])
  })

  it('filters by status, method, idp, group and time', () => {
    const count = (...args: string[]) =>
      (JSON.parse(scimtrace(['search', '--format', 'json', '-q', ...args]).stdout) as unknown[]).length
    expect(count('--method', 'patch', OKTA)).toBe(6)
    expect(count('--status', '2xx', OKTA)).toBe(13)
    expect(count('--status', '4xx', OKTA)).toBe(0)
    expect(count('--idp', 'entra', OKTA)).toBe(0)
    expect(count('--idp', 'okta', OKTA)).toBe(13)
    expect(count('--group', 'no-such-group', OKTA)).toBe(0)
    expect(count('--since', '2024-05-21', '--until', '2024-05-22T00:00:00Z', OKTA)).toBe(3)
    expect(count('--status', '409,412', 'samples/errors/user-already-taken.log')).toBeGreaterThan(0)
  })

  it('ndjson is one object per line', () => {
    const out = scimtrace(['search', '--format', 'ndjson', '-q', OKTA]).stdout.trim().split('\n')
    expect(out).toHaveLength(13)
    for (const line of out) expect(JSON.parse(line)).toHaveProperty('method')
  })
})

describe('users and timeline', () => {
  it('users shows one row per person with state and counts', () => {
    const result = scimtrace(['users', OKTA])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')[0]).toMatch(/^PERSON\s+GROUP\s+IDS/)
    expect(result.stdout).toMatch(
      /jane\.doe@hooli\.example\s+hooli\s+1\s+00u\S+\s+jane\.doe@hooli\.example\s+reactivated\s+4\s+0/,
    )
  })

  it('timeline shows each request with the state after it and where GitLab took each attribute from', () => {
    const result = scimtrace(['timeline', 'jane.doe@hooli.example', OKTA])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/POST\s+create .*201\s+→ provisioned/)
    expect(result.stdout).toMatch(/PATCH\s+deactivate .*204\s+→ deactivated/)
    expect(result.stdout).toMatch(
      /username\s+jane\.doe\s+from userName "jane\.doe@hooli\.example" \(cleaned\)/,
    )
    expect(result.stdout).toContain(`${OKTA}:3`)
  })

  it('an ambiguous name lists the candidates and exits 4', () => {
    const result = scimtrace(['timeline', 'hooli.example', OKTA])
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('3 people match')
    expect(result.stderr).toContain('jane.doe@hooli.example')
  })

  it('nobody matching exits 4 with a hint', () => {
    const result = scimtrace(['timeline', 'nobody@nowhere.example', OKTA])
    expect(result.code).toBe(4)
    expect(result.stderr).toContain('scimtrace users')
  })
})
