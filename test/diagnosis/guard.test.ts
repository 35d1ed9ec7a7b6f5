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
import { guardRule, internalErrorFinding } from '../../src/diagnosis/guard.js'
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
