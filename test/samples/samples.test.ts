import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { buildSamples, SCENARIO_RULES, writeSamples } from '../../samples/generator/index.js'
import { RULE_IDS } from '../../src/diagnosis/index.js'

const SAMPLES = join(import.meta.dirname, '../../samples')
/** Sources of the generator live next to the data; they are not generated. */
const isSource = (file: string) => file.endsWith('.ts')

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)))
  }
  return out.sort()
}

const temps: string[] = []
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true })
})

describe('samples generator', () => {
  it('writes byte-identical files on every run', async () => {
    const a = await mkdtemp(join(tmpdir(), 'scimtrace-samples-a-'))
    const b = await mkdtemp(join(tmpdir(), 'scimtrace-samples-b-'))
    temps.push(a, b)
    const filesA = await writeSamples(a)
    await writeSamples(b)
    expect((await listFiles(a)).length).toBe(filesA.length)
    expect(await listFiles(b)).toEqual(await listFiles(a))
    for (const file of await listFiles(a)) {
      const [x, y] = await Promise.all([readFile(join(a, file)), readFile(join(b, file))])
      expect(x.equals(y), file).toBe(true)
    }
  })

  it('matches the committed samples (regenerate with `npm run samples`)', async () => {
    const { files } = buildSamples()
    const committed = (await listFiles(SAMPLES)).filter((f) => !isSource(f))
    expect(committed).toEqual([...files.keys()].sort())
    for (const [file, data] of files) {
      const onDisk = await readFile(join(SAMPLES, file))
      expect(onDisk.equals(data), `${file} differs from the generator's output`).toBe(true)
    }
  })

  it('writes valid, time-ordered api_json.log lines for every scenario', () => {
    const { files } = buildSamples()
    const expected = JSON.parse(String(files.get('answers/scenarios.json'))) as Record<
      string,
      { rules: string[]; lines: number }
    >
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(19)
    for (const [file, entry] of Object.entries(expected)) {
      for (const rule of entry.rules) expect(SCENARIO_RULES).toContain(rule)
      const lines = String(files.get(file)).trimEnd().split('\n')
      expect(lines.length, file).toBe(entry.lines)
      let previous = ''
      for (const line of lines) {
        const doc = JSON.parse(line) as Record<string, unknown>
        // GitLab before 13.0 wrote the timings in milliseconds (samples/generator/versions.ts).
        const timings = file.startsWith('versions/gitlab-12')
          ? ['duration', 'db', 'view']
          : ['duration_s', 'db_duration_s', 'view_duration_s']
        expect(Object.keys(doc).slice(0, 10)).toEqual([
          'time',
          'severity',
          ...timings,
          'status',
          'method',
          'path',
          'params',
          'host',
        ])
        // SCIM requests, or the group SCIM identity API (errors/identity-api.log, issue #13 §5).
        expect(String(doc.path)).toMatch(/^\/api\/scim\/v2\/groups\/|^\/api\/v4\/groups\/[^/]+\/scim\//)
        expect(String(doc.time) >= previous, `${file} is in time order`).toBe(true)
        previous = String(doc.time)
      }
    }
    // Every scenario rule is a rule of the catalogue and is exercised by at least one sample.
    const covered = new Set(Object.values(expected).flatMap((e) => e.rules))
    for (const rule of SCENARIO_RULES) {
      expect(RULE_IDS).toContain(rule)
      expect(covered, rule).toContain(rule)
    }
  })

  it('puts the same requests in every input format', () => {
    const { files } = buildSamples()
    const plain = String(files.get('okta-lifecycle/api_json.log'))
    const docs = plain
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    const ids = docs.map((d) => d.correlation_id)
    const rotated = ['rotated/api_json.log.1.gz', 'rotated/@400000006650a1f20c1b2a3c.s']
      .map((f) => gunzipSync(files.get(f) as Buffer).toString('utf8'))
      .join('')
    expect(rotated + String(files.get('rotated/current'))).toBe(plain)
    const k8s = String(files.get('k8s/api_json.log')).trimEnd().split('\n')
    expect(k8s.map((l) => l.replace(/^\S+ stdout F /, ''))).toEqual(plain.trimEnd().split('\n'))
    const hits = JSON.parse(String(files.get('exports/okta-lifecycle.es-hits.json')))
    expect(hits.hits.hits.map((h: { _source: { json: unknown } }) => h._source.json)).toEqual(docs)
    const fields = JSON.parse(String(files.get('exports/okta-lifecycle.fields.json')))
    expect(
      fields.rawResponse.hits.hits.map(
        (h: { fields: Record<string, unknown[]> }) => h.fields['json.correlation_id']?.[0],
      ),
    ).toEqual([...ids].reverse())
    const ndjson = String(files.get('exports/okta-lifecycle.kibana.ndjson')).trimEnd().split('\n')
    expect(ndjson.map((l) => JSON.parse(l)['json.correlation_id'])).toEqual(ids)
    const array = JSON.parse(String(files.get('exports/okta-lifecycle.docs.json')))
    expect(array.map((d: { json: unknown }) => d.json)).toEqual(docs)
    const csv = String(files.get('exports/okta-lifecycle.kibana.csv')).trimEnd().split('\n')
    expect(csv.length).toBe(docs.length + 1)
    for (const id of ids) expect(csv.some((row) => row.includes(String(id)))).toBe(true)
  })

  it('accounts for every line of mixed/api_json.log', () => {
    const { files, mixed } = buildSamples()
    const data = files.get('mixed/api_json.log') as Buffer
    const lines = data.toString('latin1').split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.length).toBe(mixed.lines)
    let scim = 0
    let other = 0
    let broken = 0
    for (const line of lines) {
      if (line === '') {
        other++
        continue
      }
      const raw = Buffer.from(line, 'latin1')
      if (raw.length > 1024 * 1024 || raw.includes(0)) {
        broken++
        continue
      }
      let doc: Record<string, unknown>
      try {
        doc = JSON.parse(raw.toString('utf8'))
      } catch {
        broken++
        continue
      }
      const isScim = typeof doc.path === 'string' && doc.path.startsWith('/api/scim/')
      if (isScim && (typeof doc.status !== 'number' || !Array.isArray(doc.params))) broken++
      else if (isScim) scim++
      else other++
    }
    expect({ scim, other, broken }).toEqual({
      scim: mixed.scim,
      other: mixed.other,
      broken: Object.values(mixed.skipped).reduce((a, b) => a + b, 0),
    })
  })
})
