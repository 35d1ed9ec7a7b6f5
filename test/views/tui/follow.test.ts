import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { followFiles } from '../../../src/views/tui/follow.js'
import type { Analysis } from '../../../src/views/tui/load.js'
import { createLine, loadAnalysis } from './helpers.js'

const line = (n: number, status = 201) =>
  `${createLine({ time: `2026-06-01T12:00:0${n}.000Z`, userName: `user${n}@hooli.example`, externalId: `00uFOLLOW00000${n}`, status })}\n`

function nextUpdate(updates: Analysis[], count: number): Promise<Analysis> {
  return new Promise((resolve, reject) => {
    const until = Date.now() + 10_000
    const check = () => {
      if (updates.length >= count) resolve(updates[count - 1] as Analysis)
      else if (Date.now() > until) reject(new Error('no update'))
      else setTimeout(check, 20)
    }
    check()
  })
}

it('follows appended lines (whole lines only) and a logrotate rename, like tail -F', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scimtrace-follow-'))
  const file = join(dir, 'api_json.log')
  writeFileSync(file, line(1))
  const initial = await loadAnalysis([file])
  const updates: Analysis[] = []
  const errors: unknown[] = []
  const stop = followFiles(
    [{ path: file, display: file }],
    initial,
    (a) => updates.push(a),
    (e) => errors.push(e),
    { intervalMs: 30 },
  )
  try {
    // Half a line is not read until its end arrives.
    const second = line(2)
    appendFileSync(file, second.slice(0, 40))
    await new Promise((r) => setTimeout(r, 150))
    expect(updates).toHaveLength(0)
    appendFileSync(file, second.slice(40))
    const afterAppend = await nextUpdate(updates, 1)
    expect(afterAppend.timelines.people.map((p) => p.emails[0])).toEqual([
      'user1@hooli.example',
      'user2@hooli.example',
    ])
    expect(afterAppend.records[1]?.origin).toEqual({ source: file, line: 2 })
    expect(afterAppend.accounting.scim).toBe(2)
    expect(afterAppend.accounting.sources[0]?.lines).toBe(2)

    // logrotate: the file is renamed away and a new one created.
    renameSync(file, `${file}.1`)
    writeFileSync(file, line(3, 409))
    const afterRotate = await nextUpdate(updates, 2)
    expect(afterRotate.records).toHaveLength(3)
    expect(afterRotate.records[2]?.origin).toEqual({ source: file, line: 1 })
    expect(afterRotate.diagnosis.byPerson.get(afterRotate.timelines.people[2]?.key ?? '')?.[0]?.rule).toBe(
      'user-already-taken',
    )
    expect(errors).toEqual([])
  } finally {
    stop()
  }
})
