/**
 * What every command shares: the inputs as sources, the engine's events shown on the terminal, the
 * output streams and the colour palette.
 */
import {
  type AnalyseOptions,
  type Analysis,
  type AnalysisHooks,
  analyse,
  type ReadControls,
} from '../analysis/analyse.js'
import type { AccountingSnapshot } from '../common/accounting.js'
import { InputError } from '../common/errors.js'
import { type FileSourceOptions, fileSources } from '../sources/files.js'
import type { Source, SourceProgress } from '../sources/source.js'
import type { InputFormat } from '../sources/types.js'
import { type ColorMode, colorEnabled, type Palette, palette } from '../views/color.js'
import { escapeControl } from '../views/escape.js'
import { renderView } from '../views/formats.js'
import { prettyJsonFor } from '../views/json.js'
import { formatBytes, formatCount, formatSummary } from '../views/summary.js'
import type { ModelName, ViewModels } from '../views/view.js'
import { clusterSource, type EsArgs, esRequested } from './es-options.js'

export interface CommonArgs extends EsArgs {
  inputs?: string[]
  'input-format'?: InputFormat
  color?: ColorMode
  quiet?: boolean
  /** Heap bytes past which reading stops (`--max-memory`, parsed by `options.ts`). */
  'max-memory'?: number
  /** The GitLab version the logs come from (`--gitlab-version`, parsed by `options.ts`). */
  'gitlab-version'?: number
}

export interface Io {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  stdin: NodeJS.ReadStream
  env: NodeJS.ProcessEnv
}

/** Positional inputs, or stdin when it is piped; a terminal on stdin with no inputs is a usage error. */
export function resolveInputs(args: CommonArgs, io: Io): string[] {
  const inputs = args.inputs?.map(String) ?? []
  if (inputs.length > 0) return inputs
  if (io.stdin.isTTY) {
    throw new InputError(
      'no input: give api_json.log files, exports or directories, or pipe a log on stdin (see --help)',
    )
  }
  return ['-']
}

/** The sources the arguments name: files, directories, or stdin. */
export function sourcesFor(args: CommonArgs, io: Io): Source[] {
  // Elasticsearch or Kibana instead of files (`es-options.ts`): the one branch for a cluster source.
  if (esRequested(args, io.env)) return [clusterSource(args, io)]
  const options: FileSourceOptions = { stdin: io.stdin }
  if (args['input-format'] && args['input-format'] !== 'auto') options.format = args['input-format']
  return fileSources(resolveInputs(args, io), options)
}

/** Progress is shown for inputs this big (on disk), when stderr is a terminal. */
const PROGRESS_MIN_BYTES = 16 * 1024 * 1024

/**
 * How this CLI shows the engine's events: a progress line on stderr (a terminal, a large input, not
 * `--quiet`), rewritten in place; warnings as `scimtrace: warning: …` lines; debug lines with
 * `SCIMTRACE_DEBUG`. `done()` clears the progress line.
 */
export function terminalHooks(args: CommonArgs, io: Io): AnalysisHooks & { done(): void } {
  let shown = false
  const clear = (): void => {
    if (!shown) return
    io.stderr.write('\r\u001b[K')
    shown = false
  }
  const hooks: AnalysisHooks & { done(): void } = {
    onWarning: (message) => {
      clear()
      if (!args.quiet) io.stderr.write(`scimtrace: warning: ${message}\n`)
    },
    done: clear,
  }
  if (io.stderr.isTTY === true && !args.quiet) {
    const started = Date.now()
    hooks.onProgress = (progress) => {
      if (progress.unit === 'documents') {
        io.stderr.write(`\r${documentProgress(progress, Date.now() - started)}\u001b[K`)
        shown = true
        return
      }
      if ((progress.size ?? progress.total ?? 0) <= PROGRESS_MIN_BYTES) return
      const total = progress.total
      const of =
        total === undefined
          ? ''
          : ` of ${formatBytes(total)} (${Math.min(100, Math.floor((progress.done / total) * 100))}%)`
      io.stderr.write(
        `\rreading… ${formatBytes(progress.done)}${of} · ${formatCount(progress.scim)} SCIM requests\u001b[K`,
      )
      shown = true
    }
  }
  if (io.env.SCIMTRACE_DEBUG)
    hooks.onDebug = (message) => io.stderr.write(`debug: ${escapeControl(message)}\n`)
  return hooks
}

/** The engine options every command takes (`--max-memory`, `--gitlab-version`). */
export function withLimits(args: CommonArgs, options: AnalyseOptions): AnalyseOptions {
  const limit = args['max-memory']
  const version = args['gitlab-version']
  const out = limit === undefined ? options : { ...options, maxMemory: limit }
  return version === undefined ? out : { ...out, gitlabVersion: version }
}

/** `fetching… 12,000 of 40,000 documents · 9,800/s · ETA 3 s` for a cluster source. */
function documentProgress(progress: SourceProgress, elapsedMs: number): string {
  const { done, total } = progress
  const rate = done / Math.max(0.001, elapsedMs / 1000)
  const eta = total !== undefined && rate > 0 ? ` · ETA ${Math.ceil((total - done) / rate)} s` : ''
  const of = total !== undefined ? ` of ${formatCount(total)}` : ''
  return `fetching… ${formatCount(done)}${of} documents · ${formatCount(Math.round(rate))}/s${eta}`
}

/** Read the inputs the arguments name and analyse them (`analysis/analyse.ts`), showing progress. */
export async function analyseInputs(
  args: CommonArgs,
  io: Io,
  options: AnalyseOptions = {},
  controls: Omit<ReadControls, 'maxMemory'> = {},
): Promise<Analysis> {
  const hooks = terminalHooks(args, io)
  try {
    return await analyse(sourcesFor(args, io), withLimits(args, options), hooks, controls)
  } finally {
    hooks.done()
  }
}

export function colorsFor(args: CommonArgs, io: Io): Palette {
  return palette(colorEnabled(args.color ?? 'auto', io.stdout, io.env))
}

/** The closing accounting line on stderr (unless --quiet). */
export function reportSummary(
  args: CommonArgs,
  io: Io,
  read: { accounting: AccountingSnapshot },
  extra: { people?: number; probes?: number } = {},
): void {
  if (args.quiet) return
  const colors = palette(colorEnabled(args.color ?? 'auto', io.stderr, io.env))
  io.stderr.write(`${colors.dim(formatSummary(read.accounting, extra))}\n`)
}

/** Render `value` on stdout with the view the arguments chose (`--format`, `views/formats.ts`). */
export function writeView<Model extends ModelName>(
  model: Model,
  args: CommonArgs & { format: string },
  io: Io,
  value: ViewModels[Model],
): void | Promise<void> {
  return renderView(model, args.format, value, {
    write: (text) => io.stdout.write(text),
    colors: colorsFor(args, io),
    pretty: prettyJsonFor(io.stdout),
  })
}
