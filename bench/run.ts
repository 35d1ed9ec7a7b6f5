/**
 * `npm run bench`: scimtrace against grep, zcat | grep and jq on a generated 1 GiB `api_json.log` (issue #4).
 *
 *   node dist/bench/run.js [--quick] [--sizes] [--reps N] [--jq-reps N] [--readers] [--no-write]
 *                          [--no-shapes | --shapes-only]
 *   node dist/bench/run.js --es [--docs N] [--es-url URL]    (Elasticsearch, `es.ts`)
 *   node dist/bench/run.js --tui [--requests N] [--people N]   (the explorer: bench/tui.tsx)
 *
 * Generates (once, deterministically, with `samples/generator/big.ts`) `bench/data/api_json-<N>M.log` and its
 * gzip, then runs every command in turn, round after round (alternating, so drift hits all of them alike),
 * and reports medians of wall time and peak RSS per process (`/usr/bin/time -f '%e %M'`). jq is slow, so it
 * runs on the 128 MiB file and its time is scaled to the main file's size (the table says so).
 * `--sizes` adds the scaling table (128 MiB, 512 MiB, 1 GiB); `--quick` uses a 64 MiB file and 3 rounds.
 * The shapes of issue #10 (dense in SCIM requests, one group and four, a sparse log with many failures;
 * `shapes-dense.ts`) follow in the same run, with µs and bytes of peak RSS per SCIM request and each stage's
 * share (`SCIMTRACE_TIMINGS`). Writes `bench/results.json` with the machine's facts.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Accounting } from '../src/common/accounting.js'
import { readApiLog } from '../src/sources/api-log/index.js'
import { type ShapeFile, shapeFile, shapes } from './shapes-dense.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dataDir = join(root, 'bench/data')
const cli = join(root, 'dist/bin/main.js')
const scanJs = join(root, 'dist/bench/scan.js')
const sample = join(root, 'samples/okta-lifecycle/api_json.log')
const SEED = 1
const MiB = 1 << 20

interface Args {
  quick: boolean
  sizes: boolean
  reps: number
  jqReps: number
  readers: boolean
  write: boolean
  shapes: boolean
  mainTable: boolean
}

function parseArgs(argv: string[]): Args {
  const number = (name: string, fallback: number) => {
    const i = argv.indexOf(name)
    return i >= 0 ? Number(argv[i + 1]) : fallback
  }
  const quick = argv.includes('--quick')
  return {
    quick,
    sizes: argv.includes('--sizes'),
    reps: number('--reps', quick ? 3 : 5),
    jqReps: number('--jq-reps', quick ? 1 : 3),
    readers: argv.includes('--readers'),
    write: !argv.includes('--no-write'),
    shapes: !argv.includes('--no-shapes'),
    mainTable: !argv.includes('--shapes-only'),
  }
}

interface DataFile {
  path: string
  gz: string
  bytes: number
  gzBytes: number
  lines: number
  scimLines: number
  people: number
}

/** Generate `api_json-<mb>M.log` (+ .gz) unless a copy made with the same size and seed is there. */
async function dataFile(mb: number): Promise<DataFile> {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, `api_json-${mb}M.log`)
  const gz = `${path}.gz`
  const metaPath = `${path}.meta.json`
  const requested = mb * MiB
  type Meta = {
    requested: number
    seed: number
    result: { bytes: number; lines: number; scimLines: number; people: number }
  }
  let meta: Meta | undefined
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta
    if (
      meta.requested !== requested ||
      meta.seed !== SEED ||
      statSync(path).size !== meta.result.bytes ||
      !existsSync(gz)
    ) {
      meta = undefined
    }
  } catch {
    meta = undefined
  }
  if (!meta) {
    const generator = new URL('../samples/generator/big.js', import.meta.url)
    let writeBigLog: (o: {
      path: string
      bytes: number
      seed?: number
      gzipPath?: string
    }) => Promise<Meta['result']>
    try {
      ;({ writeBigLog } = (await import(generator.href)) as { writeBigLog: typeof writeBigLog })
    } catch (error) {
      throw new Error(
        `the big-file generator is missing (${generator.pathname}): ${(error as Error).message}`,
      )
    }
    process.stderr.write(`generating ${path} (${mb} MiB) and its gzip…\n`)
    const result = await writeBigLog({ path, bytes: requested, seed: SEED, gzipPath: gz })
    meta = { requested, seed: SEED, result }
    writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`)
  }
  return { path, gz, gzBytes: statSync(gz).size, ...meta.result }
}

/** First value of a SCIM param in a file (an externalId to search for, a userName to show a timeline of). */
async function firstParam(path: string, key: string): Promise<string | undefined> {
  const accounting = new Accounting()
  const tally = accounting.addSource({ name: path, format: 'api-json', bytes: 0, lines: 0 })
  for await (const { doc } of readApiLog(
    { display: path, path, gzip: false },
    { accounting, tally },
    { workers: 0 },
  )) {
    if (typeof doc.path !== 'string' || !doc.path.startsWith('/api/scim/') || !Array.isArray(doc.params))
      continue
    for (const param of doc.params as { key?: unknown; value?: unknown }[]) {
      if (param.key === key && typeof param.value === 'string') return param.value
    }
  }
  return undefined
}

interface Command {
  name: string
  argv: string[]
  /** Uncompressed bytes the command goes through (for MB/s), 0 when throughput means nothing. */
  bytes: number
  baseline?: string
  /** jq's row: scale its time by this factor to the main file… */
  scale?: number
  /** …from a run on this file (its size, for the note). */
  scaledFrom?: string
  reps?: number
}

interface Sample {
  wall: number
  rssMB?: number
}

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

function runOnce(command: Command): Sample {
  const argv = timeBin ? [timeBin, '-f', '%e %M', ...command.argv] : command.argv
  // grep's stdout is a pipe, not /dev/null: GNU grep stops at the first match when its output is /dev/null.
  // The others' goes to /dev/null: a JSON report of a million requests is larger than any buffer worth
  // keeping here (past `maxBuffer` the child is killed).
  const grep = command.argv.some((arg) => arg === 'grep' || arg.includes('| grep'))
  const start = process.hrtime.bigint()
  const child = spawnSync(argv[0] ?? '', argv.slice(1), {
    stdio: ['ignore', grep ? 'pipe' : 'ignore', 'pipe'],
    maxBuffer: 256 * MiB,
  })
  const wall = Number(process.hrtime.bigint() - start) / 1e9
  const stderr = child.stderr?.toString() ?? ''
  const ok = child.status === 0 || (child.status === 1 && command.name.includes('grep'))
  if (!ok) throw new Error(`${command.name} failed (${child.status ?? child.signal}): ${stderr.slice(-2000)}`)
  const last = stderr.trim().split('\n').at(-1) ?? ''
  const match = /^([\d.]+) (\d+)$/.exec(last)
  return { wall, rssMB: match ? Number(match[2]) / 1024 : undefined }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

interface Row {
  command: string
  reps: number
  medianWall: number
  mbPerSecond?: number
  peakRssMB?: number
  vsBaseline?: number
  baseline?: string
  vsJq?: number
  note?: string
}

/** Run every command `reps` times, round-robin, and summarise. */
function measure(commands: Command[], reps: number): Map<string, Sample[]> {
  const samples = new Map<string, Sample[]>(commands.map((c) => [c.name, []]))
  for (let round = 0; round < reps; round++) {
    for (const command of commands) {
      if (command.reps !== undefined && round >= command.reps) continue
      const sample = runOnce(command)
      samples.get(command.name)?.push(sample)
      process.stderr.write(`  [${round + 1}/${reps}] ${command.name}: ${sample.wall.toFixed(3)} s\n`)
    }
  }
  return samples
}

function summarise(commands: Command[], samples: Map<string, Sample[]>): Row[] {
  const wallOf = (name: string) => {
    const c = commands.find((x) => x.name === name)
    const s = samples.get(name) ?? []
    return s.length ? median(s.map((x) => x.wall)) * (c?.scale ?? 1) : undefined
  }
  const jqName = commands.find((c) => c.name.startsWith('jq'))?.name
  const jq = jqName ? wallOf(jqName) : undefined
  return commands.map((c) => {
    const s = samples.get(c.name) ?? []
    const wall = wallOf(c.name) ?? Number.NaN
    const rss = s.map((x) => x.rssMB).filter((x): x is number => x !== undefined)
    const base = c.baseline ? wallOf(c.baseline) : undefined
    return {
      command: c.name,
      reps: s.length,
      medianWall: wall,
      mbPerSecond: c.bytes ? c.bytes / 1e6 / wall : undefined,
      peakRssMB: rss.length ? Math.max(...rss) : undefined,
      baseline: c.baseline,
      vsBaseline: base ? wall / base : undefined,
      vsJq: jq && c.bytes && !c.name.startsWith('jq') ? jq / wall : undefined,
      note:
        c.scale !== undefined && c.scale !== 1
          ? `run on the ${c.scaledFrom ?? 'smaller'} file, time ×${c.scale.toFixed(2)}`
          : undefined,
    }
  })
}

function printTable(title: string, rows: Row[]): void {
  const fmt = (n: number | undefined, digits = 2, suffix = '') =>
    n === undefined ? '—' : `${n.toFixed(digits)}${suffix}`
  const lines = rows.map((r) => [
    r.command,
    fmt(r.medianWall, 3, ' s'),
    fmt(r.mbPerSecond, 0),
    fmt(r.peakRssMB, 0, ' MB'),
    r.vsBaseline === undefined ? '—' : `${r.vsBaseline.toFixed(2)}× ${r.baseline}`,
    r.vsJq === undefined ? '—' : `${r.vsJq.toFixed(1)}× faster`,
    r.note ?? '',
  ])
  const head = ['command', 'median wall', 'MB/s', 'peak RSS', 'vs baseline', 'vs jq', '']
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)))
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')
  console.log(`\n${title}\n${row(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const l of lines) console.log(row(l))
}

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown'
  let tools: Record<string, string> = {}
  for (const [tool, flag] of [
    ['grep', '--version'],
    ['jq', '--version'],
    ['gzip', '--version'],
  ] as const) {
    const out = spawnSync(tool, [flag], { encoding: 'utf8' })
    tools = { ...tools, [tool]: out.status === 0 ? (out.stdout.split('\n')[0] ?? '') : 'missing' }
  }
  return {
    cpu,
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    tools,
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--tui')) {
    // The explorer's bench (issue #12): its own input and figures (`bench/tui.tsx`). React's production
    // build, as the bundle users run has it (`npm run bundle` defines NODE_ENV); chosen when React loads.
    process.env.NODE_ENV = 'production'
    const { benchTui } = await import('./tui.js')
    return benchTui(root, process.argv.slice(2))
  }
  if (process.argv.includes('--es')) {
    const { benchEs } = await import('./es.js')
    return benchEs(process.argv.slice(2))
  }
  const args = parseArgs(process.argv.slice(2))
  const main = args.mainTable ? await mainTable(args) : {}
  const shapeResults = args.shapes ? await shapeTables(args) : undefined
  if (args.write) {
    const results = { date: new Date().toISOString(), machine: machine(), ...main, shapes: shapeResults }
    writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)
    console.log('\nwrote bench/results.json')
  }
}

/** The 1 GiB bench log against grep, zcat | grep and jq (issue #4), and with `--sizes` its scaling. */
async function mainTable(args: Args): Promise<Record<string, unknown>> {
  const mainMb = args.quick ? 64 : 1024
  const big = await dataFile(mainMb)
  const small = args.quick ? big : await dataFile(128)
  const hasCli = existsSync(cli)
  const hasJq = spawnSync('jq', ['--version']).status === 0
  const externalId = (await firstParam(big.path, 'externalId')) ?? 'none'
  const who = (existsSync(sample) && (await firstParam(sample, 'userName'))) || undefined
  process.stderr.write(
    `file: ${big.path} (${big.bytes} bytes, ${big.scimLines} SCIM lines); search value ${externalId}\n`,
  )

  const node = process.execPath
  const jqFilter = 'select(.path | startswith("/api/scim"))'
  const commands: Command[] = [
    { name: 'grep -cF /api/scim/', argv: ['grep', '-cF', '/api/scim/', big.path], bytes: big.bytes },
    {
      name: 'zcat | grep -cF',
      argv: ['sh', '-c', `zcat '${big.gz}' | grep -cF /api/scim/`],
      bytes: big.bytes,
    },
  ]
  if (hasJq) {
    commands.push({
      name: 'jq -c \'select(.path | startswith("/api/scim"))\'',
      argv: ['sh', '-c', `jq -c '${jqFilter}' '${small.path}' > /dev/null`],
      bytes: big.bytes,
      scale: big.bytes / small.bytes,
      scaledFrom: `${Math.round(small.bytes / MiB)} MiB`,
      reps: args.jqReps,
    })
  }
  commands.push(
    {
      name: 'readApiLog (bench/scan.js)',
      argv: [node, scanJs, big.path],
      bytes: big.bytes,
      baseline: 'grep -cF /api/scim/',
    },
    {
      name: 'readApiLog (bench/scan.js) --workers 0',
      argv: [node, scanJs, big.path, '--workers', '0'],
      bytes: big.bytes,
      baseline: 'grep -cF /api/scim/',
    },
    {
      name: 'readApiLog (bench/scan.js) .gz',
      argv: [node, scanJs, big.gz],
      bytes: big.bytes,
      baseline: 'zcat | grep -cF',
    },
  )
  if (hasCli) {
    commands.push(
      {
        name: 'scimtrace report --format json',
        argv: [node, cli, 'report', '--format', 'json', big.path],
        bytes: big.bytes,
        baseline: 'grep -cF /api/scim/',
      },
      {
        name: 'scimtrace report --format json .gz',
        argv: [node, cli, 'report', '--format', 'json', big.gz],
        bytes: big.bytes,
        baseline: 'zcat | grep -cF',
      },
      {
        name: 'scimtrace search --value <externalId>',
        argv: [node, cli, 'search', '--value', externalId, big.path],
        bytes: big.bytes,
        baseline: 'grep -cF /api/scim/',
      },
      {
        name: 'scimtrace search --value <externalId> .gz',
        argv: [node, cli, 'search', '--value', externalId, big.gz],
        bytes: big.bytes,
        baseline: 'zcat | grep -cF',
      },
      { name: 'scimtrace --version', argv: [node, cli, '--version'], bytes: 0 },
    )
    if (who)
      commands.push({
        name: 'scimtrace timeline <who> okta-lifecycle',
        argv: [node, cli, 'timeline', who, sample],
        bytes: 0,
      })
  } else {
    process.stderr.write('dist/bin/main.js is missing: only readApiLog is measured\n')
  }

  // Warm the page cache and check every command works before timing anything.
  spawnSync('sh', ['-c', `cat '${big.path}' '${big.gz}' '${small.path}' > /dev/null`])
  // A command that fails (the CLI is still being written) is left out and listed as failed.
  const failed: Row[] = []
  const working = commands.filter((command) => {
    if (command.name.startsWith('jq')) return true
    try {
      runOnce(command)
      return true
    } catch (error) {
      const reason = (error as Error).message.match(/Error[^\n]*/)?.[0] ?? (error as Error).message
      failed.push({
        command: command.name,
        reps: 0,
        medianWall: Number.NaN,
        note: `FAILED: ${reason.slice(0, 160)}`,
      })
      return false
    }
  })

  const samples = measure(working, args.reps)
  const rows = [...summarise(working, samples), ...failed]
  printTable(
    `${(big.bytes / 2 ** 30).toFixed(2)} GiB api_json.log (${big.lines} lines, ${big.scimLines} SCIM), medians of ${args.reps}`,
    rows,
  )
  if (!hasJq) console.log('jq: not installed, no jq row')

  let scaling: { mb: number; bytes: number; rows: Row[] }[] | undefined
  if (args.sizes) {
    scaling = []
    for (const mb of [128, 512, 1024]) {
      const file = mb === mainMb ? big : await dataFile(mb)
      const sized: Command[] = [
        { name: 'grep -cF /api/scim/', argv: ['grep', '-cF', '/api/scim/', file.path], bytes: file.bytes },
        {
          name: 'readApiLog (bench/scan.js)',
          argv: [node, scanJs, file.path],
          bytes: file.bytes,
          baseline: 'grep -cF /api/scim/',
        },
      ]
      if (hasCli && working.some((c) => c.name === 'scimtrace report --format json')) {
        sized.push({
          name: 'scimtrace report --format json',
          argv: [node, cli, 'report', '--format', 'json', file.path],
          bytes: file.bytes,
          baseline: 'grep -cF /api/scim/',
        })
      }
      spawnSync('sh', ['-c', `cat '${file.path}' > /dev/null`])
      const s = summarise(sized, measure(sized, Math.min(args.reps, 3)))
      scaling.push({ mb, bytes: file.bytes, rows: s })
      printTable(`scaling: ${mb} MiB`, s)
    }
  }

  let readers: unknown
  if (args.readers) {
    const { compareReaders } = await import('./readers.js')
    readers = await compareReaders(small.path)
  }

  return {
    file: {
      bytes: big.bytes,
      gzBytes: big.gzBytes,
      lines: big.lines,
      scimLines: big.scimLines,
      people: big.people,
      seed: SEED,
    },
    reps: args.reps,
    rssBy: timeBin ? '/usr/bin/time %M' : 'unavailable',
    rows,
    scaling,
    readers,
  }
}

interface StageTimes {
  read: number
  timelines: number
  diagnosis: number
  output: number
}

/** Stage durations (ms) from one run with `SCIMTRACE_TIMINGS=1`: the `(+N)` of each mark. */
function stageTimes(argv: string[]): StageTimes | undefined {
  const child = spawnSync(argv[0] ?? '', argv.slice(1), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SCIMTRACE_TIMINGS: '1' },
  })
  const line = child.stderr
    ?.toString()
    .split('\n')
    .find((l) => l.startsWith('timings:'))
  if (!line) return undefined
  const of = (stage: string) =>
    Number(new RegExp(`${stage} \\d+ ms \\(\\+(\\d+)\\)`).exec(line)?.[1] ?? Number.NaN)
  return { read: of('read'), timelines: of('timelines'), diagnosis: of('diagnosis'), output: of('output') }
}

/** Issue #10's shapes: per-request cost and memory of the main commands, against grep and jq. */
async function shapeTables(args: Args): Promise<unknown[]> {
  const node = process.execPath
  const results: unknown[] = []
  for (const shape of shapes(args.quick)) {
    const file: ShapeFile = await shapeFile(dataDir, shape, SEED)
    const externalId = (await firstParam(file.path, 'externalId')) ?? 'none'
    const commands: Command[] = [
      { name: 'grep -cF /api/scim/', argv: ['grep', '-cF', '/api/scim/', file.path], bytes: file.bytes },
      {
        name: 'jq -c \'select(.path | startswith("/api/scim"))\'',
        argv: ['sh', '-c', `jq -c 'select(.path | startswith("/api/scim"))' '${file.path}' > /dev/null`],
        bytes: file.bytes,
        reps: args.jqReps,
      },
      {
        name: 'scimtrace report --format json',
        argv: [node, cli, 'report', '--format', 'json', '-q', file.path],
        bytes: file.bytes,
        baseline: 'grep -cF /api/scim/',
      },
      {
        name: 'scimtrace users',
        argv: [node, cli, 'users', '-q', file.path],
        bytes: file.bytes,
        baseline: 'grep -cF /api/scim/',
      },
      {
        name: 'scimtrace search --value <externalId>',
        argv: [node, cli, 'search', '-q', '--value', externalId, file.path],
        bytes: file.bytes,
        baseline: 'grep -cF /api/scim/',
      },
      {
        // Many matches: written as they are read, so memory follows a window of them, not the file.
        name: 'scimtrace search --status 4xx --format ndjson',
        argv: [node, cli, 'search', '-q', '--status', '4xx', '--format', 'ndjson', file.path],
        bytes: file.bytes,
        baseline: 'grep -cF /api/scim/',
      },
    ].filter((c) => !c.name.startsWith('jq') || spawnSync('jq', ['--version']).status === 0)
    spawnSync('sh', ['-c', `cat '${file.path}' > /dev/null`])
    const rows = summarise(commands, measure(commands, Math.min(args.reps, 3)))
    const report = commands.find((c) => c.name === 'scimtrace report --format json')
    const stages = report ? stageTimes(report.argv) : undefined
    const perRequest = (ms: number | undefined) =>
      ms === undefined ? undefined : (ms * 1000) / file.scimLines
    const reportBytes = report
      ? Number(spawnSync('sh', ['-c', `node '${cli}' report --format json -q '${file.path}' | wc -c`]).stdout)
      : undefined
    printTable(
      `${shape.name}: ${shape.what} (${(file.bytes / 2 ** 20).toFixed(0)} MiB, ${file.scimLines} SCIM requests, ${file.people} people, ${file.failed} failed), medians of ${Math.min(args.reps, 3)}`,
      rows,
    )
    const jq = rows.find((r) => r.command.startsWith('jq'))?.medianWall
    console.log('per SCIM request:')
    for (const r of rows.filter((row) => row.command.startsWith('scimtrace'))) {
      const us = (r.medianWall * 1e6) / file.scimLines
      const bytes =
        r.peakRssMB === undefined ? '—' : `${((r.peakRssMB * 2 ** 20) / file.scimLines).toFixed(0)} B RSS`
      const vsJq = jq ? ` · ${(r.medianWall / jq).toFixed(2)}× jq's time` : ''
      console.log(`  ${r.command}: ${us.toFixed(1)} µs · ${bytes}${vsJq}`)
    }
    if (stages)
      console.log(
        `  report stages: read ${perRequest(stages.read)?.toFixed(1)} µs · timelines ${perRequest(stages.timelines)?.toFixed(1)} µs · diagnosis ${perRequest(stages.diagnosis)?.toFixed(1)} µs · output ${perRequest(stages.output)?.toFixed(1)} µs (budgets: 3 · 2 together · 1)`,
      )
    if (reportBytes)
      console.log(
        `  report size: ${reportBytes} bytes, ${(reportBytes / file.people).toFixed(0)} per person, ${(reportBytes / file.bytes).toFixed(2)}× the input`,
      )
    results.push({ shape: shape.name, what: shape.what, file, rows, stages, reportBytes })
  }
  return results
}

await main()
