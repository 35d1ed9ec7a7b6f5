import { describe, expect, it } from 'vitest'
import { diagnose } from '../../src/diagnosis/index.js'
import { buildTimelines } from '../../src/timelines/build.js'
import { palette } from '../../src/views/color.js'
import { jsonText, prettyJsonFor, writePieces } from '../../src/views/json.js'
import { jsonReportView, type ReportInput, reportJson, reportJsonPieces } from '../../src/views/report.js'
import { loadRecords } from '../pipeline/load.js'

async function reportInput(...files: string[]): Promise<ReportInput> {
  const { records, accounting } = await loadRecords(files)
  const timelines = buildTimelines(records)
  const diagnosis = diagnose(timelines)
  return {
    timelines,
    byPerson: diagnosis.byPerson,
    groupFindings: diagnosis.groupFindings,
    accounting,
    redacted: false,
  }
}

describe('the streamed JSON report', () => {
  it('is exactly JSON.stringify of the report model, people and group findings included', async () => {
    const input = await reportInput(
      'samples/mixed/api_json.log',
      'samples/errors/authentication-failure.log',
      'samples/errors/user-already-taken.log',
      'samples/errors/scim-app-changed.log',
    )
    const model = reportJson(input)
    expect(model.people.length).toBeGreaterThan(5)
    expect(model.findings.length).toBeGreaterThan(0)
    expect(model.people.some((p) => (p.findings as unknown[]).length > 0)).toBe(true)
    expect([...reportJsonPieces(input)].join('')).toBe(JSON.stringify(model))
  })

  it('is what the report view writes when compact, in pieces; indented, in one write', async () => {
    const sample = await reportInput('samples/mixed/api_json.log', 'samples/errors/user-already-taken.log')
    // Several MiB of people: more than one write's worth.
    const people = new Array(4000).fill(sample.timelines.people).flat()
    const input = { ...sample, timelines: { ...sample.timelines, people } }
    const written = (pretty: boolean) => {
      const writes: string[] = []
      jsonReportView.render(input, { write: (text) => writes.push(text), colors: palette(false), pretty })
      return writes
    }
    const compact = written(false)
    expect(compact.join('')).toBe(`${jsonText(reportJson(input), false)}\n`)
    expect(compact.length).toBeGreaterThan(2)
    expect(Math.max(...compact.map((text) => text.length))).toBeLessThan(2 * 1024 * 1024)
    expect(written(true)).toEqual([`${jsonText(reportJson(input), true)}\n`])
  })

  it('is valid JSON with nobody in it', async () => {
    const input = await reportInput('samples/healthy/api_json.log')
    const empty: ReportInput = { ...input, timelines: { people: [], unattributed: [], records: [] } }
    expect(JSON.parse([...reportJsonPieces(empty)].join(''))).toMatchObject({ people: [], findings: [] })
  })
})

describe('JSON output', () => {
  it('is indented only on a terminal', () => {
    expect(prettyJsonFor({ isTTY: true })).toBe(true)
    expect(prettyJsonFor({ isTTY: false })).toBe(false)
    expect(prettyJsonFor({})).toBe(false)
    expect(jsonText({ a: [1] }, true)).toBe('{\n  "a": [\n    1\n  ]\n}')
    expect(jsonText({ a: [1] }, false)).toBe('{"a":[1]}')
  })

  it('joins pieces into writes of about a mebibyte, ending with a newline', () => {
    const writes: string[] = []
    const piece = 'x'.repeat(300 * 1024)
    writePieces({ write: (text: string) => writes.push(text) }, Array(10).fill(piece))
    expect(writes.join('')).toBe(`${piece.repeat(10)}\n`)
    expect(writes.length).toBe(3) // 4 + 4 + 2 pieces
    expect(writes.every((w) => w.length <= 4 * piece.length + 1)).toBe(true)
  })
})
