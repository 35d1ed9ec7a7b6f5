/**
 * Elasticsearch and Kibana as the input of any reading command: the shared options, the environment's
 * credentials, the time window and its confirmation, and the cluster as a source for the engine (`clusterSource`).
 *
 * Credentials come only from the environment (`SCIMTRACE_ES_API_KEY`, `SCIMTRACE_ES_USERNAME` and
 * `SCIMTRACE_ES_PASSWORD`, `SCIMTRACE_ES_BEARER`): never from options (shell history, `ps`) and never in
 * URLs (a URL with userinfo is refused without echoing it). Nothing printed here holds them.
 */
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline/promises'
import type { Argv } from 'yargs'
import { EXIT, UserError } from '../common/errors.js'
import { parseStatusList } from '../records/query.js'
import { parseTimeOption } from '../records/query-options.js'
import { statusRanges } from '../sources/elasticsearch/query.js'
import type { EsAuth, EsConnection, EsFilter, ScanOptions } from '../sources/elasticsearch/types.js'
import type { Source, SourceContext, SourceProgress } from '../sources/source.js'
import type { RawEntry } from '../sources/types.js'
import { escapeControl } from '../views/escape.js'
import { formatCount } from '../views/summary.js'
import type { Io } from './context.js'
import { parseList } from './options.js'

export const DEFAULT_INDEX = 'pubsub-rails-inf-gprd-*'
export const DEFAULT_WINDOW_DAYS = 7
/** A window wider than this asks for confirmation (a terminal) or `--yes`. */
export const WIDE_WINDOW_DAYS = 31
const DAY_MS = 24 * 60 * 60 * 1000

export interface EsArgs {
  es?: string
  index?: string
  'cloud-id'?: string
  kibana?: string
  ca?: string
  'ca-fingerprint'?: string
  insecure?: boolean
  yes?: boolean
  since?: string
  until?: string
  'es-page-size'?: number
  'es-keep-alive'?: string
  'es-timeout'?: number
  'es-retries'?: number
  'es-backoff-ms'?: number
  // Filters some commands have; pushed into the query when present.
  group?: string
  instance?: boolean
  value?: string
  user?: string
  status?: string
  method?: string
}

export function withEsOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('es', {
      describe:
        'Read from this Elasticsearch URL instead of files (or SCIMTRACE_ES_URL); credentials from env',
      type: 'string',
      group: 'Elasticsearch:',
    })
    .option('index', {
      describe: 'Index pattern to search',
      type: 'string',
      default: DEFAULT_INDEX,
      group: 'Elasticsearch:',
    })
    .option('cloud-id', {
      describe: 'Elastic Cloud id instead of --es',
      type: 'string',
      group: 'Elasticsearch:',
    })
    .option('kibana', {
      describe: "Send the requests through this Kibana's console proxy instead of --es",
      type: 'string',
      group: 'Elasticsearch:',
    })
    .option('ca', { describe: 'PEM file of the CA to trust', type: 'string', group: 'Elasticsearch:' })
    .option('ca-fingerprint', {
      describe: 'SHA-256 fingerprint of the CA to pin',
      type: 'string',
      group: 'Elasticsearch:',
    })
    .option('insecure', {
      describe: 'Do not verify the TLS certificate (warns)',
      type: 'boolean',
      group: 'Elasticsearch:',
    })
    .option('yes', {
      alias: 'y',
      describe: `Query a window wider than ${WIDE_WINDOW_DAYS} days without asking`,
      type: 'boolean',
      group: 'Elasticsearch:',
    })
    .option('since', {
      describe: `From this time: ISO date-time, or a span back from now (7d, 12h); with --es the default is ${DEFAULT_WINDOW_DAYS}d`,
      type: 'string',
    })
    .option('until', { describe: 'Up to this time: ISO date-time, or a span back from now', type: 'string' })
    .option('es-page-size', { type: 'number', hidden: true })
    .option('es-keep-alive', { type: 'string', hidden: true })
    .option('es-timeout', { describe: 'Request timeout in seconds', type: 'number', hidden: true })
    .option('es-retries', { type: 'number', hidden: true })
    .option('es-backoff-ms', { type: 'number', hidden: true })
}

/** Whether this run reads a cluster: an option, or `SCIMTRACE_ES_URL` when no input is given. */
export function esRequested(args: EsArgs & { inputs?: string[] }, env: NodeJS.ProcessEnv): boolean {
  if (args.es !== undefined || args.kibana !== undefined || args['cloud-id'] !== undefined) {
    if ((args.inputs?.length ?? 0) > 0)
      throw new UserError('give either input files or --es/--kibana/--cloud-id, not both')
    return true
  }
  return (args.inputs?.length ?? 0) === 0 && Boolean(env.SCIMTRACE_ES_URL)
}

/** The credentials the environment gives: an API key wins, then a bearer token, then user and password. */
export function authFromEnv(env: NodeJS.ProcessEnv): EsAuth {
  if (env.SCIMTRACE_ES_API_KEY) return { apiKey: env.SCIMTRACE_ES_API_KEY }
  if (env.SCIMTRACE_ES_BEARER) return { bearer: env.SCIMTRACE_ES_BEARER }
  if (env.SCIMTRACE_ES_USERNAME || env.SCIMTRACE_ES_PASSWORD) {
    if (!env.SCIMTRACE_ES_USERNAME || !env.SCIMTRACE_ES_PASSWORD)
      throw new UserError('set both SCIMTRACE_ES_USERNAME and SCIMTRACE_ES_PASSWORD')
    return { username: env.SCIMTRACE_ES_USERNAME, password: env.SCIMTRACE_ES_PASSWORD }
  }
  return undefined
}

/** A URL to reach: http(s), no credentials in it (they would end up in shell history and logs). */
function checkUrl(option: string, text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UserError(`--${option} is not a URL (http://host:9200)`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`--${option} must be an http:// or https:// URL`)
  if (url.username !== '' || url.password !== '')
    throw new UserError(
      `--${option} holds credentials: remove them from the URL and set SCIMTRACE_ES_USERNAME/SCIMTRACE_ES_PASSWORD or SCIMTRACE_ES_API_KEY`,
    )
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '')}`
}

export function connectionFrom(args: EsArgs, io: Io): EsConnection {
  const connection: EsConnection = {}
  if (args.kibana !== undefined) connection.kibana = checkUrl('kibana', args.kibana)
  else if (args['cloud-id'] !== undefined) connection.cloudId = args['cloud-id']
  else connection.node = checkUrl('es', args.es ?? io.env.SCIMTRACE_ES_URL ?? '')
  const auth = authFromEnv(io.env)
  if (auth) connection.auth = auth
  if (args.ca !== undefined) {
    try {
      connection.ca = readFileSync(args.ca, 'utf8')
    } catch (error) {
      throw new UserError(
        `--ca: cannot read '${args.ca}': ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        EXIT.input,
      )
    }
  }
  if (args['ca-fingerprint'] !== undefined) connection.caFingerprint = args['ca-fingerprint']
  if (args.insecure) connection.insecure = true
  if (args['es-timeout'] !== undefined) connection.requestTimeoutMs = args['es-timeout'] * 1000
  return connection
}

export interface Window {
  sinceMs: number
  untilMs: number
  /** Whether `--since` was left to the default. */
  defaulted: boolean
}

export function windowFrom(args: EsArgs, now: Date = new Date()): Window {
  const untilMs = args.until !== undefined ? parseTimeOption('until', args.until, now) : now.getTime()
  const defaulted = args.since === undefined
  const sinceMs = defaulted
    ? untilMs - DEFAULT_WINDOW_DAYS * DAY_MS
    : parseTimeOption('since', args.since as string, now)
  if (sinceMs > untilMs) throw new UserError('--since is after --until')
  return { sinceMs, untilMs, defaulted }
}

export function describeWindow(window: Window): string {
  const days = (window.untilMs - window.sinceMs) / DAY_MS
  const span = days >= 1 ? `${Math.round(days * 10) / 10} days` : `${Math.round(days * 24 * 10) / 10} hours`
  return `${new Date(window.sinceMs).toISOString()} → ${new Date(window.untilMs).toISOString()} (${span}${window.defaulted ? ', the default window: set --since/--until' : ''})`
}

/**
 * The filters pushed into the query. Scope and window always; a value, statuses and methods when given
 * (only `search` has them), except with `--user`, whose person is found by linking requests that need not
 * carry the value (a lookup by userName), so only the scope can narrow the fetch.
 */
export function filterFrom(args: EsArgs, window: Window): EsFilter {
  const filter: EsFilter = {
    index: args.index ?? DEFAULT_INDEX,
    sinceMs: window.sinceMs,
    untilMs: window.untilMs,
  }
  if (args.group !== undefined) filter.group = args.group
  if (args.instance) filter.instance = true
  if (args.user === undefined) {
    if (args.value !== undefined) filter.value = args.value
    const methods = parseList(args.method, (m) => m.toUpperCase())
    if (methods) filter.methods = methods
    if (args.status !== undefined) {
      // A list the records stage rejects is reported by the command; `fail` is not pushed (statusRanges).
      const ranges = validStatus(args.status) ? statusRanges(args.status) : undefined
      if (ranges) filter.statuses = ranges
    }
  }
  return filter
}

function validStatus(text: string): boolean {
  try {
    parseStatusList(text)
    return true
  } catch {
    return false
  }
}

/** A wide window reads much of the cluster: ask on a terminal, else require `--yes`. */
export async function confirmWindow(args: EsArgs, io: Io, window: Window): Promise<void> {
  const days = (window.untilMs - window.sinceMs) / DAY_MS
  if (days <= WIDE_WINDOW_DAYS || args.yes) return
  const question = `scimtrace: query ${Math.ceil(days)} days of logs (more than ${WIDE_WINDOW_DAYS})? [y/N] `
  if (io.stdin.isTTY && io.stderr.isTTY) {
    const prompt = createInterface({ input: io.stdin, output: io.stderr })
    try {
      const answer = await prompt.question(question)
      if (/^y(es)?$/i.test(answer.trim())) return
    } finally {
      prompt.close()
    }
    throw new UserError('not confirmed: narrow --since/--until', EXIT.usage)
  }
  throw new UserError(
    `the window is ${Math.ceil(days)} days, more than ${WIDE_WINDOW_DAYS}: give --yes to query it, or narrow --since/--until`,
  )
}

export function scanFrom(args: EsArgs): ScanOptions {
  const scan: ScanOptions = {}
  if (args['es-page-size'] !== undefined) scan.pageSize = args['es-page-size']
  if (args['es-keep-alive'] !== undefined) scan.keepAlive = args['es-keep-alive']
  if (args['es-retries'] !== undefined) scan.maxRetries = args['es-retries']
  if (args['es-backoff-ms'] !== undefined) scan.backoffMs = args['es-backoff-ms']
  return scan
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = EXIT.interrupted

/**
 * A cluster as one of the engine's sources (`sources/source.ts`): its options are checked and the window
 * confirmed and printed when the engine checks its sources, the client is loaded only then, and Ctrl-C
 * aborts the scan (which closes the point in time) instead of killing the process with it open.
 */
export function clusterSource(args: EsArgs & { quiet?: boolean }, io: Io): Source {
  let inner: Source | undefined
  const check = async (): Promise<Source> => {
    if (inner) return inner
    const connection = connectionFrom(args, io)
    const window = windowFrom(args)
    await confirmWindow(args, io, window)
    const filter = filterFrom(args, window)
    if (connection.insecure && !args.quiet)
      io.stderr.write('scimtrace: warning: --insecure: the TLS certificate is not verified\n')
    const { elasticsearchSource } = await import('../sources/elasticsearch/source.js')
    const source = elasticsearchSource({
      connection,
      filter,
      scan: scanFrom(args),
      onCount: (total) => {
        if (!args.quiet)
          io.stderr.write(
            `elasticsearch: ${escapeControl(source.description)} · ${describeWindow(window)} · ${formatCount(total)} documents match\n`,
          )
      },
    })
    inner = source
    return source
  }
  return {
    get description() {
      return inner?.description ?? args.index ?? DEFAULT_INDEX
    },
    async check() {
      await check()
    },
    async *entries(context: SourceContext): AsyncGenerator<RawEntry> {
      const source = await check()
      const controller = new AbortController()
      const onSigint = () => controller.abort(new UserError('interrupted', EXIT_INTERRUPTED))
      const onAbort = () => controller.abort(context.signal?.reason)
      process.once('SIGINT', onSigint)
      context.signal?.addEventListener('abort', onAbort, { once: true })
      try {
        yield* source.entries({ ...context, signal: controller.signal })
      } finally {
        process.removeListener('SIGINT', onSigint)
        context.signal?.removeEventListener('abort', onAbort)
      }
    },
    progress(): SourceProgress {
      return inner?.progress() ?? { unit: 'documents', done: 0 }
    },
  }
}
