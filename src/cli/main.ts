#!/usr/bin/env node
/**
 * scimtrace: what happened to this person's SCIM provisioning, and why?
 * The commands are thin: they parse options, run the pipeline and pick a view.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { setFlagsFromString } from 'node:v8'
import type { Argv } from 'yargs'
import { EXIT, UserError } from '../common/errors.js'
import { enableTimings, formatTimings, mark } from '../common/timings.js'
import { prestartReadWorker } from '../sources/apiLog/workerStart.js'
import { escapeControl } from '../views/escape.js'
import { opensExplorer } from '../views/tui/opens.js'
import type { Io } from './context.js'
import { shouldPrestartReadWorker } from './prestart.js'
import { checkArgs, inputsOf, type OptionTable } from './validate.js'

// A run is one pass over a few thousand records: V8's optimising compiler (TurboFan) spent more compiling
// the pipeline's many once-warm functions than the optimised code saved. Tiering up only after ~15× the
// default budget keeps it for code that is really hot (a log with ten times the SCIM requests) and leaves
// the rest in the baseline tier. Set before the pipeline's modules load; it applies to the read workers
// too. `report --format json` on the 1 GiB bench log: 0.61 s wall / 0.95 s CPU → 0.49 s / 0.63 s.
// V8 12 and later (Node 22, 24) no longer have the flag, and V8 prints "unrecognized flag" to stderr for it:
// it is set only on the V8 it was measured on (Node 20's 11.x).
if (Number(process.versions.v8.split('.')[0]) <= 11) setFlagsFromString('--interrupt-budget=1000000')
// The young generation starts at 1 MiB and doubles after scavenges up to its 16 MiB cap; a run allocates
// ~200 MB, so growing straight to the cap saves the early scavenges (the same as starting node with
// --min-semi-space-size=16, which a script cannot do for its own heap). 12 alternated runs of the bench
// report: median 0.442 → 0.424 s, peak RSS unchanged (~135 MB).
setFlagsFromString('--semi-space-growth-factor=16')
// Scavenge on the main thread alone: on two cores the read worker already has the other one, and V8's helper
// tasks only contend with it (20 alternated runs of the bench report: median 0.422 → 0.407 s). Read at each
// scavenge, so it can be set here; `--single-threaded-gc`, which would also stop concurrent marking, cannot
// (V8 aborts when it is set after start-up).
setFlagsFromString('--no-parallel-scavenge')

// Before yargs and the command load: see `prestart.ts`.
if (shouldPrestartReadWorker(process.argv.slice(2), process.env)) prestartReadWorker()

// yargs 17's CommonJS build, loaded from node_modules at run time (12 ms here; the bundle leaves it out): its
// ESM build wraps help text mid-word, and yargs 18's ESM tree took ~145 ms to load on the first bench VM.
const yargs = createRequire(import.meta.url)('yargs') as typeof import('yargs').default

/** Our package.json's version. The CLI runs from `dist/bin/` (the bundle) or `dist/src/cli/` (tsc's output). */
function packageVersion(): string {
  let dir = new URL('.', import.meta.url)
  for (let up = 0; up < 4; up++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'scimtrace' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // not here: look one folder up
    }
    dir = new URL('..', dir)
  }
  return 'unknown'
}

interface CommandModule {
  builder(yargs: Argv): Argv
  run(args: never, io: Io): Promise<number>
}

// Commands are loaded only when chosen, so `--version` and `--help` stay quick.
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  search: () => import('./commands/search.js') as Promise<CommandModule>,
  users: () => import('./commands/users.js') as Promise<CommandModule>,
  timeline: () => import('./commands/timeline.js') as Promise<CommandModule>,
  explain: () => import('./commands/explain.js') as Promise<CommandModule>,
  report: () => import('./commands/report.js') as Promise<CommandModule>,
  tui: () => import('./commands/tui.js') as Promise<CommandModule>,
  query: () => import('./commands/query.js') as Promise<CommandModule>,
}

const SUMMARIES: Record<string, [string, string]> = {
  search: [
    'search [inputs..]',
    'List the SCIM requests that match filters (group, value, user, status, method, IdP, time)',
  ],
  users: [
    'users [inputs..]',
    'One row per person: ids, email, userName, state, requests, failures, first and last seen',
  ],
  timeline: [
    'timeline <who> [inputs..]',
    "One person's provisioning timeline, with the state after each request",
  ],
  explain: [
    'explain <who> [inputs..]',
    "Why a person's provisioning went the way it did: attributes, findings, fixes",
  ],
  report: ['report [inputs..]', 'Every person and group-wide finding, worst first (text, markdown, json)'],
  tui: [
    'tui [inputs..]',
    'Explore people, timelines and findings in a full-screen terminal UI (also: scimtrace logs/)',
  ],
  query: ['query', 'Print the Elasticsearch query scimtrace sends (Dev Tools DSL, or --kql)'],
}

function fail(io: Io, message: string, code: number): number {
  io.stderr.write(`scimtrace: ${escapeControl(message).replaceAll('\\x0a', '\n')}\n`)
  return code
}

const processIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
})

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  enableTimings(Boolean(io.env.SCIMTRACE_TIMINGS))
  const name = argv.find((arg) => Object.hasOwn(COMMANDS, arg))
  // Plain `scimtrace logs/` on a terminal opens the explorer.
  if (name === undefined && opensExplorer(argv, io)) return main(['tui', ...argv], io)
  const chosen = name !== undefined ? COMMANDS[name] : undefined
  const module = chosen ? await chosen() : undefined
  mark('modules')
  let exitCode: number = EXIT.ok
  let parser = yargs(argv)
    .scriptName('scimtrace')
    .usage(
      '$0 <command> [options] [inputs..]\n\nRebuild and explain GitLab SCIM provisioning from API request logs.',
    )
    .version(packageVersion())
    .strict()
    .recommendCommands()
    .demandCommand(1, 'Choose a command (see above)')
    .wrap(Math.min(120, io.stdout.columns ?? 100))
    .epilogue(
      'Inputs: api_json.log files (plain, .gz, rotated .1/.2.gz, svlogd @4000….s), directories, Kibana CSV/NDJSON, Elasticsearch JSON, or - for stdin.\n' +
        'Exit codes: 0 ok · 1 internal error · 2 bad option · 3 unreadable input · 4 nobody or several people matched · 5 written, but an internal-error finding marks a part as incomplete · 6 memory limit reached · 7 Elasticsearch/Kibana unavailable · 8 access denied (401/403) · 130 interrupted.\n' +
        'Docs: https://docs.gitlab.com/user/group/saml_sso/troubleshooting_scim/',
    )
    .example('$0 users samples/okta-lifecycle', 'Everyone in a log')
    .example('$0 explain jane.doe@hooli.example logs/', 'Why Jane cannot sign in')
    .example('$0 report --format markdown --redact logs/ > ticket.md', 'A shareable report')
    .fail((message, error) => {
      // yargs wraps what an option's `coerce` throws in a YError: that is a bad option, not our failure.
      if (error?.name === 'YError') throw new UserError(error.message)
      throw error ?? new UserError(message)
    })
    // What yargs cannot check or keeps from us (`validate.ts`): values missing or given twice, bad
    // switches, and `-` or names after `--` among the inputs.
    .middleware(
      ((parsed: Record<string, unknown>, y: { getOptions(): OptionTable }) => {
        if (!module || name === undefined) return
        const { positionals } = checkArgs(argv, y.getOptions())
        const usage = SUMMARIES[name]?.[0] ?? ''
        // Only commands that read inputs get them (`query` has none: strict mode would refuse `inputs`).
        if (usage.includes('[inputs..]')) parsed.inputs = inputsOf(positionals, name, usage.includes('<who>'))
      }) as never,
      true,
    )
  for (const [key, [command, describe]] of Object.entries(SUMMARIES)) {
    if (module && key === name) {
      parser = parser.command(command, describe, module.builder, async (args) => {
        exitCode = await module.run(args as never, io)
      })
    } else {
      parser = parser.command(command, describe)
    }
  }
  try {
    await parser.parseAsync()
    mark('done')
    const timings = formatTimings()
    if (timings) io.stderr.write(`${timings}\n`)
    return exitCode
  } catch (error) {
    if (error instanceof UserError) return fail(io, error.message, error.exitCode)
    if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return EXIT.ok
    const detail = process.env.SCIMTRACE_DEBUG
      ? `\n${(error as Error)?.stack ?? ''}`
      : ' (set SCIMTRACE_DEBUG=1 for details)'
    return fail(io, `internal error: ${(error as Error)?.message ?? String(error)}${detail}`, EXIT.internal)
  }
}

// Closing a pipe early (`scimtrace search … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok)
})

const code = await main(process.argv.slice(2))
process.exitCode = code
