/**
 * A real Elasticsearch 8.19 for the integration tests, started by `start.sh` (which fetches it once from
 * Maven Central) on a free localhost port, waited for until green, and stopped with SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const START = fileURLToPath(new URL('./start.sh', import.meta.url))

export interface RunningServer {
  url: string
  port: number
  /** Basic-auth user and password when security is on. */
  user?: { username: string; password: string }
  logFile: string
  stop(): Promise<void>
}

/** Why the server cannot run here, or undefined when it can (java, and mvn unless it is already fetched). */
export function missingTools(): string | undefined {
  const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
  if (!has('java')) return 'java is not on PATH'
  const fetched = spawnSync(START, ['--fetch-only'], {
    stdio: 'ignore',
    env: { ...process.env, PATH_CHECK: '1' },
  })
  if (fetched.status === 0) return undefined
  if (!has('mvn')) return 'mvn is not on PATH'
  return 'start.sh --fetch-only failed'
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** The preferred port when it and its transport port (+50) are free, else the next free pair. */
export async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 40; port++) {
    if ((await portFree(port)) && (await portFree(port + 50))) return port
  }
  throw new Error(`no free port pair from ${preferred}`)
}

async function healthy(url: string, auth?: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/_cluster/health?wait_for_status=green&timeout=1s`, {
      headers: auth ? { authorization: auth } : {},
      signal: AbortSignal.timeout(3000),
    })
    return response.ok
  } catch {
    return false
  }
}

export async function startServer(
  options: { port?: number; security?: boolean; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const port = await freePort(options.port ?? 9250)
  const runDir = mkdtempSync(join(tmpdir(), 'scimtrace-es-run-'))
  const logFile = join(runDir, 'console.log')
  const args = ['--port', String(port), '--run-dir', runDir]
  const user = options.security ? { username: 'scimtrace', password: 'scimtrace-test-pw' } : undefined
  if (options.security) args.push('--security')
  const child: ChildProcess = spawn(START, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...(user ? { SCIMTRACE_TEST_ES_USER: user.username, SCIMTRACE_TEST_ES_PASSWORD: user.password } : {}),
    },
  })
  const log = createWriteStream(logFile)
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  let exited: number | null | undefined
  child.once('exit', (code) => {
    exited = code
  })
  const url = `http://127.0.0.1:${port}`
  const auth = user
    ? `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`
    : undefined
  const deadline = Date.now() + (options.timeoutMs ?? 120_000)
  while (!(await healthy(url, auth))) {
    if (exited !== undefined)
      throw new Error(`Elasticsearch exited with ${exited} before it was ready (log: ${logFile})`)
    if (Date.now() > deadline) {
      child.kill('SIGTERM')
      throw new Error(
        `Elasticsearch was not green within ${(options.timeoutMs ?? 120_000) / 1000} s (log: ${logFile})`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return {
    url,
    port,
    ...(user ? { user } : {}),
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== undefined) return resolve()
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}
