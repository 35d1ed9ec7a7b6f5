/**
 * The same logs give the same output from Elasticsearch as from files, for every command (origins aside):
 * the samples are indexed with GitLab.com's mapping and read back through the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scimtrace } from '../../cli/run.js'
import {
  ALL_TIME,
  ES_SKIP,
  ES_URL,
  rejected,
  SAMPLE_INPUTS,
  sampleDocs,
  seedIndex,
  withoutOrigins,
} from './helpers.js'
import { httpForwarder, type Running, scimtraceAsync } from './servers.js'

describe.skipIf(!ES_URL)(`file and Elasticsearch runs agree${ES_SKIP ? ` (${ES_SKIP})` : ''}`, () => {
  let index = ''
  // Kibana's console proxy, as a forwarder in front of the real server (no real Kibana runs here).
  let kibana: Running
  beforeAll(async () => {
    index = await seedIndex('samples', await sampleDocs())
    // Only the samples' deliberately malformed lines (a string `params`) may be refused.
    expect(rejected.length).toBeLessThan(5)
    kibana = await httpForwarder(ES_URL, { kibana: true })
  }, 60_000)
  afterAll(async () => {
    await kibana?.close()
  })

  const cases: [string, string[]][] = [
    ['report', ['report', '--format', 'json']],
    ['users', ['users', '--format', 'json']],
    ['users --failed', ['users', '--failed', '--format', 'json']],
    ['search', ['search', '--format', 'json']],
    [
      'search --status 4xx --method POST',
      ['search', '--status', '4xx', '--method', 'POST', '--format', 'json'],
    ],
    ['search --group', ['search', '--group', 'hooli', '--format', 'json']],
    ['search --value', ['search', '--value', 'jian.yang@hooli.example', '--format', 'json']],
    ['search --user', ['search', '--user', 'jian.yang@hooli.example', '--format', 'json']],
    // The id in an identity API path (`/api/v4/groups/:id/scim/:uid`): the query must select it by path.
    [
      'search --value (identity API uid)',
      ['search', '--value', 'd58e8af2-9271-4d05-bfbf-675b22e4ef41', '--format', 'json'],
    ],
    ['timeline', ['timeline', 'jian.yang@hooli.example', '--format', 'json']],
    ['explain', ['explain', 'jian.yang@hooli.example', '--format', 'json']],
  ]

  it.each(cases)('%s', (_name, args) => {
    const fromFiles = scimtrace([...args, ...SAMPLE_INPUTS])
    const fromEs = scimtrace([...args, '--es', ES_URL, '--index', index, ...ALL_TIME])
    expect(fromEs.stderr).toContain(`elasticsearch: ${index}@127.0.0.1:`)
    expect(fromEs.code, fromEs.stderr).toBe(fromFiles.code)
    // Every case selects something: an empty list on both sides would prove nothing.
    expect(fromFiles.stdout.length).toBeGreaterThan(100)
    const esOutput = JSON.parse(fromEs.stdout) as unknown
    if (args[0] === 'search') {
      const times = (esOutput as { time: string }[]).map((record) => record.time)
      expect(times).toEqual([...times].sort())
    }
    expect(comparable(args, esOutput)).toEqual(comparable(args, JSON.parse(fromFiles.stdout)))
  })

  it.each(cases)('%s through Kibana', async (_name, args) => {
    const fromFiles = scimtrace([...args, ...SAMPLE_INPUTS])
    // Not spawnSync: the forwarder lives in this process.
    const fromKibana = await scimtraceAsync([...args, '--kibana', kibana.url, '--index', index, ...ALL_TIME])
    expect(fromKibana.stderr).toContain(`elasticsearch: ${index}@kibana:127.0.0.1:`)
    expect(fromKibana.code, fromKibana.stderr).toBe(fromFiles.code)
    expect(comparable(args, JSON.parse(fromKibana.stdout))).toEqual(
      comparable(args, JSON.parse(fromFiles.stdout)),
    )
  })
})

/**
 * Output without origins. `search` writes each input in time order, one input after another (README,
 * "Commands"): the samples are many files and the index one, so their requests are compared in time order
 * (equal times by their text); the test above checks that the index's come in time order already.
 */
function comparable(args: string[], output: unknown): unknown {
  const plain = withoutOrigins(output)
  if (args[0] !== 'search' || !Array.isArray(plain)) return plain
  const times = plain.map((record) => (record as { time: string }).time)
  const texts = plain.map((record) => JSON.stringify(record))
  const order = plain.map((_, i) => i)
  order.sort(
    (a, b) => compareText(times[a] ?? '', times[b] ?? '') || compareText(texts[a] ?? '', texts[b] ?? ''),
  )
  return order.map((i) => plain[i])
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
