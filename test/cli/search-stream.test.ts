/**
 * `search` writes its matches as it reads: the first ones reach stdout while the input is still open.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, ROOT, scimtrace } from './run.js'

const T0 = Date.parse('2024-05-01T00:00:00Z')

/** An API log line: a create at T0 + `seconds`, padded so that a hundred lines pass the format sniffing. */
function line(seconds: number, status: number): string {
  return `${JSON.stringify({
    time: new Date(T0 + seconds * 1000).toISOString(),
    severity: 'INFO',
    status,
    method: 'POST',
    path: '/api/scim/v2/groups/hooli/Users',
    params: [
      { key: 'userName', value: `user${seconds}@hooli.example` },
      { key: 'externalId', value: `00u${String(seconds).padStart(17, '0')}` },
    ],
    ua: 'Okta SCIM Client 1.0.0',
    remote_ip: '198.51.100.23',
    correlation_id: 'x'.repeat(700),
  })}\n`
}

/** The `time` of each NDJSON line written. */
function timesOf(stdout: string): string[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { time: string }).time)
}

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } })
  const seen = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk: Buffer) => {
    seen.stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    seen.stderr += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  return { child, seen, exited }
}

describe('search streams', () => {
  it('writes a match of a log piped as it is written, a few lines long, while the pipe stays open', async () => {
    const { child, seen, exited } = start(['search', '--status', '409', '-f', 'ndjson', '-'])
    child.stdin.write(line(0, 201) + line(1, 409) + line(2, 201))
    const deadline = Date.now() + 15_000
    while (!seen.stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect((JSON.parse(seen.stdout) as { time: string }).time).toBe('2024-05-01T00:00:01.000Z')
    expect(child.exitCode).toBeNull()
    child.stdin.end(line(3, 409))
    expect(await exited).toBe(0)
    expect(seen.stdout.trim().split('\n')).toHaveLength(2)
  }, 30_000)

  it('writes the first match while stdin is still open, and the rest in time order at the end', async () => {
    const { child, seen, exited } = start(['search', '--status', '409', '-f', 'ndjson', '-'])
    // 400 lines over 200 s of log time (~400 KB: more than the reader takes in before it parses): a 409
    // at 0 s and 2 s.
    let first = ''
    for (let i = 0; i < 400; i++) first += line(i / 2, i === 0 || i === 4 ? 409 : 201)
    child.stdin.write(first)
    const deadline = Date.now() + 15_000
    while (!seen.stdout.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(timesOf(seen.stdout)).toEqual(['2024-05-01T00:00:00.000Z', '2024-05-01T00:00:02.000Z'])
    expect(child.exitCode).toBeNull() // still reading
    // Then a 409 that was written a little out of order: it comes out in its place.
    child.stdin.end(line(300, 201) + line(260, 409) + line(250, 409))
    expect(await exited).toBe(0)
    expect(timesOf(seen.stdout)).toEqual([
      '2024-05-01T00:00:00.000Z',
      '2024-05-01T00:00:02.000Z',
      '2024-05-01T00:04:10.000Z',
      '2024-05-01T00:04:20.000Z',
    ])
    expect(seen.stderr).toMatch(/403 SCIM requests/)
    expect(seen.stderr).toMatch(/^4 matching$/m)
  }, 30_000)
})

describe('search, a request far out of time order', () => {
  it('is written where it was read, and a warning says how many there were', () => {
    // Ten minutes of creates with a 409 at 2 min, then a 409 stamped 1 min (a line held back by its writer),
    // read after the first was written.
    let log = ''
    for (let i = 0; i < 10; i++) log += line(60 * i, i === 2 ? 409 : 201)
    log += line(60, 409) + line(600, 409)
    const dir = mkdtempSync(join(tmpdir(), 'scimtrace-late-'))
    const path = join(dir, 'api_json.log')
    writeFileSync(path, log)
    const run = scimtrace(['search', '--status', '409', '-f', 'ndjson', path])
    expect(run.code).toBe(0)
    expect(timesOf(run.stdout)).toEqual([
      '2024-05-01T00:02:00.000Z',
      '2024-05-01T00:01:00.000Z',
      '2024-05-01T00:10:00.000Z',
    ])
    expect(run.stderr).toContain(
      `scimtrace: 1 matching request of '${path}' came over 60 s out of time order and was written where read`,
    )
    // In order, nothing is said.
    writeFileSync(path, line(0, 409) + line(120, 409))
    expect(scimtrace(['search', '--status', '409', path]).stderr).not.toContain('out of time order')
  })
})
