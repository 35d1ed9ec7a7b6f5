/**
 * No silent loss, no crash: mutated log lines (cut short, bytes flipped, fields of the wrong type, control
 * characters) go through the whole pipeline, and every line is accounted for as SCIM, other or skipped.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Accounting } from '../../src/common/accounting.js'
import { diagnose } from '../../src/diagnosis/index.js'
import { RECORD_SELECTION, toRecords } from '../../src/records/index.js'
import type { ScimRecord } from '../../src/records/types.js'
import { readEntries } from '../../src/sources/index.js'
import { buildTimelines } from '../../src/timelines/index.js'
import { PLAIN, palette } from '../../src/views/color.js'
import { renderMarkdownReport } from '../../src/views/markdown.js'
import { type ReportInput, reportJson } from '../../src/views/report.js'
import { renderTextReport } from '../../src/views/text-report.js'

/** Deterministic PRNG (mulberry32) so a failure can be reproduced. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WEIRD_VALUES: unknown[] = [
  null,
  42,
  -1,
  true,
  'abc',
  [],
  {},
  [1, 2],
  { key: 1 },
  '\u001b[2J',
  'x'.repeat(5000),
  '',
]

function mutate(line: string, random: () => number): Buffer {
  const choice = Math.floor(random() * 6)
  const bytes = Buffer.from(line, 'utf8')
  if (choice === 0) return bytes.subarray(0, Math.floor(random() * bytes.length)) // cut short, maybe mid-character
  if (choice === 1) {
    // Any byte but a newline, which would split the line in two (and the count with it).
    for (let i = 0; i < 5; i++)
      bytes[Math.floor(random() * bytes.length)] = (Math.floor(random() * 255) + 11) % 256
    return bytes
  }
  if (choice <= 4) {
    // a known field with a value of the wrong type
    const doc = JSON.parse(line) as Record<string, unknown>
    const fields = ['time', 'status', 'method', 'path', 'params', 'ua', 'remote_ip', 'duration_s']
    const field = fields[Math.floor(random() * fields.length)] as string
    doc[field] = WEIRD_VALUES[Math.floor(random() * WEIRD_VALUES.length)]
    if (choice === 4 && Array.isArray(doc.params)) {
      // and a param value of the wrong type
      const params = doc.params as { key: string; value: unknown }[]
      const target = params[Math.floor(random() * params.length)]
      if (target && typeof target === 'object')
        target.value = WEIRD_VALUES[Math.floor(random() * WEIRD_VALUES.length)]
    }
    return Buffer.from(JSON.stringify(doc), 'utf8')
  }
  return bytes
}

const dir = mkdtempSync(join(tmpdir(), 'scimtrace-robust-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('mutated logs go through the whole pipeline', () => {
  const sources = ['samples/entra-lifecycle/api_json.log', 'samples/okta-lifecycle/api_json.log']
  const base = sources.flatMap((file) => readFileSync(file, 'utf8').trimEnd().split('\n'))
  const errors = readFileSync('samples/errors/user-already-taken.log', 'utf8').trimEnd().split('\n')

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: no exception, every line accounted for', async (seed) => {
    const random = prng(seed)
    const lines = [...base, ...errors].map((line) => mutate(line, random))
    const path = join(dir, `mutated-${seed}.log`)
    writeFileSync(path, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])))

    const accounting = new Accounting()
    const records: ScimRecord[] = []
    for await (const record of toRecords(readEntries([path], { accounting }), accounting))
      records.push(record)

    // The CLI's path, which drops non-SCIM documents and unread fields while scanning, makes the same records
    // (compared before buildTimelines, which settles identity providers on the records in place).
    const selectedAccounting = new Accounting()
    const selected: ScimRecord[] = []
    const entries = readEntries([path], { accounting: selectedAccounting, selection: RECORD_SELECTION })
    for await (const record of toRecords(entries, selectedAccounting)) selected.push(record)
    expect(selected).toEqual(records)
    const counts = selectedAccounting.snapshot()
    expect(counts.lines).toBe(lines.length)
    expect(counts.scim + counts.other + counts.skipped).toBe(lines.length)

    const timelines = buildTimelines(records)
    const diagnosis = diagnose(timelines)
    const input: ReportInput = {
      timelines,
      byPerson: diagnosis.byPerson,
      groupFindings: diagnosis.groupFindings,
      accounting: accounting.snapshot(),
      redacted: false,
    }
    expect(() => JSON.stringify(reportJson(input))).not.toThrow()
    // The only escape sequences in terminal output are our own colours; none come from the log.
    const text = renderTextReport(input, PLAIN)
    expect(text).not.toContain('\u001b')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips our own colour codes
    expect(renderTextReport(input, palette(true)).replace(/\u001b\[\d+m/g, '')).toBe(text)
    expect(renderMarkdownReport(input)).not.toContain('\u001b')

    const snapshot = accounting.snapshot()
    expect(snapshot.lines).toBe(lines.length)
    expect(snapshot.scim + snapshot.other + snapshot.skipped).toBe(lines.length)
    expect(snapshot.scim).toBe(records.length)
    // Mutations break some lines but never all: the rest are still used.
    expect(records.length).toBeGreaterThan(0)
  })
})
