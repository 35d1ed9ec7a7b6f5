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

  it('prints KQL for the search bar', () => {
    const run = scimtrace(['query', '--kql', '--group', 'hooli'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('json.path.keyword : /api/scim/v2/groups/hooli*')
  })

  it('takes no inputs', () => {
    const run = scimtrace(['query', 'api_json.log'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unknown argument')
  })
})
