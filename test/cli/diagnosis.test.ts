/**
 * Every scenario in samples/ is explained by the right rule, end to end through the built executable,
 * in all three report formats and in `explain`. The answer key is written by the samples generator.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { scimtrace } from './run.js'

interface Answer {
  rules: string[]
  findings: { rule: string; person: string | null; group: string }[]
  mayAlso: string[]
  exclusive: boolean
}

interface FindingJson {
  rule: string
  severity: string
  evidence: { origin: string }[]
  docs: string
  remedy: string[]
}

interface ReportJson {
  people: { key: string; emails: string[]; userNames: string[]; group: string; findings: FindingJson[] }[]
  findings: (FindingJson & { people: string[] })[]
}

const answers = JSON.parse(readFileSync('samples/answers/scenarios.json', 'utf8')) as Record<string, Answer>

function report(file: string): ReportJson {
  const result = scimtrace(['report', '--format', 'json', '-q', `samples/${file}`])
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as ReportJson
}

describe.each(Object.entries(answers))('%s', (file, answer) => {
  const json = report(file)
  const all = [...json.findings, ...json.people.flatMap((p) => p.findings)]

  it('report --format json: the expected rules fire, for the right people, with evidence and a fix', () => {
    for (const expected of answer.findings) {
      const people = json.people.filter(
        (p) =>
          p.emails.includes(expected.person as string) || p.userNames.includes(expected.person as string),
      )
      // A person's own findings, plus group-wide findings (a filter the IdP is configured with, say) that
      // account for their requests. A person the log never names (a lookup by displayName only) can only be
      // covered by a group-wide finding.
      const keys = new Set(people.map((p) => p.key))
      const pool =
        expected.person === null
          ? all
          : people.length === 0
            ? json.findings
            : [
                ...people.flatMap((p) => p.findings),
                ...json.findings.filter((f) => f.people.some((k) => keys.has(k))),
              ]
      const finding = pool.find((f) => f.rule === expected.rule)
      expect(finding, `${expected.rule} for ${expected.person ?? 'the group'}`).toBeDefined()
      expect(finding?.evidence.length).toBeGreaterThan(0)
      expect(finding?.evidence[0]?.origin).toMatch(
        new RegExp(`^samples/${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`),
      )
      expect(finding?.docs).toMatch(/^https:\/\/docs\.gitlab\.com\//)
      expect(finding?.remedy.length).toBeGreaterThan(0)
    }
  })

  it('raises no unexpected errors or warnings (no false alarms)', () => {
    const allowed = new Set([...answer.rules, ...answer.mayAlso])
    const alarms = all.filter((f) => f.severity !== 'info' && !allowed.has(f.rule)).map((f) => f.rule)
    expect(alarms).toEqual([])
  })

  it('text and markdown reports name the same rules', () => {
    const text = scimtrace(['report', '-q', `samples/${file}`])
    const markdown = scimtrace(['report', '--format', 'markdown', '-q', `samples/${file}`])
    expect(text.code).toBe(0)
    expect(markdown.code).toBe(0)
    for (const rule of answer.rules) {
      expect(text.stdout).toContain(rule)
      expect(markdown.stdout).toContain(`\`${rule}\``)
    }
  })

  it('explain names the rule for each person concerned', () => {
    const named = (person: string) =>
      json.people.some((p) => p.emails.includes(person) || p.userNames.includes(person))
    for (const expected of answer.findings.filter((f) => f.person !== null && named(f.person))) {
      const result = scimtrace([
        'explain',
        expected.person as string,
        '--group',
        expected.group,
        `samples/${file}`,
      ])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toContain(expected.rule)
      expect(result.stdout).toContain('Attributes GitLab holds')
      expect(result.stdout).toContain('docs')
    }
  })
})

describe('redaction', () => {
  it('replaces emails, userNames, names, externalIds and IPs, consistently', () => {
    const plain = scimtrace([
      'report',
      '--format',
      'json',
      '-q',
      'samples/errors/inactive-identity.log',
    ]).stdout
    const redacted = scimtrace([
      'report',
      '--format',
      'json',
      '--redact',
      '-q',
      'samples/errors/inactive-identity.log',
    ])
    expect(redacted.code).toBe(0)
    const original = JSON.parse(plain) as ReportJson
    const secrets = original.people.flatMap((p) => [
      ...p.emails,
      ...p.userNames,
      ...((p as unknown as { ids: string[] }).ids ?? []),
    ])
    expect(secrets.length).toBeGreaterThan(0)
    for (const secret of secrets) expect(redacted.stdout).not.toContain(secret)
    expect(redacted.stdout).not.toMatch(/198\.51\.100\.\d+|20\.44\.\d+\.\d+/)
    const json = JSON.parse(redacted.stdout) as ReportJson & { summary: { redacted: boolean } }
    expect(json.summary.redacted).toBe(true)
    // The same person keeps one alias everywhere: their email and userName share the person number.
    const person = json.people.find((p) => p.findings.length > 0)
    expect(person?.emails[0]).toMatch(/^person-\d+@domain-\d+\.example$/)
    expect(person?.userNames[0]?.split('@')[0]).toBe(person?.emails[0]?.split('@')[0])
    // The diagnosis does not change because names changed.
    expect(json.people.flatMap((p) => p.findings.map((f) => f.rule)).sort()).toEqual(
      original.people.flatMap((p) => p.findings.map((f) => f.rule)).sort(),
    )
  })
})

describe('cross-checks with GitLab identity APIs', () => {
  const args = [
    'report',
    '--format',
    'json',
    '-q',
    '--scim-identities',
    'test/cli/fixtures/scim-identities.json',
    '--saml-identities',
    'test/cli/fixtures/saml-identities.json',
    'samples/okta-lifecycle',
  ]

  it('reports a NameId that differs from the SCIM extern_uid, and a stored state that differs from the log', () => {
    const result = scimtrace(args)
    expect(result.code, result.stderr).toBe(0)
    const json = JSON.parse(result.stdout) as ReportJson
    const mismatch = json.findings.find((f) => f.rule === 'identity-mismatch')
    expect(mismatch?.severity).toBe('error')
    expect(JSON.stringify(mismatch)).toContain('jane.doe@hooli.example')
    const state = json.findings.find((f) => f.rule === 'identity-state-mismatch')
    expect(JSON.stringify(state)).toContain('00uHdo0JfDluOaol0N2H')
    // monica's identities agree everywhere: nothing about her
    expect(JSON.stringify(json.findings)).not.toContain('00uws00sO7JmdVoMUVvi')
  })

  it('sorts the cross-check findings with the other group-wide findings, worst first (README JSON contract)', () => {
    // On the same run a warning of the log's own (group-provisioning-enabled) used to come before the
    // cross-checks' errors: they were appended after diagnosis had sorted its findings.
    const withGroups = [
      ...args.slice(0, -1),
      'samples/errors/group-provisioning.log',
      'samples/okta-lifecycle',
    ]
    const result = scimtrace(withGroups)
    expect(result.code, result.stderr).toBe(0)
    const json = JSON.parse(result.stdout) as ReportJson
    const order = json.findings.map((f) => `${f.severity}:${f.rule}`)
    expect(order).toContain('warning:group-provisioning-enabled')
    expect(order).toContain('error:identity-mismatch')
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>
    const severities = json.findings.map((f) => rank[f.severity] ?? 3)
    expect(severities).toEqual([...severities].sort((a, b) => a - b))
  })

  it('without the files, the same log has no findings', () => {
    const json = JSON.parse(
      scimtrace(['report', '--format', 'json', '-q', 'samples/okta-lifecycle']).stdout,
    ) as ReportJson
    expect(json.findings).toEqual([])
  })

  it('a missing or malformed identities file is one clear error line, exit 3', () => {
    const missing = scimtrace([
      'report',
      '--scim-identities',
      'test/cli/fixtures/none.json',
      'samples/okta-lifecycle',
    ])
    expect(missing.code).toBe(3)
    expect(missing.stderr.trim()).toBe("scimtrace: cannot read 'test/cli/fixtures/none.json': no such file")
    const malformed = scimtrace(['report', '--saml-identities', 'package.json', 'samples/okta-lifecycle'])
    expect(malformed.code).toBe(3)
    expect(malformed.stderr.trim().split('\n')).toHaveLength(1)
  })
})
