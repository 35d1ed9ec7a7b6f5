/**
 * The engine: any `Source` in, records, timelines, diagnosis and accounting out, with progress and warnings
 * as events and an `AbortSignal` that reaches the sources.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyse, EMPTY_TIMELINES } from '../../src/analysis/analyse.js'
import { fileSources } from '../../src/sources/files.js'
import type { Source, SourceContext, SourceProgress } from '../../src/sources/source.js'
import type { RawEntry } from '../../src/sources/types.js'
import { ROOT } from '../pipeline/load.js'

const SAMPLE = join(ROOT, 'samples/errors/inactive-identity.log')
const docs = readFileSync(SAMPLE, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as Record<string, unknown>)

/** A source that is not a file (as an Elasticsearch query would be): documents in memory, counted as read. */
class MemorySource implements Source {
  readonly description = 'logs@memory'
  read = 0
  checked = false
  seen: SourceContext | undefined
  constructor(
    private readonly items: Record<string, unknown>[],
    private readonly pauseMs = 0,
  ) {}
  async check(): Promise<void> {
    this.checked = true
  }
  async *entries(context: SourceContext): AsyncGenerator<RawEntry> {
    this.seen = context
    const tally = context.accounting.addSource({
      name: this.description,
      format: 'es-json',
      bytes: 0,
      lines: 0,
    })
    for (const doc of this.items) {
      if (this.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseMs))
      context.signal?.throwIfAborted()
      this.read++
      context.accounting.lines++
      tally.lines++
      yield { doc, origin: { source: this.description, item: this.read } }
    }
  }
  progress(): SourceProgress {
    return { unit: 'documents', done: this.read, total: this.items.length }
  }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scimtrace-analyse-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('analyse', () => {
  it('reads any source the way it reads files: the same people and findings', async () => {
    const memory = await analyse([new MemorySource(docs)])
    const files = await analyse(fileSources([SAMPLE]))
    expect(memory.records.length).toBe(files.records.length)
    expect(memory.records.length).toBeGreaterThan(0)
    expect(memory.timelines.people.map((p) => p.key)).toEqual(files.timelines.people.map((p) => p.key))
    expect(memory.diagnosis.all.map((f) => f.rule)).toEqual(files.diagnosis.all.map((f) => f.rule))
    expect(memory.diagnosis.all.length).toBeGreaterThan(0)
    expect(memory.accounting.sources.map((s) => s.name)).toEqual(['logs@memory'])
    expect(memory.accounting.scim).toBe(memory.records.length)
  })

  it('stops after the stage asked for', async () => {
    const records = await analyse(fileSources([SAMPLE]), { until: 'records' })
    expect(records.records.length).toBeGreaterThan(0)
    expect(records.timelines).toBe(EMPTY_TIMELINES)
    const timelines = await analyse(fileSources([SAMPLE]), { until: 'timelines' })
    expect(timelines.timelines.people.length).toBeGreaterThan(0)
    expect(timelines.diagnosis.all).toEqual([])
  })

  it('reports progress while reading, with the SCIM requests so far', async () => {
    const events: (SourceProgress & { scim: number })[] = []
    await analyse([new MemorySource(docs.slice(0, 8), 80)], {}, { onProgress: (p) => events.push(p) })
    expect(events.length).toBeGreaterThan(0)
    const last = events[events.length - 1]
    expect(last?.unit).toBe('documents')
    expect(last?.total).toBe(8)
    expect(last?.done).toBeGreaterThan(0)
    expect(last?.scim).toBeGreaterThan(0)
  })

  it('warns, as an event, about a file that looks like no known format', async () => {
    const odd = join(dir, 'notes.txt')
    writeFileSync(odd, 'hello\nworld\n')
    const warnings: string[] = []
    const result = await analyse(fileSources([odd]), {}, { onWarning: (w) => warnings.push(w) })
    expect(warnings).toEqual([
      `'${odd}' does not look like an api_json.log or a Kibana/Elasticsearch export; read as api_json (see --input-format)`,
    ])
    expect(result.accounting.lines).toBe(2)
  })

  it('passes the abort signal down to the sources, and stops when it fires', async () => {
    const controller = new AbortController()
    const source = new MemorySource(docs, 20)
    const run = analyse([source], {}, { signal: controller.signal })
    setTimeout(() => controller.abort(), 70)
    await expect(run).rejects.toMatchObject({ name: 'AbortError' })
    expect(source.seen?.signal).toBe(controller.signal)
    expect(source.read).toBeLessThan(docs.length)
  })

  it('checks every source before it reads the first', async () => {
    const first = new MemorySource(docs)
    await expect(analyse([first, ...fileSources([join(dir, 'missing.log')])])).rejects.toThrow(
      /cannot read .*missing\.log/,
    )
    expect(first.checked).toBe(true)
    expect(first.read).toBe(0)
  })
})

describe('readSources with keep', () => {
  it('keeps only the records asked for, shows every record to onRecord, and counts them all', async () => {
    const { readSources } = await import('../../src/analysis/analyse.js')
    const all = await readSources(fileSources([SAMPLE]))
    const seen: string[] = []
    const kept = await readSources(
      fileSources([SAMPLE]),
      {},
      {
        keep: (record) => record.method === 'POST',
        onRecord: (record) => seen.push(record.method),
      },
    )
    expect(all.records.some((r) => r.method !== 'POST')).toBe(true)
    expect(kept.records.map((r) => r.origin)).toEqual(
      all.records.filter((r) => r.method === 'POST').map((r) => r.origin),
    )
    expect(seen).toHaveLength(all.records.length)
    expect(kept.accounting.scim).toBe(all.accounting.scim)
  })
})
