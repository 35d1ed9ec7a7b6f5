/**
 * The long fuzz run (issue #14): `node dist/bench/fuzz.js [LINES=1000000] [SEED=1]`. Writes LINES mutated
 * lines (`samples/generator/fuzz.ts`) to a scratch file and its gzip, runs `report --format json` on four
 * reader paths (one thread, two threads, gzip, stdin), and checks each against the generator's model and
 * against the others. Prints one JSON line: lines, classes, crashes, mismatches. Not run in CI.
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGzip } from 'node:zlib'
import { expectedInput, fuzzLines } from '../samples/generator/fuzz.js'

const BIN = fileURLToPath(new URL('../bin/main.js', import.meta.url))

async function write(path: string, count: number, seed: number): Promise<Map<string, number>> {
  const plain = createWriteStream(path)
  const gzip = createGzip()
  gzip.pipe(createWriteStream(`${path}.gz`))
  const classes = new Map<string, number>()
  const model = { lines: 0 }
  const lines: ReturnType<typeof expectedInput> = expectedInput([])
  for (const line of fuzzLines(count, seed)) {
    classes.set(line.klass, (classes.get(line.klass) ?? 0) + 1)
    const one = expectedInput([line])
    lines.lines++
    lines.scimRequests += one.scimRequests
    lines.other += one.other
    lines.skipped += one.skipped
    for (const [k, v] of Object.entries(one.skippedByReason))
      lines.skippedByReason[k] = (lines.skippedByReason[k] ?? 0) + v
    const text = `${line.text}\n`
    if (!plain.write(text)) await new Promise<void>((r) => plain.once('drain', () => r()))
    if (!gzip.write(text)) await new Promise<void>((r) => gzip.once('drain', () => r()))
    model.lines++
  }
  await new Promise<void>((r) => plain.end(() => r()))
  await new Promise<void>((r) => gzip.end(() => r()))
  await new Promise((r) => setTimeout(r, 200))
  ;(globalThis as { fuzzModel?: unknown }).fuzzModel = lines
  return classes
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1_000_000)
  const seed = Number(process.argv[3] ?? 1)
  const dir = mkdtempSync(join(tmpdir(), 'scimtrace-fuzz-bench-'))
  const path = join(dir, 'fuzz.log')
  try {
    const classes = await write(path, count, seed)
    const model = (globalThis as { fuzzModel?: ReturnType<typeof expectedInput> }).fuzzModel
    const runs: [string, string[], NodeJS.ProcessEnv, string | undefined][] = [
      ['one thread', [path], { SCIMTRACE_READ_WORKERS: '0' }, undefined],
      ['two threads', [path], { SCIMTRACE_PARALLEL_MIN_BYTES: '0' }, undefined],
      ['gzip', [`${path}.gz`], {}, undefined],
      ['stdin', [], {}, path],
    ]
    let crashes = 0
    let mismatches = 0
    const results: Record<string, unknown> = {}
    let reference: unknown
    for (const [label, args, env, stdin] of runs) {
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
        result.stdout.split(`${path}.gz:`).join('X:').split(`${path}:`).join('X:').split('"-:').join('"X:'),
      )
      const input = doc.summary.input
      delete doc.summary.sources
      const { bytes: _, ...counts } = input
      const modelOk = JSON.stringify(sortKeys(counts)) === JSON.stringify(sortKeys(model))
      const text = JSON.stringify(sortKeys(doc))
      reference ??= text
      const same = text === reference
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
