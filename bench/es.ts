/**
 * `npm run bench -- --es` (issue #11, not in CI): scimtrace against a real Elasticsearch 8.19.
 *
 *   node dist/bench/run.js --es [--docs N] [--es-url URL] [--reps N] [--no-write]
 *
 * Starts the test server (`test/elasticsearch/start.sh`, a free port from 9400) unless `--es-url` names a
 * running one, indexes N generated SCIM requests (default 1,000,000) under GitLab.com's mapping, writes the
 * same requests as an api_json.log, then measures wall time and peak RSS (`/usr/bin/time %M`) of:
 * `report --es` (documents/s), `search --es --value`, `report --es --server-side` (documents read) and
 * `report` of the file. The group: N/20 Okta-provisioned people, each looked up and created, then read by id
 * (Okta's imports) until N requests; 1 % of them get a 500 on one read and 1 % are deactivated by a PATCH.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const cli = join(root, 'dist/bin/main.js')
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
const WINDOW = ['--since', '2024-01-01', '--until', '2025-01-01', '--yes']

interface Args {
  docs: number
  url?: string
  reps: number
  write: boolean
}

function parseArgs(argv: string[]): Args {
  const value = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const args: Args = {
    docs: Number(value('--docs') ?? 1_000_000),
    reps: Number(value('--reps') ?? 3),
    write: !argv.includes('--no-write'),
  }
  const url = value('--es-url')
  if (url) args.url = url
  return args
}

/** The generated requests, in time order, as api_json lines (what GitLab writes). */
function* requests(total: number): Generator<Record<string, unknown>> {
  const people = Math.max(10, Math.floor(total / 20))
  let ms = Date.parse('2024-05-01T00:00:00.000Z')
  const base = '/api/scim/v2/groups/bench/Users'
  const id = (i: number) => `00u${String(i).padStart(8, '0')}`
  const line = (method: string, path: string, status: number, params: unknown[] = []) => {
    ms += 250
    return {
      time: new Date(ms).toISOString(),
      severity: 'INFO',
      method,
      path,
      status,
      params,
      ua: 'Okta SCIM Client 1.0.0',
      remote_ip: '198.51.100.23',
      duration_s: 0.05,
    }
  }
  let made = 0
  for (let i = 0; i < people && made < total; i++) {
    const user = `person${i}@bench.example`
    yield line('GET', base, 200, [{ key: 'filter', value: `userName eq "${user}"` }])
    yield line('POST', base, 201, [
      { key: 'schemas', value: ['urn:ietf:params:scim:schemas:core:2.0:User'] },
      { key: 'userName', value: user },
      { key: 'name', value: { givenName: 'Person', familyName: String(i) } },
      { key: 'emails', value: [{ primary: true, value: user, type: 'work' }] },
      { key: 'externalId', value: id(i) },
      { key: 'active', value: true },
    ])
    made += 2
  }
  const failing = Math.max(1, Math.floor(people / 100))
  for (let i = 0; i < failing && made < total; i++, made++)
    yield line('PATCH', `${base}/${id(people - 1 - i)}`, 204, [
      { key: 'Operations', value: [{ op: 'replace', value: { active: false } }] },
    ])
  for (let round = 0; made < total; round++)
    for (let i = 0; i < people && made < total; i++, made++)
      yield line('GET', `${base}/${id(i)}`, i < failing && round === 0 ? 500 : 200)
}

/** As the log pipeline indexes a line: under `json`, `@timestamp` from `time`, object values as JSON. */
function indexed(doc: Record<string, unknown>): Record<string, unknown> {
  const params = (doc.params as { key: string; value: unknown }[]).map((p) => ({
    key: p.key,
    value: typeof p.value === 'object' && p.value !== null ? JSON.stringify(p.value) : p.value,
  }))
  return { '@timestamp': doc.time, json: { ...doc, params } }
}

const text = { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } }
const MAPPING = {
  settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '-1' },
  mappings: {
    dynamic: false,
    properties: {
      '@timestamp': { type: 'date' },
      json: {
        properties: {
          time: { type: 'date' },
          method: text,
          path: text,
          status: { type: 'long' },
          ua: text,
          remote_ip: text,
          correlation_id: text,
          duration_s: { type: 'float' },
          params: { properties: { key: text, value: text } },
        },
      },
    },
  },
}

async function es(url: string, method: string, path: string, body?: string, ndjson = false) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    ...(body === undefined ? {} : { body }),
  })
  const answer = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${answer.slice(0, 300)}`)
  return JSON.parse(answer)
}

async function freePort(from: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
  for (let port = from; port < from + 40; port++)
    if ((await free(port)) && (await free(port + 50))) return port
  throw new Error(`no free port from ${from}`)
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort(9400)
  const runDir = mkdtempSync(join(tmpdir(), 'scimtrace-bench-es-'))
  const log = createWriteStream(join(runDir, 'server.log'))
  const child = spawn(
    join(root, 'test/elasticsearch/start.sh'),
    ['--port', String(port), '--run-dir', runDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // A larger heap than the tests' 512 MiB: a million documents are aggregated and paged.
      env: { ...process.env, SCIMTRACE_TEST_ES_JAVA_OPTS: '-Xms1g -Xmx1g -XX:TieredStopAtLevel=1' },
    },
  )
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    try {
      await es(url, 'GET', '/_cluster/health?wait_for_status=yellow&timeout=1s')
      return { url, child }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
  child.kill('SIGTERM')
  throw new Error(`Elasticsearch did not start in 180 s (log: ${runDir}/server.log)`)
}

async function seed(url: string, total: number, logPath: string): Promise<string> {
  const index = `bench-${total}`
  const exists = await fetch(`${url}/${index}/_count`).then((r) => (r.ok ? r.json() : undefined))
  const out = createWriteStream(logPath)
  let lines: string[] = []
  const started = Date.now()
  const reuse = exists && (exists as { count: number }).count === total
  if (!reuse) {
    await fetch(`${url}/${index}`, { method: 'DELETE' })
    await es(url, 'PUT', `/${index}`, JSON.stringify(MAPPING))
  }
  for (const doc of requests(total)) {
    out.write(`${JSON.stringify(doc)}\n`)
    if (reuse) continue
    lines.push('{"index":{}}', JSON.stringify(indexed(doc)))
    if (lines.length >= 20_000) {
      await es(url, 'POST', `/${index}/_bulk`, `${lines.join('\n')}\n`, true)
      lines = []
    }
  }
  if (lines.length > 0) await es(url, 'POST', `/${index}/_bulk`, `${lines.join('\n')}\n`, true)
  await new Promise((resolve) => out.end(resolve))
  if (!reuse) {
    await es(url, 'POST', `/${index}/_refresh`)
    await es(url, 'POST', `/${index}/_forcemerge?max_num_segments=1`)
    console.log(
      `indexed ${total.toLocaleString('en')} documents in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    )
  } else console.log(`reusing ${index} (${total.toLocaleString('en')} documents)`)
  const count = (await es(url, 'GET', `/${index}/_count`)) as { count: number }
  if (count.count !== total) throw new Error(`${index} holds ${count.count} documents, not ${total}`)
  return index
}

interface Sample {
  wall: number
  rssMB?: number
  stderr: string
}

function runOnce(argv: string[]): Sample {
  const full = timeBin
    ? [timeBin, '-f', '%e %M', process.execPath, cli, ...argv]
    : [process.execPath, cli, ...argv]
  const start = process.hrtime.bigint()
  const child = spawnSync(full[0] as string, full.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  })
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  const stderr = child.stderr?.toString() ?? ''
  if (child.status !== 0) throw new Error(`scimtrace ${argv.join(' ')} failed: ${stderr.slice(-1500)}`)
  const match = /^([\d.]+) (\d+)$/.exec(stderr.trim().split('\n').at(-1) ?? '')
  return { wall, ...(match ? { rssMB: Number(match[2]) / 1024 } : {}), stderr }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

interface Row {
  command: string
  medianWall: number
  peakRssMB?: number
  documents?: number
  documentsPerSecond?: number
}

function documentsRead(stderr: string): number | undefined {
  const server = /([\d,]+) documents read/.exec(stderr)
  if (server) return Number((server[1] as string).replaceAll(',', ''))
  const full = /read ([\d,]+) lines/.exec(stderr)
  return full ? Number((full[1] as string).replaceAll(',', '')) : undefined
}

export async function benchEs(argv: string[]): Promise<void> {
  const args = parseArgs(argv)
  if (!existsSync(cli)) throw new Error('dist/bin/main.js is missing: npm run build')
  const server = args.url === undefined ? await startServer() : undefined
  const url = args.url ?? (server as { url: string }).url
  try {
    const dataDir = join(root, 'bench/data')
    mkdirSync(dataDir, { recursive: true })
    const logPath = join(dataDir, `es-bench-${args.docs}.log`)
    const index = await seed(url, args.docs, logPath)
    const es = ['--es', url, '--index', index, ...WINDOW]
    const commands: [string, string[]][] = [
      ['report --es --format json', ['report', '--format', 'json', ...es]],
      ['search --es --value <externalId>', ['search', '--format', 'json', '--value', '00u00000007', ...es]],
      ['report --es --server-side --format json', ['report', '--format', 'json', '--server-side', ...es]],
      ['report --format json <the same requests as a file>', ['report', '--format', 'json', logPath]],
    ]
    const samples = new Map<string, Sample[]>(commands.map(([name]) => [name, []]))
    // Round after round, so the machine's drift hits every command alike.
    for (let rep = 0; rep < args.reps; rep++)
      for (const [name, command] of commands) samples.get(name)?.push(runOnce(command))
    const rows: Row[] = commands.map(([name]) => {
      const runs = samples.get(name) ?? []
      const wall = median(runs.map((r) => r.wall))
      const rss = runs.map((r) => r.rssMB).filter((v): v is number => v !== undefined)
      const documents = documentsRead(runs[0]?.stderr ?? '')
      const row: Row = { command: name, medianWall: Number(wall.toFixed(3)) }
      if (rss.length > 0) row.peakRssMB = Math.round(Math.max(...rss))
      if (documents !== undefined) {
        row.documents = documents
        row.documentsPerSecond = Math.round(documents / wall)
      }
      return row
    })
    console.log(`\n${args.docs.toLocaleString('en')} SCIM requests, ${args.reps} rounds (medians):`)
    console.log('| command | median wall | documents read | documents/s | peak RSS |')
    console.log('| --- | --- | --- | --- | --- |')
    for (const row of rows)
      console.log(
        `| \`${row.command}\` | ${row.medianWall.toFixed(2)} s | ${row.documents?.toLocaleString('en') ?? '—'} | ${row.documentsPerSecond?.toLocaleString('en') ?? '—'} | ${row.peakRssMB ?? '—'} MB |`,
      )
    if (args.write) {
      const results = {
        date: new Date().toISOString(),
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model,
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
        },
        documents: args.docs,
        reps: args.reps,
        rows,
      }
      writeFileSync(join(root, 'bench/results-es.json'), `${JSON.stringify(results, null, 2)}\n`)
      console.log('\nwrote bench/results-es.json')
    }
  } finally {
    server?.child.kill('SIGTERM')
  }
}
