import { beforeAll, describe, expect, it } from 'vitest'
import { PLAIN, palette } from '../../src/views/color.js'
import type { ReportInput } from '../../src/views/report.js'
import { renderTextReport } from '../../src/views/text-report.js'
import { analyseSamples } from '../pipeline/load.js'
import { analyseLines, HOSTILE_DOCS, reportInput } from './renderers.js'

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

let sample: ReportInput
let hostile: ReportInput
beforeAll(async () => {
  sample = reportInput(await analyseSamples(['samples/errors/inactive-identity.log']))
  hostile = reportInput(await analyseLines(HOSTILE_DOCS))
})

describe('the text report', () => {
  it('opens with the group, the time span and the totals', () => {
    const lines = renderTextReport(sample, PLAIN).split('\n')
    expect(lines[0]).toBe('SCIM provisioning report · hooli-eng')
    expect(lines[1]).toBe('2024-06-01 12:00:01 → 2024-06-24 15:00:08 UTC · 9 requests · 2 people')
    expect(lines).toContain('Totals')
    expect(lines).toContain('  findings   error 1 · warning 0 · info 1')
    expect(lines).toContain('  status     200 4 · 201 2 · 204 1 · 412 2')
  })

  it('lists the person with an error, their finding with its evidence, why and fix', () => {
    const text = renderTextReport(sample, PLAIN)
    const person = text.indexOf('jian.yang@hooli.example · group hooli-eng · Okta · deactivated')
    const finding = text.indexOf('✗ inactive-or-unlinked-identity — Create rejected (412)')
    expect(person).toBeGreaterThan(0)
    expect(finding).toBeGreaterThan(person)
    const after = text.slice(finding)
    for (const label of ['  evidence  ', '  why       ', '  fix       ']) expect(after).toContain(label)
    expect(after).toContain('samples/errors/inactive-identity.log:7')
    // The error comes before the info finding of the same report.
    expect(text.indexOf('re-added-after-removal —')).toBeGreaterThan(finding)
  })

  it('has no escape sequences with the plain palette, and only adds colour with a coloured one', () => {
    const plain = renderTextReport(sample, PLAIN)
    const colored = renderTextReport(sample, palette(true))
    expect(plain).not.toMatch(ANSI)
    expect(colored).toMatch(ANSI)
    expect(colored.replace(ANSI, '')).toBe(plain)
  })

  it('shows control characters from the log escaped, never raw', () => {
    const text = renderTextReport(hostile, PLAIN)
    expect(text).not.toContain('\u001b')
    expect(text).toContain('\\x1b[31m')
  })
})
