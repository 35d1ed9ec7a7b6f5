/**
 * queries/ holds what scimtrace sends, for users to paste: each file, once its placeholders are filled in,
 * is exactly what `scimtrace query` prints for the same options (the DSL, `--kql`, `--server-side`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { scimtrace } from '../cli/run.js'

const SINCE = '2024-05-01T00:00:00.000Z'
const UNTIL = '2024-06-01T00:00:00.000Z'
const GROUP = 'hooli'
const VALUE = '00u1a2b3c4'

const files = readdirSync('queries').filter((name) => /\.(json|kql)$/.test(name))

/** The options each file is printed for. */
const OPTIONS: Record<string, string[]> = {
  'scim-requests-for-group.json': ['--group', GROUP],
  'scim-requests-for-value.json': ['--group', GROUP, '--value', VALUE],
  'scim-requests-for-group.kql': ['--kql', '--group', GROUP],
  'scim-requests-for-value.kql': ['--kql', '--group', GROUP, '--value', VALUE],
  'request-counts-for-group.json': ['--server-side', '--group', GROUP],
}

function filled(name: string): string {
  const text = readFileSync(`queries/${name}`, 'utf8')
  const out = text
    .replaceAll('{{group}}', GROUP)
    .replaceAll('{{value}}', VALUE)
    .replaceAll('{{since}}', SINCE)
    .replaceAll('{{until}}', UNTIL)
  expect(out).not.toMatch(/\{\{/)
  return out
}

describe('queries/', () => {
  it('has a DSL and a KQL file for a group and a value, and the request counts', () => {
    expect(Object.keys(OPTIONS).every((name) => files.includes(name))).toBe(true)
    expect(files.filter((name) => !(name in OPTIONS))).toEqual([])
  })

  it.each(Object.keys(OPTIONS))('%s is what scimtrace query prints', (name) => {
    const run = scimtrace(['query', ...(OPTIONS[name] as string[]), '--since', SINCE, '--until', UNTIL])
    expect(run.code, run.stderr).toBe(0)
    if (name.endsWith('.kql')) {
      expect(filled(name)).toBe(run.stdout)
      return
    }
    const printed = run.stdout.slice(run.stdout.indexOf('\n{') + 1)
    expect(JSON.parse(filled(name))).toEqual(JSON.parse(printed))
  })

  it.each(Object.keys(OPTIONS).filter((name) => name.startsWith('scim-')))(
    "%s selects the group's SCIM paths and the group identity API",
    (name) => {
      const text = filled(name)
      expect(text).toContain('/api/scim/v2/groups/hooli')
      expect(text).toContain('/api/v4/groups/*/scim/*')
      if (name.includes('value')) expect(text).toContain(`/api/v4/groups/*/scim/${VALUE}`)
    },
  )
})
