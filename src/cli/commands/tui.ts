import { openSync } from 'node:fs'
import { ReadStream } from 'node:tty'
import type { Argv } from 'yargs'
import { EXIT, InputError, UserError } from '../../common/errors.js'
import { colorEnabled } from '../../views/color.js'
import { escapeControl } from '../../views/escape.js'
import { formatSummary } from '../../views/summary.js'
import { type FollowedFile, followFiles } from '../../views/tui/follow.js'
import { type Analysis, analyseInputs } from '../../views/tui/load.js'
import type { TuiOptions } from '../../views/tui/start.js'
import { defineCommand } from '../command.js'
import type { CommonArgs, Io } from '../context.js'
import { parseList, withInputs } from '../options.js'

export interface TuiArgs extends CommonArgs {
  follow?: boolean
  'allowed-domains'?: string
}

function builder(yargs: Argv) {
  return withInputs(yargs)
    .option('follow', {
      alias: 'F',
      describe: 'Keep reading the files as they grow (like tail -F, logrotate included)',
      type: 'boolean',
      default: false,
    })
    .option('allowed-domains', {
      describe: "The group's allowed email domains (comma-separated), if known",
      type: 'string',
    })
    .example('$0 tui logs/', 'Explore a folder of logs')
    .example('$0 tui --follow /var/log/gitlab/gitlab-rails/api_json.log', 'Watch provisioning live')
    .example('zcat api_json.log.2.gz | $0 tui', 'Log on stdin, keys from the terminal')
}

/**
 * The UI's module. In the bundle (dist/bin/main.js) it is its own bundle beside this one (dist/bin/tui.js),
 * so that Ink and React load only here; from tsc's output it is the compiled module.
 */
function uiModule(): string {
  const here = import.meta.url
  // Bundled, this code is inside main.js (dist/bin/, or the test bundle: test/setup/bundle.ts).
  if (/\/main\.js$/.test(here)) return new URL('./tui.js', here).href
  return new URL('../../views/tui/start.js', here).href
}

/** Where keys come from: stdin when it is the terminal, else the terminal itself (the log is on stdin). */
function openKeys(io: Io): NodeJS.ReadStream {
  if (io.stdin.isTTY) return io.stdin
  try {
    return new ReadStream(openSync('/dev/tty', 'r')) as unknown as NodeJS.ReadStream
  } catch {
    throw new UserError(
      'tui needs a terminal for its keys; use `scimtrace report` to print a report',
      EXIT.usage,
    )
  }
}

async function run(args: TuiArgs, io: Io): Promise<number> {
  if (!io.stdout.isTTY) {
    throw new UserError(
      'tui needs a terminal; use `scimtrace report` (or users, explain) to print to a pipe or file',
      EXIT.usage,
    )
  }
  const given = args.inputs?.map(String) ?? []
  if (given.length === 0 && io.stdin.isTTY) {
    throw new InputError(
      'no input: give api_json.log files, exports or directories, or pipe a log on stdin (see --help)',
    )
  }
  const inputs = given.length > 0 ? given : ['-']
  const keys = openKeys(io)
  const allowedDomains = parseList(args['allowed-domains']) ?? []
  // Ink renders only a final frame when it thinks it runs in CI (`is-in-ci`, read once as Ink loads). The
  // explorer runs only on a terminal (checked above), where a person is looking, whatever CI says.
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[key]
  const ui = (await import(uiModule())) as typeof import('../../views/tui/start.js')
  let last: Analysis | undefined
  const options: TuiOptions = {
    keys,
    stdout: io.stdout,
    colors: colorEnabled(args.color ?? 'auto', io.stdout, io.env),
    sources: inputs.map((input) => escapeControl(input)).join(', '),
    load: async (hooks) => {
      const analysisOptions: Parameters<typeof analyseInputs>[1] = { allowedDomains, stdin: io.stdin }
      if (args['input-format']) analysisOptions.inputFormat = args['input-format']
      if (args['gitlab-version'] !== undefined) analysisOptions.gitlabVersion = args['gitlab-version']
      last = await analyseInputs(inputs, analysisOptions, hooks)
      return last
    },
  }
  if (args.follow) {
    // Files named directly are followed (a directory's or stdin's growth is not).
    const files: FollowedFile[] = inputs
      .filter((input) => input !== '-')
      .map((input) => ({ path: input, display: input }))
    options.follow = (initial, update, fail) =>
      followFiles(
        files,
        initial,
        (next) => {
          last = next
          update(next)
        },
        fail,
        { allowedDomains },
      )
  }
  const code = await ui.runTui(options)
  if (keys !== io.stdin) keys.destroy()
  if (last && !args.quiet)
    io.stderr.write(`${formatSummary(last.accounting, { people: last.timelines.people.length })}\n`)
  return code
}

export const tuiCommand = defineCommand<TuiArgs>({
  command: 'tui [inputs..]',
  describe:
    'Explore people, timelines, findings and raw requests in a full-screen terminal UI (also: scimtrace logs/)',
  behaviour: { reads: true, tuning: 'interactive' },
  builder,
  handler: run,
})
