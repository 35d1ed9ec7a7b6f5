/**
 * The per-person guard (issue 14): a rule or view that throws for one person becomes a visible
 * `internal-error` finding (rule id and message), the rest of the report is written, and the exit code is 5.
 * `SCIMTRACE_FAULT` injects the failure; the probe's lone-surrogate line (D1) is a real one on today's rules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT } from '../../src/common/errors.js'
import { guardRule, guardSteps, internalErrorFinding } from '../../src/diagnosis/guard.js'
import { scimtrace } from '../cli/run.js'

const SAMPLE = 'samples/errors/user-already-taken.log'
const dir = mkdtempSync(join(tmpdir(), 'scimtrace-guard-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('guardRule', () => {
  it('turns a throw into one internal-error finding naming the rule and the message', () => {
    const findings = guardRule('some-rule', undefined, () => {
      throw new Error('URI malformed')
    })
    expect(findings).toHaveLength(1)
    expect(findings[0]?.rule).toBe('internal-error')
    expect(findings[0]?.title).toContain('rule some-rule')
    expect(findings[0]?.title).toContain('URI malformed')
  })
  it('passes findings through when nothing throws', () => {
    const finding = internalErrorFinding('x', new Error('y'))
    expect(guardRule('x', undefined, () => [finding])).toEqual([finding])
  })
})

describe('guardSteps', () => {
  it('turns a throw in a later step into one internal-error finding', () => {
    const steps = guardSteps('stepped-rule', undefined, function* () {
      yield
      throw new Error('failed in step 2')
    })
    let next = steps.next()
    expect(next.done).toBe(false)
    next = steps.next()
    expect(next.done).toBe(true)
    const findings = next.value as ReturnType<typeof internalErrorFinding>[]
    expect(findings.map((f) => f.rule)).toEqual(['internal-error'])
    expect(findings[0]?.title).toContain('rule stepped-rule')
    expect(findings[0]?.title).toContain('failed in step 2')
  })
  it("passes the steps' findings through, and fails a rule named by the injected fault", () => {
    const finding = internalErrorFinding('x', new Error('y'))
    const passed = guardSteps('x', undefined, function* () {
      yield
      return [finding]
    })
    passed.next()
    expect(passed.next()).toEqual({ done: true, value: [finding] })
    const injected = guardSteps('x', 'x', function* () {
      yield
      return [finding]
    }).next()
    expect(injected.done).toBe(true)
    expect(JSON.stringify(injected.value)).toContain('injected fault')
  })
})

describe('a failing rule or view costs only its own finding', () => {
  it.each([['text'], ['markdown'], ['json']])(
    'report -f %s: written, with internal-error, exit 5',
    (format) => {
      const healthy = scimtrace(['report', '-q', '-f', format, SAMPLE])
      expect(healthy.code).toBe(EXIT.ok)
      const result = scimtrace(['report', '-q', '-f', format, SAMPLE], {
        env: { SCIMTRACE_FAULT: 'user-already-taken' },
      })
      expect(result.code).toBe(EXIT.incomplete)
      expect(result.stdout).toContain('internal-error')
      expect(result.stdout).toContain('user-already-taken')
      expect(result.stdout).toContain('injected fault')
      // The other people and the totals are still there.
      expect(result.stdout).toContain('laurie.bream@endframe.example')
    },
  )

  it('split JSON report (two threads) says so too', () => {
    const result = scimtrace(['report', '-q', '-f', 'json', SAMPLE, 'samples/okta-lifecycle'], {
      env: { SCIMTRACE_FAULT: 'user-already-taken', SCIMTRACE_SPLIT_MIN: '0' },
    })
    expect(result.code).toBe(EXIT.incomplete)
    expect(JSON.parse(result.stdout).summary.byRule['internal-error']).toBeGreaterThan(0)
  })

  it.each([['text'], ['markdown'], ['json']])(
    'a failing view (-f %s) shows the person as internal-error',
    (format) => {
      const result = scimtrace(['report', '-q', '-f', format, SAMPLE], { env: { SCIMTRACE_FAULT: 'view' } })
      expect(result.code).toBe(EXIT.incomplete)
      expect(result.stdout).toContain('internal-error')
    },
  )

  it('a group rule that runs in steps (unsupported-filter) fails alone too', () => {
    const result = scimtrace(['report', '-q', '-f', 'json', SAMPLE], {
      env: { SCIMTRACE_FAULT: 'unsupported-filter' },
    })
    expect(result.code).toBe(EXIT.incomplete)
    const report = JSON.parse(result.stdout)
    expect(report.summary.byRule['internal-error']).toBe(1)
    expect(JSON.stringify(report.findings)).toContain('rule unsupported-filter')
    expect(report.summary.byRule['user-already-taken']).toBeGreaterThan(0)
  })

  it('explain exits 5 for a person whose rule failed', () => {
    const result = scimtrace(['explain', '-q', 'laurie.bream@endframe.example', SAMPLE], {
      env: { SCIMTRACE_FAULT: 'user-already-taken' },
    })
    expect(result.code).toBe(EXIT.incomplete)
    expect(result.stdout).toContain('internal-error')
  })

  it('the probe D1 line gives a report, not exit 1', () => {
    const file = join(dir, 'ls.log')
    writeFileSync(
      file,
      '{"time":"2024-05-14T09:10:01Z","status":404,"method":"GET","path":"/api/scim/v2/groups/g/Users/abc\\uD800","params":[]}\n',
    )
    for (const format of ['text', 'markdown', 'json']) {
      const result = scimtrace(['report', '-q', '-f', format, file])
      expect([EXIT.ok, EXIT.incomplete]).toContain(result.code)
      expect(result.stdout).toContain('abc\\ud800') // escaped, never raw
    }
  })
})

describe('one bad person never loses the rest: table rows, explain and timeline', () => {
  const OKTA = 'samples/okta-lifecycle/api_json.log'
  const people = () =>
    JSON.parse(scimtrace(['users', '-q', '-f', 'json', OKTA]).stdout) as { key: string; emails: string[] }[]
  const [bad, ...good] = people()

  it.each([[['report']], [['users']]])(
    '%j: a failing row shows that person as internal-error, every other row is drawn',
    (command) => {
      const healthy = scimtrace([...command, '-q', OKTA])
      expect(healthy.code).toBe(EXIT.ok)
      expect(healthy.stdout).not.toContain('internal-error')
      const result = scimtrace([...command, '-q', OKTA], { env: { SCIMTRACE_FAULT: `row:${bad?.key}` } })
      expect(result.code).toBe(EXIT.incomplete)
      expect(result.stdout).toContain('internal-error')
      expect(result.stdout).toContain('injected fault in row')
      expect(result.stdout).toContain(bad?.key)
      expect(result.stdout).not.toContain(bad?.emails[0])
      for (const person of good) expect(result.stdout).toContain(person.emails[0])
      // The same table, one row replaced: as many lines as before, plus the error below it.
      const rows = (text: string) => text.split('\n').filter((l) => l.includes('hooli')).length
      expect(rows(result.stdout)).toBe(rows(healthy.stdout))
    },
  )

  it.each([['header'], ['timeline'], ['attributes']])(
    'explain and timeline: a failing %s shows the internal error, the other parts are written',
    (part) => {
      for (const command of ['explain', 'timeline']) {
        const healthy = scimtrace([command, '-q', bad?.key ?? '', OKTA])
        const result = scimtrace([command, '-q', bad?.key ?? '', OKTA], { env: { SCIMTRACE_FAULT: part } })
        expect(result.code, command).toBe(EXIT.incomplete)
        expect(result.stdout, command).toContain(`injected fault in ${part}`)
        // Every other part is written as it was: the healthy output's blocks but the failed one.
        const blocks = healthy.stdout.split('\n\n').filter((b) => b.trim() !== '')
        const failed = (block: string, i: number) =>
          part === 'header' ? i === 0 : block.startsWith(part === 'timeline' ? 'Timeline' : 'Attributes')
        expect(blocks.filter(failed), command).toHaveLength(1)
        for (const [i, block] of blocks.entries()) {
          if (failed(block, i)) expect(result.stdout, command).not.toContain(block)
          else expect(result.stdout, command).toContain(block)
        }
      }
    },
  )

  it('explain: a failing finding keeps the person and the other findings', () => {
    const who = 'laurie.bream@endframe.example'
    const healthy = scimtrace(['explain', '-q', who, SAMPLE])
    expect(healthy.stdout).toContain('user-already-taken')
    const result = scimtrace(['explain', '-q', who, SAMPLE], { env: { SCIMTRACE_FAULT: 'finding' } })
    expect(result.code).toBe(EXIT.incomplete)
    expect(result.stdout).toContain('injected fault in finding')
    // Timeline and attributes as before.
    const timeline = healthy.stdout.slice(0, healthy.stdout.indexOf('user-already-taken'))
    expect(result.stdout.startsWith(timeline.slice(0, timeline.lastIndexOf('\n')))).toBe(true)
  })

  it.each([['explain'], ['timeline']])(
    '%s -f json: a failing view is the person key with the internal error',
    (command) => {
      const result = scimtrace([command, '-q', '-f', 'json', bad?.key ?? '', OKTA], {
        env: { SCIMTRACE_FAULT: 'view' },
      })
      expect(result.code).toBe(EXIT.incomplete)
      const json = JSON.parse(result.stdout) as { key: string; findings: { rule: string }[] }
      expect(json.key).toBe(bad?.key)
      expect(json.findings[0]?.rule).toBe('internal-error')
    },
  )
})
