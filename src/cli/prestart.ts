/**
 * Starting the read worker early, from the command line alone (`cli/main.ts` asks before loading yargs).
 */
import { readdirSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { WORKER_MIN_BYTES } from '../sources/apiLog/workerStart.js'

export const READING_COMMANDS = new Set(['search', 'users', 'timeline', 'explain', 'report'])

/** Whether a file (or a file in a folder) among the arguments is big enough for the reader's worker. */
function namesBigFile(argv: readonly string[]): boolean {
  const big = (path: string): boolean => {
    const info = statSync(path, { throwIfNoEntry: false })
    if (!info) return false
    if (info.isFile()) return info.size >= WORKER_MIN_BYTES
    if (!info.isDirectory()) return false
    return readdirSync(path).some((name) => {
      const entry = statSync(`${path}/${name}`, { throwIfNoEntry: false })
      return entry?.isFile() === true && entry.size >= WORKER_MIN_BYTES
    })
  }
  return argv.some((arg) => {
    if (arg.startsWith('-')) return false
    try {
      return big(arg)
    } catch {
      return false // unreadable: the reader reports it properly
    }
  })
}

/**
 * Whether to start the read worker before anything else: when a command that reads logs names a file big
 * enough for the reader to use one, so that it boots on the idle core while the main thread loads yargs and
 * the command (see `prestartReadWorker`). Decided from the raw arguments, before yargs has parsed them.
 */
export function shouldPrestartReadWorker(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (!argv.some((arg) => READING_COMMANDS.has(arg))) return false
  if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')) return false
  const threads = env.SCIMTRACE_READ_WORKERS
  if (threads !== undefined && threads !== '' ? Number(threads) < 2 : availableParallelism() < 2) return false
  return namesBigFile(argv)
}
