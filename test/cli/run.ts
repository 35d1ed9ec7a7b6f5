/**
 * Run the executable the way a user would: the bundle vitest's set-up builds from the sources
 * (`test/setup/bundle.ts`), the same as `npm run build`'s dist/bin/ but never stale.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(bundleDir(), 'main.js')

function bundleDir(): string {
  const dir = process.env.SCIMTRACE_TEST_BUNDLE
  if (!dir)
    throw new Error('SCIMTRACE_TEST_BUNDLE is not set: run the tests with vitest (test/setup/bundle.ts)')
  return dir
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export function scimtrace(
  args: string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
): RunResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}
