#!/usr/bin/env node
/**
 * scimtrace: what happened to this person's SCIM provisioning, and why?
 * The commands are thin: they parse options, run the pipeline and pick a view. Each is one definition
 * (`command.ts`), listed in `commands/index.ts`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { EXIT, UserError } from '../common/errors.js'
import { enableTimings, formatTimings, mark } from '../common/timings.js'
import { escapeControl } from '../views/escape.js'
import { opensExplorer } from '../views/tui/opens.js'
import { commandName } from './command.js'
import { COMMANDS } from './commands/index.js'
import type { Io } from './context.js'
import { applyStartup } from './startup.js'
import { checkArgs, inputsOf, type OptionTable } from './validate.js'

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

/** The command the arguments name: the first argument that is a command's name. */
function chosenCommand(argv: readonly string[]): (typeof COMMANDS)[number] | undefined {
  for (const arg of argv) {
    const definition = COMMANDS.find((candidate) => commandName(candidate) === arg)
    if (definition) return definition
  }
  return undefined
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
  const chosen = chosenCommand(argv)
  // Plain `scimtrace logs/` on a terminal opens the explorer.
  if (chosen === undefined && opensExplorer(argv, io)) return main(['tui', ...argv], io)
  // Before yargs loads: V8 flags and the read worker's early start are the command's (`startup.ts`).
  if (chosen) applyStartup(chosen.behaviour, argv, io.env)
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
        if (!chosen) return
        const { positionals } = checkArgs(argv, y.getOptions())
        // Only commands that read inputs get them (`query` has none: strict mode would refuse `inputs`).
        if (chosen.behaviour.reads)
          parsed.inputs = inputsOf(positionals, commandName(chosen), chosen.command.includes('<who>'))
      }) as never,
      true,
    )
  // Only the chosen command builds its options; the others are listed for `--help` and suggestions.
  for (const definition of COMMANDS) {
    if (definition === chosen) {
      parser = parser.command(definition.command, definition.describe, definition.builder, async (args) => {
        exitCode = await definition.handler(args as never, io)
      })
    } else {
      parser = parser.command(definition.command, definition.describe)
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
