/**
 * What every command shares: reading the inputs into records (with accounting and progress),
 * the output streams and the colour palette.
 */
import { open, stat } from 'node:fs/promises'
import { Accounting, type AccountingSnapshot } from '../common/accounting.js'
import { InputError } from '../common/errors.js'
import { mark } from '../common/timings.js'
import { RECORD_SELECTION, toRecords } from '../records/index.js'
import type { ScimRecord } from '../records/types.js'
import { readEntries } from '../sources/index.js'
import type { InputFormat } from '../sources/types.js'
import { type ColorMode, colorEnabled, type Palette, palette } from '../views/color.js'
import { escapeControl } from '../views/escape.js'
import { jsonText, prettyJsonFor } from '../views/json.js'
import { formatBytes, formatCount, formatSummary } from '../views/summary.js'
import { type EsArgs, esEntries, esRequested } from './es-options.js'

export interface CommonArgs extends EsArgs {
  inputs?: string[]
  'input-format'?: InputFormat
  color?: ColorMode
  quiet?: boolean
}

export interface Io {
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  stdin: NodeJS.ReadStream
  env: NodeJS.ProcessEnv
}

export interface Loaded {
  records: ScimRecord[]
  accounting: AccountingSnapshot
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

/** Bytes on disk of the file inputs, and whether any is gzip (its inflated size is unknown up front). */
async function measureInputs(inputs: string[]): Promise<{ total: number; compressed: boolean }> {
  let total = 0
  let compressed = false
  for (const input of inputs) {
    if (input === '-') continue
    try {
      const info = await stat(input)
      if (!info.isFile()) continue
      total += info.size
      const handle = await open(input, 'r')
      try {
        const magic = Buffer.alloc(2)
        await handle.read(magic, 0, 2, 0)
        if (magic[0] === 0x1f && magic[1] === 0x8b) compressed = true
      } finally {
        await handle.close()
      }
    } catch {
      // reported by the reader with a proper message
    }
  }
  return { total, compressed }
}

export interface LoadOptions {
  /** Sees each record as it is read (`report` hands some groups to a worker). */
  onRecord?: (record: ScimRecord) => void
}

/** Read every input into records. Progress goes to stderr when it is a terminal and the input is large. */
export async function loadRecords(args: CommonArgs, io: Io, load: LoadOptions = {}): Promise<Loaded> {
  // Elasticsearch or Kibana instead of files (`es-options.ts`): the one branch for a cluster source.
  const fromCluster = esRequested(args, io.env)
  const inputs = fromCluster ? [] : resolveInputs(args, io)
  const accounting = new Accounting()
  const { total, compressed } = await measureInputs(inputs)
  const showProgress = io.stderr.isTTY === true && !args.quiet && total > 16 * 1024 * 1024
  let timer: NodeJS.Timeout | undefined
  if (showProgress) {
    timer = setInterval(() => {
      // Reading counts inflated bytes: against a gzip file's size on disk a percentage would be wrong.
      const of = compressed
        ? ''
        : ` of ${formatBytes(total)} (${Math.min(100, Math.floor((accounting.bytes / total) * 100))}%)`
      io.stderr.write(
        `\rreading… ${formatBytes(accounting.bytes)}${of} · ${formatCount(accounting.scim)} SCIM requests\u001b[K`,
      )
    }, 250)
    timer.unref()
  }
  const records: ScimRecord[] = []
  try {
    const options: Parameters<typeof readEntries>[1] = {
      accounting,
      stdin: io.stdin,
      selection: RECORD_SELECTION,
    }
    if (args['input-format'] && args['input-format'] !== 'auto') options.format = args['input-format']
    if (io.env.SCIMTRACE_DEBUG) options.debug = (message) => io.stderr.write(`debug: ${message}\n`)
    const onRecord = load.onRecord
    const entries = fromCluster
      ? esEntries(args, io, accounting, RECORD_SELECTION)
      : readEntries(inputs, options)
    for await (const record of toRecords(entries, accounting)) {
      records.push(record)
      onRecord?.(record)
    }
  } finally {
    if (timer) {
      clearInterval(timer)
      io.stderr.write('\r\u001b[K')
    }
  }
  mark('read')
  const snapshot = accounting.snapshot()
  // A file that is neither an API log nor an export is still read (its lines are counted), but say so:
  // "0 SCIM requests" alone would not tell a user they gave the wrong file.
  for (const source of snapshot.sources) {
    if (source.format === 'unknown' && !args.quiet) {
      io.stderr.write(
        `scimtrace: warning: '${escapeControl(source.name)}' does not look like an api_json.log or a Kibana/Elasticsearch export; read as api_json (see --input-format)\n`,
      )
    }
  }
  return { records, accounting: snapshot }
}

export function colorsFor(args: CommonArgs, io: Io): Palette {
  return palette(colorEnabled(args.color ?? 'auto', io.stdout, io.env))
}

/** The closing accounting line on stderr (unless --quiet). */
export function reportSummary(
  args: CommonArgs,
  io: Io,
  loaded: Loaded,
  extra: { people?: number } = {},
): void {
  if (args.quiet) return
  const colors = palette(colorEnabled(args.color ?? 'auto', io.stderr, io.env))
  io.stderr.write(`${colors.dim(formatSummary(loaded.accounting, extra))}\n`)
}

/** One JSON document on stdout: indented on a terminal, compact otherwise (`views/json.ts`). */
export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(`${jsonText(value, prettyJsonFor(io.stdout))}\n`)
}

export function writeNdjson(io: Io, values: Iterable<unknown>): void {
  for (const value of values) io.stdout.write(`${JSON.stringify(value)}\n`)
}
