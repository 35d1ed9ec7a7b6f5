import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const files = readdirSync('queries').filter((name) => name.endsWith('.json'))

describe('queries/', () => {
  it('has query bodies', () => {
    expect(files.length).toBeGreaterThanOrEqual(2)
  })

  it.each(files)('%s is valid JSON once filled in, and selects SCIM paths of one group', (name) => {
    const text = readFileSync(`queries/${name}`, 'utf8')
    const filled = text
      .replaceAll('{{group}}', 'hooli')
      .replaceAll('{{value}}', '00u1a2b3c4')
      .replaceAll('{{since}}', '2024-05-01T00:00:00Z')
      .replaceAll('{{until}}', '2024-06-01T00:00:00Z')
    expect(filled).not.toMatch(/\{\{/)
    const body = JSON.parse(filled)
    expect(JSON.stringify(body.query)).toContain('/api/scim/v2/groups/hooli/')
    expect(body.sort).toEqual([{ '@timestamp': 'asc' }])
  })
})
