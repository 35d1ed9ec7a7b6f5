/**
 * The explorer's read: any source (here one in memory, as a cluster would be), analyses of what has been read
 * so far while reading goes on, and a final analysis equal to the engine's.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { analyse } from '../../../src/analysis/analyse.js'
import { fileSources } from '../../../src/sources/files.js'
import { type Analysis, analyseSources, type Progress } from '../../../src/views/tui/load.js'
import { createLine, SAMPLE } from './helpers.js'
import { documentsOf, SlowSource } from './memory-source.js'

const FILES = readdirSync(SAMPLE('errors'))
  .filter((name) => name.endsWith('.log'))
  .sort()
  .map((name) => SAMPLE(`errors/${name}`))
const DOCS = documentsOf(FILES)

it('analyses what has been read so far while reading, and ends with the engine’s own analysis', async () => {
  const partials: { records: number; people: number; readAt: number }[] = []
  const progress: Progress[] = []
  const source = new SlowSource(DOCS, 4)
  const final = await analyseSources(
    [source],
    { partialMs: 60 },
    {
      onPartial: (partial: Analysis) =>
        partials.push({
          records: partial.records.length,
          people: partial.timelines.people.length,
          readAt: source.read,
        }),
      onProgress: (p) => progress.push(p),
    },
  )
  const engine = await analyse([new SlowSource(DOCS, 0)])
  expect(final.records.length).toBe(engine.records.length)
  expect(final.timelines.people.map((p) => p.key)).toEqual(engine.timelines.people.map((p) => p.key))
  expect(final.diagnosis.all.map((f) => `${f.rule} ${f.evidence.length}`)).toEqual(
    engine.diagnosis.all.map((f) => `${f.rule} ${f.evidence.length}`),
  )
  // Identity providers settled over all the records, not over the part read when a partial analysis ran.
  expect(final.records.map((r) => `${r.idp}/${r.idpEvidence}`)).toEqual(
    engine.records.map((r) => `${r.idp}/${r.idpEvidence}`),
  )

  expect(partials.length).toBeGreaterThanOrEqual(3)
  for (const [i, partial] of partials.entries()) {
    expect(partial.readAt).toBeLessThan(DOCS.length)
    expect(partial.records).toBeLessThan(final.records.length)
    if (i > 0) expect(partial.records).toBeGreaterThan(partials[i - 1]?.records ?? 0)
  }
  expect(partials.some((p) => p.people > 0)).toBe(true)

  const reading = progress.filter((p) => p.phase === 'reading')
  expect(reading.length).toBeGreaterThan(0)
  expect(reading[0]).toMatchObject({ unit: 'documents', total: DOCS.length })
  expect(progress.at(-1)).toMatchObject({ phase: 'analysing', requests: final.records.length })
}, 30_000)

it('settles identity providers over every request, whatever a partial analysis saw', async () => {
  // One client (a user agent naming no provider, one address): an Okta-shaped create, a lookup with no clue of
  // its own, then an Entra-shaped patch. Over all three the lookup takes the last clue (Entra); a partial
  // analysis run before the patch arrives sees only the create's.
  const base = { severity: 'INFO', ua: 'provisioner/1.0', remote_ip: '10.0.0.1', duration_s: 0.05 }
  const docs = [
    {
      ...base,
      time: '2026-06-01T12:00:00.000Z',
      status: 201,
      method: 'POST',
      path: '/api/scim/v2/groups/hooli/Users',
      params: [
        { key: 'userName', value: 'ann@hooli.example' },
        { key: 'externalId', value: '00uANN0000000001' },
        { key: 'active', value: true },
      ],
    },
    {
      ...base,
      time: '2026-06-01T12:00:01.000Z',
      status: 200,
      method: 'GET',
      path: '/api/scim/v2/groups/hooli/Users',
      params: [{ key: 'filter', value: 'userName eq "bob@hooli.example"' }],
    },
    {
      ...base,
      time: '2026-06-01T12:00:02.000Z',
      status: 204,
      method: 'PATCH',
      path: '/api/scim/v2/groups/hooli/Users/4f1c0b6e-1a2b-4c3d-9e8f-0a1b2c3d4e5f',
      params: [{ key: 'Operations', value: [{ op: 'Replace', path: 'active', value: false }] }],
    },
  ]
  let partials = 0
  const final = await analyseSources(
    [new SlowSource(docs, (index) => (index === 2 ? 400 : 0))],
    { partialMs: 50 },
    { onPartial: () => partials++ },
  )
  const engine = await analyse([new SlowSource(docs, 0)])
  expect(partials).toBeGreaterThan(0)
  const lookup = engine.records.find((r) => r.method === 'GET')
  expect(lookup).toMatchObject({ idp: 'entra', idpEvidence: 'inferred' })
  expect(final.records.map((r) => `${r.idp}/${r.idpEvidence}`)).toEqual(
    engine.records.map((r) => `${r.idp}/${r.idpEvidence}`),
  )
})

it('without onPartial, reads once and analyses once', async () => {
  const final = await analyseSources([new SlowSource(DOCS.slice(0, 20), 0)])
  expect(final.records.length).toBeGreaterThan(0)
  expect(final.accounting.sources.map((s) => s.name)).toEqual(['logs@memory'])
})

it('lets timers (and so keys and partial results) run while a file is read', async () => {
  // A file is read with synchronous reads; without giving way, no timer would fire until reading ended.
  const dir = mkdtempSync(join(tmpdir(), 'scimtrace-load-'))
  const file = join(dir, 'api_json.log')
  const lines: string[] = []
  for (let i = 0; i < 8000; i++) {
    const n = String(i).padStart(6, '0')
    lines.push(
      createLine({
        time: new Date(Date.UTC(2026, 5, 1) + i * 1000).toISOString(),
        userName: `user${n}@hooli.example`,
        externalId: `00uTEST${n}000`,
      }),
    )
  }
  writeFileSync(file, `${lines.join('\n')}\n`)
  let ticks = 0
  let partials = 0
  const timer = setInterval(() => ticks++, 5)
  try {
    const final = await analyseSources(
      fileSources([file]),
      { partialMs: 10 },
      { onPartial: () => partials++ },
    )
    expect(final.records.length).toBe(8000)
  } finally {
    clearInterval(timer)
    rmSync(dir, { recursive: true, force: true })
  }
  expect(ticks).toBeGreaterThan(0)
  expect(partials).toBeGreaterThan(0)
})
