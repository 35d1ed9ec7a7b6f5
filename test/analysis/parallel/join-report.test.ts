/**
 * A report built in shares, one per set of groups, and joined (`joinReport`) is the report built whole:
 * the property the two-thread `report` relies on.
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBigLog } from '../../../samples/generator/big.js'
import { addTallies, joinReport } from '../../../src/analysis/parallel/join-report.js'
import type { AccountingSnapshot } from '../../../src/common/accounting.js'
import { diagnose, workingGroups } from '../../../src/diagnosis/index.js'
import { type GitLabEra, inferEra, timelineOptions } from '../../../src/diagnosis/versions/infer.js'
import { type ScimRecord, settleRecords } from '../../../src/records/index.js'
import { buildTimelines } from '../../../src/timelines/build.js'
import {
  type FindingTallies,
  findingTallies,
  groupFindingTexts,
  personTexts,
  type ReportFindings,
  recordsSummary,
  reportJsonPieces,
  summaryJson,
} from '../../../src/views/report.js'
import { ERROR_SAMPLES, loadRecords, oneThreadReport, ROOT } from '../../pipeline/load.js'

const otherSamples = ['okta-lifecycle', 'entra-lifecycle', 'healthy', 'mixed', 'rotated', 'exports'].map(
  (name) => join(ROOT, 'samples', name),
)
let dir: string
let bigLog: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scimtrace-parts-'))
  bigLog = join(dir, 'api_json.log')
  await writeBigLog({ path: bigLog, bytes: 3 << 20, seed: 5 })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function findingsOf(
  records: readonly ScimRecord[],
  working?: readonly string[],
  gitlab?: GitLabEra,
): ReportFindings {
  const timelines = buildTimelines(records, gitlab ? timelineOptions(gitlab) : {})
  const diagnosis = diagnose(timelines, {
    ...(working ? { workingGroups: working } : {}),
    ...(gitlab ? { gitlab } : {}),
  })
  return { timelines, byPerson: diagnosis.byPerson, groupFindings: diagnosis.groupFindings }
}

/** The report with the groups dealt into `parts` shares by `share(groupIndex)`, each built on its own. */
function inParts(
  records: ScimRecord[],
  accounting: AccountingSnapshot,
  parts: number,
  share: (groupIndex: number) => number,
): string {
  const groups: string[] = []
  const shares: ScimRecord[][] = Array.from({ length: parts }, () => [])
  for (const record of records) {
    const group = `${record.scopeKind}:${record.scope}`
    let index = groups.indexOf(group)
    if (index < 0) index = groups.push(group) - 1
    shares[share(index)]?.push(record)
  }
  // The one fact a rule takes from other groups is passed in (`DiagnosisOptions.workingGroups`), with the
  // GitLab era of the whole run.
  const working = workingGroups(records)
  const era = inferEra(records)
  const built = shares.map((share) => findingsOf(share, working, era))
  let tallies: FindingTallies = { byRule: {}, bySeverity: { error: 0, warning: 0, info: 0 } }
  for (const findings of built) tallies = addTallies(tallies, findingTallies(findings))
  const summary = summaryJson({
    records: recordsSummary(settleRecords(records)),
    people: built.reduce((n, findings) => n + findings.timelines.people.length, 0),
    probes: built.reduce((n, findings) => n + (findings.timelines.probes?.length ?? 0), 0),
    findings: tallies,
    accounting,
    redacted: false,
    gitlab: era,
  })
  const texts = built.map((findings) => ({
    people: personTexts(findings),
    findings: groupFindingTexts(findings),
  }))
  return [...joinReport(summary, texts)].join('')
}

describe('a report built per group and merged', () => {
  it('is byte for byte the report built whole: every error sample (19 groups), split every way', async () => {
    const { records, accounting } = await loadRecords(ERROR_SAMPLES)
    const groups = new Set(records.map((r) => r.scope)).size
    expect(groups).toBeGreaterThanOrEqual(19)
    const expected = oneThreadReport({ records, accounting })
    const report = JSON.parse(expected) as { people: unknown[]; findings: unknown[] }
    expect(report.people.length).toBeGreaterThan(20)
    expect(report.findings.length).toBeGreaterThan(3)
    expect(inParts(records, accounting, 2, (g) => g % 2)).toBe(expected)
    expect(inParts(records, accounting, 2, (g) => (g < 5 ? 1 : 0))).toBe(expected)
    expect(inParts(records, accounting, groups, (g) => g)).toBe(expected)
    expect(inParts(records, accounting, 3, (g) => (g * 7) % 3)).toBe(expected)
    expect(inParts(records, accounting, 2, () => 1)).toBe(expected) // one share empty
  })

  it("needs the whole run's working groups: without them a mistyped group path is not recognised", async () => {
    const { records, accounting } = await loadRecords(ERROR_SAMPLES)
    const expected = oneThreadReport({ records, accounting })
    expect(expected).toContain('requests to the group sliceline succeed')
    // slice-line (404s) and sliceline (working) built apart, each without the other's groups.
    const typo = records.filter((r) => r.scope === 'slice-line')
    const alone = [...reportJsonPieces({ ...findingsOf(typo), accounting, redacted: false })].join('')
    expect(alone).not.toContain('requests to the group sliceline succeed')
    const told = [
      ...reportJsonPieces({ ...findingsOf(typo, workingGroups(records)), accounting, redacted: false }),
    ]
    expect(told.join('')).toContain('requests to the group sliceline succeed')
  })

  it('is the report built whole for a generated busy log (two groups) and all samples together', async () => {
    for (const files of [[bigLog], [...ERROR_SAMPLES, ...otherSamples]]) {
      const { records, accounting } = await loadRecords(files)
      expect(new Set(records.map((r) => r.scope)).size).toBeGreaterThanOrEqual(2)
      const expected = oneThreadReport({ records, accounting })
      expect(inParts(records, accounting, 2, (g) => g % 2)).toBe(expected)
      expect(inParts(records, accounting, 2, (g) => 1 - (g % 2))).toBe(expected)
    }
  })
})
