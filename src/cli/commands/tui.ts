import { openSync } from 'node:fs'
import { ReadStream } from 'node:tty'
import type { Argv } from 'yargs'
import { Accounting } from '../../common/accounting.js'
import { EXIT, UserError } from '../../common/errors.js'
import { colorEnabled } from '../../views/color.js'
import { escapeControl } from '../../views/escape.js'
import { formatSummary } from '../../views/summary.js'
import { type FollowedFile, followFiles } from '../../views/tui/follow.js'
import {
  type AnalyseHooks,
  type AnalyseOptions,
  type Analysis,
  analyseSources,
} from '../../views/tui/load.js'
import type { TuiOptions } from '../../views/tui/start.js'
import { defineCommand } from '../command.js'
import { type CommonArgs, type Io, sourcesFor } from '../context.js'
import { esRequested } from '../es-options.js'
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
    .example('$0 tui --es https://es.example:9200 --since 2d', 'Explore two days from Elasticsearch')
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

/**
 * The terminal's stderr while the explorer owns the screen: what is written to it then (a cluster's
 * "N documents match") would land in the middle of the frame, so it is kept and written once the screen is
 * restored. Before and after, writes go straight through.
 */
export function heldStderr(real: NodeJS.WriteStream): {
  stream: NodeJS.WriteStream
  hold(): void
  release(): void
} {
  const kept: (string | Uint8Array)[] = []
  let holding = false
  // write(chunk), write(chunk, callback) or write(chunk, encoding, callback), as a stream's.
  const write = (chunk: string | Uint8Array, second?: unknown, third?: unknown): boolean => {
    const callback = [second, third].find((a) => typeof a === 'function') as (() => void) | undefined
    if (!holding) {
      const encoding = typeof second === 'string' ? (second as BufferEncoding) : undefined
      return encoding ? real.write(chunk, encoding, callback) : real.write(chunk, callback)
    }
    kept.push(chunk)
    callback?.()
    return true
  }
  // Everything else is the real stream's (isTTY, columns, events), called on it.
  const stream = new Proxy(real, {
    get(target, property) {
      if (property === 'write') return write
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return {
    stream,
    hold: () => {
      holding = true
    },
    release: () => {
      holding = false
      for (const chunk of kept.splice(0)) real.write(chunk)
    },
  }
}

async function run(args: TuiArgs, io: Io): Promise<number> {
  if (!io.stdout.isTTY) {
    throw new UserError(
      'tui needs a terminal; use `scimtrace report` (or users, explain) to print to a pipe or file',
      EXIT.usage,
    )
  }
  const stderr = heldStderr(io.stderr)
  const sourceIo: Io = { ...io, stderr: stderr.stream }
  const cluster = esRequested(args, io.env)
  if (cluster && args.follow) throw new UserError('--follow follows files; it cannot follow --es or --kibana')
  // Files, directories, stdin or a cluster, as every reading command has them (a terminal on stdin and no
  // input is the usual usage error).
  const sources = sourcesFor(args, sourceIo)
  // A cluster's options, the window confirmation (a prompt) and the TLS warning come before the explorer
  // takes the screen; the engine checks its sources again, which a cluster answers from what it found here.
  if (cluster) for (const source of sources) await source.check?.({ accounting: new Accounting() })
  const inputs = args.inputs?.map(String) ?? []
  const keys = openKeys(io)
  const allowedDomains = parseList(args['allowed-domains']) ?? []
  // Ink renders only a final frame when it thinks it runs in CI (`is-in-ci`, read once as Ink loads). The
  // explorer runs only on a terminal (checked above), where a person is looking, whatever CI says.
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[key]
  const ui = (await import(uiModule())) as typeof import('../../views/tui/start.js')
  let last: Analysis | undefined
  const names = cluster ? sources.map((source) => source.description) : inputs.length > 0 ? inputs : ['-']
  const options: TuiOptions = {
    keys,
    stdout: io.stdout,
    colors: colorEnabled(args.color ?? 'auto', io.stdout, io.env),
    sources: names.map((name) => escapeControl(name)).join(', '),
    load: async (hooks) => {
      const analysisOptions: AnalyseOptions = { allowedDomains }
      if (args['max-memory'] !== undefined) analysisOptions.maxMemory = args['max-memory']
      if (args['gitlab-version'] !== undefined) analysisOptions.gitlabVersion = args['gitlab-version']
      // The engine's warnings (an input that looks like no log) are kept with the rest of stderr and shown
      // once the screen is restored.
      const warned: AnalyseHooks = {
        ...hooks,
        onWarning: (message) => {
          if (!args.quiet) stderr.stream.write(`scimtrace: warning: ${message}\n`)
        },
      }
      last = await analyseSources(sources, analysisOptions, warned)
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
  stderr.hold()
  let code: number
  try {
    code = await ui.runTui(options)
  } finally {
    stderr.release()
    if (keys !== io.stdin) keys.destroy()
  }
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
