/**
 * The long fuzz run (issue #14): `node dist/bench/fuzz.js [LINES=1000000] [SEED=1]`. Writes LINES mutated
 * lines (`samples/generator/fuzz.ts`) to a scratch file and its gzip, runs `report --format json` on four
 * reader paths (one thread, two threads, gzip, stdin), and checks each against the generator's model and
 * against the others. The lines of the classes a Kibana CSV report can carry are also written as one (in
 * file order), read on three paths (file, gzip, stdin) and checked the same way against their own model.
 * Prints one JSON line: lines, classes, crashes, mismatches. Not run in CI.
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGzip } from 'node:zlib'
import {
  CSV_EXPORTABLE,
  expectedInput,
  type FuzzLine,
  fuzzLines,
  kibanaCsvHeader,
  kibanaCsvRow,
} from '../samples/generator/fuzz.js'

type Model = ReturnType<typeof expectedInput>

function addTo(model: Model, line: FuzzLine): void {
  const one = expectedInput([line])
  model.lines++
  model.scimRequests += one.scimRequests
  model.other += one.other
  model.skipped += one.skipped
  for (const [k, v] of Object.entries(one.skippedByReason))
    model.skippedByReason[k] = (model.skippedByReason[k] ?? 0) + v
}

/** A file and its gzip, written together with back-pressure. */
class Pair {
  private readonly plain
  private readonly gzip = createGzip()
  constructor(path: string) {
    this.plain = createWriteStream(path)
    this.gzip.pipe(createWriteStream(`${path}.gz`))
  }
  async write(text: string): Promise<void> {
    if (!this.plain.write(text)) await new Promise<void>((r) => this.plain.once('drain', () => r()))
    if (!this.gzip.write(text)) await new Promise<void>((r) => this.gzip.once('drain', () => r()))
  }
  async end(): Promise<void> {
    await new Promise<void>((r) => this.plain.end(() => r()))
    await new Promise<void>((r) => this.gzip.end(() => r()))
  }
}

const BIN = fileURLToPath(new URL('../bin/main.js', import.meta.url))

/** The api_json file (and gzip) and the Kibana CSV (and gzip), with each one's model. */
async function write(
  path: string,
  csvPath: string,
  count: number,
  seed: number,
): Promise<{ classes: Map<string, number>; model: Model; csvModel: Model }> {
  const log = new Pair(path)
  const csv = new Pair(csvPath)
  await csv.write(kibanaCsvHeader())
  const classes = new Map<string, number>()
  const model = expectedInput([])
  const csvModel = expectedInput([])
  for (const line of fuzzLines(count, seed)) {
    classes.set(line.klass, (classes.get(line.klass) ?? 0) + 1)
    addTo(model, line)
    await log.write(`${line.text}\n`)
    if ((CSV_EXPORTABLE as readonly string[]).includes(line.klass)) {
      addTo(csvModel, line)
      await csv.write(kibanaCsvRow(line))
    }
  }
  await log.end()
  await csv.end()
  await new Promise((r) => setTimeout(r, 200))
  return { classes, model, csvModel }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1_000_000)
  const seed = Number(process.argv[3] ?? 1)
  const dir = mkdtempSync(join(tmpdir(), 'scimtrace-fuzz-bench-'))
  const path = join(dir, 'fuzz.log')
  const csvPath = join(dir, 'fuzz.kibana.csv')
  try {
    const { classes, model, csvModel } = await write(path, csvPath, count, seed)
    // Named: raw NULs (the control-chars class) make detection take a CSV for binary (`sources/detect.ts`).
    const csv = ['--input-format', 'kibana-csv']
    const runs: [string, string[], NodeJS.ProcessEnv, string | undefined, Model, string][] = [
      ['one thread', [path], { SCIMTRACE_READ_WORKERS: '0' }, undefined, model, 'log'],
      ['two threads', [path], { SCIMTRACE_PARALLEL_MIN_BYTES: '0' }, undefined, model, 'log'],
      ['gzip', [`${path}.gz`], {}, undefined, model, 'log'],
      ['stdin', [], {}, path, model, 'log'],
      ['csv', [...csv, csvPath], {}, undefined, csvModel, 'csv'],
      ['csv gzip', [...csv, `${csvPath}.gz`], {}, undefined, csvModel, 'csv'],
      ['csv stdin', csv, {}, csvPath, csvModel, 'csv'],
    ]
    let crashes = 0
    let mismatches = 0
    const results: Record<string, unknown> = {}
    const reference = new Map<string, string>()
    for (const [label, args, env, stdin, expected, shape] of runs) {
      const started = performance.now()
      const result = spawnSync(process.execPath, [BIN, 'report', '--format', 'json', '-q', ...args], {
        env: { ...process.env, ...env },
        input: stdin ? readFileSync(stdin) : '',
        maxBuffer: 1 << 30,
        encoding: 'utf8',
      })
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      if (result.status !== 0) {
        crashes++
        results[label] = { exit: result.status, stderr: result.stderr.slice(0, 300) }
        continue
      }
      const doc = JSON.parse(
        [`${path}.gz:`, `${path}:`, `${csvPath}.gz:`, `${csvPath}:`, '"-:'].reduce(
          (text, name) => text.split(name).join(name.startsWith('"') ? '"X:' : 'X:'),
          result.stdout,
        ),
      )
      const input = doc.summary.input
      delete doc.summary.sources
      const { bytes: _, ...counts } = input
      const modelOk = JSON.stringify(sortKeys(counts)) === JSON.stringify(sortKeys(expected))
      const text = JSON.stringify(sortKeys(doc))
      if (!reference.has(shape)) reference.set(shape, text)
      const same = text === reference.get(shape)
      if (!modelOk || !same) mismatches++
      results[label] = { seconds, modelOk, sameAsFirst: same }
    }
    console.log(
      JSON.stringify({
        lines: count,
        seed,
        classes: Object.fromEntries(classes),
        crashes,
        mismatches,
        model,
        csvModel,
        results,
      }),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    )
  return value
}

await main()
