/**
 * Report inputs for the renderer tests: the engine run on a sample, or on a few hand-written log lines, in
 * this thread (no CLI).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Analysis } from '../../src/analysis/analyse.js'
import type { ReportInput } from '../../src/views/report.js'
import { analyseFiles } from '../pipeline/load.js'

export function reportInput(analysis: Analysis): ReportInput {
  return {
    timelines: analysis.timelines,
    byPerson: analysis.diagnosis.byPerson,
    groupFindings: analysis.diagnosis.groupFindings,
    accounting: analysis.accounting,
    redacted: false,
  }
}

/** The engine on log documents written to a temporary `api_json.log`. */
export async function analyseLines(docs: Record<string, unknown>[]): Promise<Analysis> {
  const dir = mkdtempSync(join(tmpdir(), 'scimtrace-views-'))
  try {
    const file = join(dir, 'api_json.log')
    writeFileSync(file, `${docs.map((doc) => JSON.stringify(doc)).join('\n')}\n`)
    return await analyseFiles([file])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const USERS = '/api/scim/v2/groups/acme/Users'

/** A create whose userName and name carry a terminal escape, a Markdown pipe and HTML, then its 412 retry. */
export const HOSTILE_DOCS: Record<string, unknown>[] = [
  {
    time: '2024-05-14T09:00:00.000Z',
    method: 'POST',
    path: USERS,
    status: 201,
    ua: 'Okta SCIM Client 1.0.0',
    params: [
      { key: 'externalId', value: 'x1' },
      { key: 'userName', value: 'eve\u001b[31m|<b>x</b>' },
      { key: 'emails', value: [{ type: 'work', value: 'eve@acme.example', primary: true }] },
      { key: 'name', value: { givenName: 'Eve', familyName: 'Pipe|Name' } },
    ],
  },
  {
    time: '2024-05-14T09:05:00.000Z',
    method: 'POST',
    path: USERS,
    status: 412,
    ua: 'Okta SCIM Client 1.0.0',
    params: [
      { key: 'externalId', value: 'x2' },
      { key: 'userName', value: 'mallory' },
      { key: 'emails', value: [{ type: 'work', value: 'mallory@other.example', primary: true }] },
      { key: 'name', value: { givenName: 'Mal', familyName: 'Lory' } },
    ],
  },
]
