/**
 * `readSources`' `pause` control (the explorer's pacer): asked every 256 records, awaited when it gives a
 * promise, and without effect on what is read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { readSources } from '../../src/analysis/analyse.js'
import { fileSources } from '../../src/sources/files.js'
import { createLine } from '../views/tui/helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'scimtrace-pause-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** 1,100 creates, with a line of other traffic after every tenth. */
function writeLog(): string {
  const lines: string[] = []
  for (let i = 0; i < 1100; i++) {
    const n = String(i).padStart(4, '0')
    lines.push(
      createLine({
        time: new Date(Date.UTC(2026, 5, 1, 12) + i * 1000).toISOString(),
        userName: `u${n}@hooli.example`,
        externalId: `ext${n}`,
      }),
    )
    if (i % 10 === 9)
      lines.push(
        JSON.stringify({
          time: '2026-06-01T12:00:00.000Z',
          method: 'GET',
          path: '/api/v4/projects',
          status: 200,
        }),
      )
  }
  const path = join(dir, 'api_json.log')
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

it('pauses every 256 records while reading, and reads the same records', async () => {
  const file = writeLog()
  const plain = await readSources(fileSources([file]))
  let asked = 0
  let awaited = 0
  const read = await readSources(
    fileSources([file]),
    {},
    {
      pause: () => {
        asked++
        // Every other time, a real turn of the event loop.
        if (asked % 2 === 1) return undefined
        return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          awaited++
        })
      },
    },
  )
  expect(plain.records.length).toBe(1100)
  expect(asked).toBe(Math.floor(1100 / 256))
  expect(awaited).toBe(Math.floor(asked / 2))
  const origins = (records: typeof plain.records) => records.map((r) => r.origin.line)
  expect(origins(read.records)).toEqual(origins(plain.records))
  expect(read.accounting).toEqual(plain.accounting)
})
