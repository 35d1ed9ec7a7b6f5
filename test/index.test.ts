/**
 * The library entry point: every stage is reachable from `scimtrace` (package.json `exports`), and the
 * stages compose into the same report the CLI prints.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as scimtrace from '../src/index.js'
import { BIN } from './cli/run.js'

const root = fileURLToPath(new URL('../', import.meta.url))
const SAMPLE = 'samples/errors/inactive-identity.log'

describe('the library entry point', () => {
  it('exports each stage, and they compose into the report the CLI prints', async () => {
    const accounting = new scimtrace.Accounting()
    const records: scimtrace.ScimRecord[] = []
    const entries = scimtrace.readEntries([SAMPLE], { accounting, selection: scimtrace.RECORD_SELECTION })
    for await (const record of scimtrace.toRecords(entries, accounting)) records.push(record)
    // The GitLab version the log shows decides how requests replay and which rules apply (`--gitlab-version`
    // would give it).
    const gitlab = scimtrace.inferEra(records)
    const timelines = scimtrace.buildTimelines(records, scimtrace.timelineOptions(gitlab))
    const diagnosis = scimtrace.diagnose(timelines, { gitlab })
    const report = scimtrace.reportJson({
      timelines,
      byPerson: diagnosis.byPerson,
      groupFindings: diagnosis.groupFindings,
      accounting: accounting.snapshot(),
      redacted: false,
      gitlab,
    })
    expect(report.people.length).toBeGreaterThan(0)
    const cli = JSON.parse(
      execFileSync(process.execPath, [BIN, 'report', '--format', 'json', '-q', SAMPLE], {
        cwd: root,
        encoding: 'utf8',
      }),
    )
    // Sources are named as given; the CLI was given the same relative path.
    expect(report).toEqual(cli)
  })

  it('resolves by package name from the built files (package.json main/exports), with the same names', async () => {
    const script = "import('scimtrace').then((m) => console.log(JSON.stringify(Object.keys(m).sort())))"
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    })
    // The built files export what the sources do (a stale dist/ fails here: run `npm run build`).
    expect(JSON.parse(out)).toEqual(Object.keys(scimtrace).sort())
    expect(Object.keys(scimtrace)).toEqual(
      expect.arrayContaining(['readEntries', 'toRecords', 'buildTimelines', 'diagnose', 'reportJson']),
    )
  })
})
