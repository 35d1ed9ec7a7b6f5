/**
 * D3 of the reliability probe: every output at 1,000,000 rows. Above ~120,000 rows, `Math.max(...cells)` and
 * `out.push(...lines)` overflowed the stack ("Maximum call stack size exceeded"), so `users`, `search` and the
 * text and Markdown reports exited 1. The rows are built in-process (one person, one record, repeated): the
 * renderers' cost is per row, which is what is tested, not the reader's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { Accounting } from '../../src/common/accounting.js'
import { diagnose } from '../../src/diagnosis/index.js'
import type { ScimRecord } from '../../src/records/types.js'
import { buildTimelines } from '../../src/timelines/index.js'
import type { Person, Timelines } from '../../src/timelines/types.js'
import { PLAIN } from '../../src/views/color.js'
import { renderMarkdownReport } from '../../src/views/markdown.js'
import { renderUsersTable } from '../../src/views/person.js'
import { renderRecordsTable } from '../../src/views/records.js'
import { type ReportInput, reportJsonPieces } from '../../src/views/report.js'
import { renderTextReport } from '../../src/views/text-report.js'
import { O, records, t } from '../diagnosis/helpers.js'

const ROWS = 1_000_000

const base = buildTimelines(
  records([
    O.lookup(t(0), 'jane'),
    O.create(t(1), { uid: 'x1', email: 'jane@hooli.example', userName: 'jane' }),
  ]),
)
const person = base.people[0] as Person
const record = base.records[0] as ScimRecord

function many<T>(item: T, n = ROWS): T[] {
  return new Array<T>(n).fill(item)
}

function input(people: Person[], timelines: Partial<Timelines> = {}): ReportInput {
  return {
    timelines: { ...base, people, records: base.records, ...timelines },
    byPerson: new Map(),
    groupFindings: [],
    accounting: new Accounting().snapshot(),
    redacted: false,
  }
}

function countLines(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++
  return n
}

describe('outputs at 1,000,000 rows (D3)', () => {
  it('users table', { timeout: 180_000 }, () => {
    expect(countLines(renderUsersTable(many(person), PLAIN))).toBe(ROWS + 1)
  })

  it('search table', { timeout: 180_000 }, () => {
    expect(countLines(renderRecordsTable(many(record), PLAIN))).toBe(ROWS + 1)
  })

  it('text report', { timeout: 180_000 }, () => {
    expect(countLines(renderTextReport(input(many(person)), PLAIN))).toBeGreaterThan(ROWS)
  })

  it('Markdown report', { timeout: 180_000 }, () => {
    expect(countLines(renderMarkdownReport(input(many(person))))).toBeGreaterThan(ROWS)
  })

  it('JSON report, streamed in parts', { timeout: 180_000 }, () => {
    let people = 0
    for (const part of reportJsonPieces(input(many(person))))
      for (let i = part.indexOf('{"key":'); i !== -1; i = part.indexOf('{"key":', i + 1)) people++
    expect(people).toBe(ROWS)
  })

  it('diagnosis with 1,000,000 unexplained failures', { timeout: 180_000 }, () => {
    const failing = { ...record, status: 418 } as ScimRecord
    const failures: ScimRecord[] = new Array(ROWS)
    for (let i = 0; i < ROWS; i++) failures[i] = { ...failing, scope: `g${i}` }
    const diagnosis = diagnose({ people: [], unattributed: [], records: failures })
    expect(diagnosis.groupFindings.length).toBe(ROWS)
  })
})

/** Calls that spread an array into arguments (`f(...xs)`), anywhere in src/: each is one overflow away. */
function spreadCalls(dir: string): string[] {
  const found: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      found.push(...spreadCalls(path))
      continue
    }
    if (!path.endsWith('.ts')) continue
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart())
        found.push(`${path}:${line + 1}: ${node.parent.getText().slice(0, 80)}`)
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return found
}

describe('no spread into arguments in src/ (D3)', () => {
  it('finds none', () => {
    expect(spreadCalls(join(import.meta.dirname, '../../src'))).toEqual([])
  })
})
