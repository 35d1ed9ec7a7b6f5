/**
 * Complexity shapes of issue #14 (not run in CI): `node dist/bench/shapes.js [d4|d4t|d11|d15] [SCALE=1]`.
 * Each doubles its size three times and prints the seconds per size and the ratio of the last two, which
 * is ~2 for linear work and ~4 for quadratic work.
 * - d4: N identical creates (with emails and names) for one person, `report --format json` — O(N) in one
 *   person's requests (was O(N²): 100,000 creates took 216 s).
 * - d4t: N alternating deactivate/reactivate PATCHes of one person — O(N) (80,000 took 23 s when quadratic).
 * - d11: one line of N MiB, read by two threads in 64 KiB segments — O(N) (was O(N × segments)).
 * - d15: a directory of N one-line files, `users` — O(N) in files (was ~4 ms of GC per file).
 */
import { spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../bin/main.js', import.meta.url))
const CREATE =
  '{"time":"2024-05-14T09:00:00Z","status":201,"method":"POST","path":"/api/scim/v2/groups/g/Users","params":[{"key":"userName","value":"bomb"},{"key":"externalId","value":"b1"},{"key":"emails","value":[{"primary":true,"type":"work","value":"b@ex.example"}]},{"key":"name","value":{"givenName":"B","familyName":"C"}}]}'

function time(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  })
  if (result.status !== 0) throw new Error(`${args.join(' ')}: exit ${result.status}`)
  return (performance.now() - started) / 1000
}

const SHAPES: Record<string, { base: number; run(dir: string, n: number): number }> = {
  d4: {
    base: 25_000,
    run(dir, n) {
      const path = join(dir, `same-${n}.log`)
      writeFileSync(path, `${Array.from({ length: n }, () => CREATE).join('\n')}\n`)
      return time(['report', '--format', 'json', '-q', path])
    },
  },
  d4t: {
    base: 40_000,
    run(dir, n) {
      const path = join(dir, `toggle-${n}.log`)
      const t0 = Date.UTC(2024, 4, 14)
      const lines = Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          time: new Date(t0 + i * 1000).toISOString(),
          status: 204,
          method: 'PATCH',
          path: '/api/scim/v2/groups/g/Users/b1',
          params: [{ key: 'Operations', value: [{ op: 'replace', path: 'active', value: i % 2 === 1 }] }],
        }),
      )
      writeFileSync(path, `${lines.join('\n')}\n`)
      return time(['report', '--format', 'json', '-q', path])
    },
  },
  d11: {
    base: 128,
    run(dir, n) {
      const path = join(dir, `long-${n}.log`)
      const fd = openSync(path, 'w')
      writeSync(fd, '{"path":"/api/scim/v2/groups/g/Users","x":"')
      const block = Buffer.alloc(1 << 20, 'a')
      for (let i = 0; i < n; i++) writeSync(fd, block)
      closeSync(fd)
      return time(['users', '-q', path], { SCIMTRACE_PARALLEL_MIN_BYTES: '0' })
    },
  },
  d15: {
    base: 2_500,
    run(dir, n) {
      const sub = join(dir, `files-${n}`)
      mkdirSync(sub)
      for (let i = 1; i <= n; i++)
        writeFileSync(join(sub, `api_json.log.${i}`), `${CREATE.replace('bomb', `u${i}`)}\n`)
      return time(['users', '-q', '-f', 'json', sub])
    },
  },
}

const name = process.argv[2] ?? 'd4'
const scale = Number(process.argv[3] ?? 1)
const shape = SHAPES[name]
if (!shape) throw new Error(`usage: shapes [${Object.keys(SHAPES).join('|')}] [SCALE]`)
const dir = mkdtempSync(join(tmpdir(), 'scimtrace-shapes-'))
try {
  const sizes = [1, 2, 4].map((k) => Math.round(shape.base * scale * k))
  const seconds = sizes.map((n) => shape.run(dir, n))
  const ratio = (seconds[2] as number) / (seconds[1] as number)
  console.log(
    JSON.stringify({
      shape: name,
      sizes,
      seconds: seconds.map((s) => Number(s.toFixed(2))),
      lastRatio: Number(ratio.toFixed(2)),
    }),
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
