/**
 * `scimtrace query --print`: the query a run would send, for Kibana Dev Tools or (with --kql) the search bar,
 * from the options alone (no cluster) and never with credentials.
 */
import { describe, expect, it } from 'vitest'
import { scimtrace } from './run.js'

describe('query --print', () => {
  it('prints the Dev Tools request with the group and value pushed down, and no credentials', () => {
    const secret = 'c2NpbXRyYWNlLXRlc3Qta2V5LW5ldmVyLXByaW50ZWQ='
    const run = scimtrace(
      ['query', '--print', '--group', 'hooli', '--value', '00u1a2b3c4', '--since', '7d'],
      {
        env: { SCIMTRACE_ES_API_KEY: secret, SCIMTRACE_ES_PASSWORD: secret },
      },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('GET pubsub-rails-inf-gprd-*/_search')
    expect(run.stdout).toContain('/api/scim/v2/groups/hooli')
    expect(run.stdout).toContain('00u1a2b3c4')
    expect(run.stdout + run.stderr).not.toContain(secret)
  })

  it('prints KQL for the search bar, with the group identity API as the DSL has it', () => {
    const run = scimtrace(['query', '--kql', '--group', 'hooli'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('json.path.keyword : /api/scim/v2/groups/hooli*')
    expect(run.stdout).toContain('json.path.keyword : /api/v4/groups/*/scim/*')
    const dsl = scimtrace(['query', '--print', '--group', 'hooli'])
    expect(dsl.stdout).toContain('"value": "/api/v4/groups/*/scim/*"')
  })

  it('finds a value as the identity API uid in KQL and DSL, escaping its wildcard characters', () => {
    const kql = scimtrace(['query', '--kql', '--value', 'a*b c'])
    expect(kql.code, kql.stderr).toBe(0)
    expect(kql.stdout).toContain('json.path.keyword : /api/v4/groups/*/scim/a\\*b\\ c')
    expect(kql.stdout).toContain('json.params.value : "a*b c"')
    const dsl = scimtrace(['query', '--print', '--value', 'a*b'])
    expect(dsl.stdout).toContain('"value": "/api/v4/groups/*/scim/a\\\\*b"')
  })

  it('leaves the identity API out of instance-level queries, which it does not serve', () => {
    for (const format of ['--kql', '--print']) {
      const run = scimtrace(['query', format, '--instance'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toContain('/api/scim/v2/application')
      expect(run.stdout).not.toContain('/api/v4/groups')
    }
  })

  it('prints the request-count aggregation of report --server-side', () => {
    const run = scimtrace(['query', '--server-side', '--group', 'hooli'])
    expect(run.code, run.stderr).toBe(0)
    const body = JSON.parse(run.stdout.slice(run.stdout.indexOf('\n{') + 1))
    expect(body.size).toBe(0)
    const sources = body.aggs.requests.composite.sources.map((s: object) => Object.values(s)[0])
    expect(sources.map((s: { terms: { field: string } }) => s.terms.field)).toEqual([
      'json.path.keyword',
      'json.status',
      'json.method.keyword',
    ])
    expect(JSON.stringify(body)).not.toContain('script')
  })

  it('takes no inputs', () => {
    const run = scimtrace(['query', 'api_json.log'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unknown argument')
  })
})
