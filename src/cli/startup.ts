/**
 * Start-up tuning, chosen by the command's behaviour (`command.ts`) before yargs and the pipeline run:
 * `batch` commands get the V8 flags below (measured on one pass over a log that then exits) and the read
 * worker's early start; the explorer (`interactive`) gets the flags only; a command that reads no logs
 * (`none`) keeps V8's defaults.
 */
import { readdirSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { setFlagsFromString } from 'node:v8'
import { prestartReadWorker, WORKER_MIN_BYTES } from '../sources/index.js'
import type { CommandBehaviour } from './command.js'

/** What start-up does for a command: the V8 flags it sets, and whether it boots the read worker early. */
export interface StartupPlan {
  flags: string[]
  prestart: boolean
}

/** The tuning for a command about to run with `argv` (the raw arguments). */
export function startupPlan(
  behaviour: CommandBehaviour,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): StartupPlan {
  if (behaviour.tuning === 'none') return { flags: [], prestart: false }
  // The explorer takes the batch flags: with none at all the tmux test's keys, typed as soon as the first
  // frame shows, were lost (3 runs of 3, when there were three flags); with the interrupt budget alone it
  // passes. Whether a long session wants other flags is not measured.
  if (behaviour.tuning === 'interactive') return { flags: runFlags(), prestart: false }
  return { flags: runFlags(), prestart: behaviour.reads && shouldPrestartReadWorker(argv, env) }
}

/** Tune the process for a command about to run with `argv`. */
export function applyStartup(
  behaviour: CommandBehaviour,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): void {
  const plan = startupPlan(behaviour, argv, env)
  for (const flag of plan.flags) setFlagsFromString(flag)
  if (plan.prestart) prestartReadWorker()
}

/**
 * V8 flags for one pass over a log. They apply to the read workers too, which boot after this.
 *
 * A run is one pass over a few thousand records: V8's optimising compiler (TurboFan) spent more compiling the
 * pipeline's many once-warm functions than the optimised code saved. Tiering up only after ~15× the default
 * budget keeps it for code that is really hot and leaves the rest in the baseline tier. Re-measured
 * (issue #9, 8 alternated runs, medians, wall / CPU): `report --format json` on the 1 GiB bench log
 * 1.54 / 2.77 s without it → 1.15 / 1.96 s; the sparse 1 GiB log with many failures 1.58 / 2.60 →
 * 1.43 / 1.92 s; SCIM-dense inputs (50,000 requests, one group and four) equal in wall time, −4 to −11% CPU.
 * V8 12 and later (Node 22, 24) no longer have the flag and print "unrecognized flag" for it: it is set only
 * on the V8 it was measured on (Node 20's 11.x).
 *
 * Two flags that paid when the engine was younger no longer do and were dropped (bench/README):
 * `--semi-space-growth-factor=16` and `--no-parallel-scavenge` were equal on the bench log and the sparse
 * one, and cost 5–15% on the dense inputs.
 */
function runFlags(): string[] {
  return Number(process.versions.v8.split('.')[0]) <= 11 ? ['--interrupt-budget=1000000'] : []
}

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
 * Whether to start the read worker before anything else, for a command that reads logs: when the arguments
 * name a file big enough for the reader to use one, so that it boots on the idle core while the main thread
 * loads yargs and runs the command (see `prestartReadWorker`). Decided from the raw arguments, before yargs
 * has parsed them.
 */
export function shouldPrestartReadWorker(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === '--version')) return false
  const threads = env.SCIMTRACE_READ_WORKERS
  if (threads !== undefined && threads !== '' ? Number(threads) < 2 : availableParallelism() < 2) return false
  return namesBigFile(argv)
}
