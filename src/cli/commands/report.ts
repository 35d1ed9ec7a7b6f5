import { availableParallelism } from 'node:os'
import type { Argv } from 'yargs'
import { EXIT } from '../../common/errors.js'
import { mark } from '../../common/timings.js'
import { hasInternalError, viewFailureCount } from '../../diagnosis/guard.js'
import { diagnose } from '../../diagnosis/index.js'
import { workingGroups } from '../../diagnosis/support.js'
import { keepReadWorkers, takeIdleWorker } from '../../sources/apiLog/workerStart.js'
import { buildTimelines } from '../../timelines/index.js'
import { escapeControl } from '../../views/escape.js'
import { prettyJsonFor, writeParts, writePartsAsync } from '../../views/json.js'
import { renderMarkdownReport } from '../../views/markdown.js'
import { redactRecords } from '../../views/redact.js'
import { type ReportInput, reportJson, reportJsonParts } from '../../views/report.js'
import { renderTextReport } from '../../views/text-report.js'
import {
  type CommonArgs,
  colorsFor,
  type Io,
  type Loaded,
  loadRecords,
  reportSummary,
  writeJson,
} from '../context.js'
import { loadCrossChecks } from '../crosscheck.js'
import { parseList, withInputs } from '../options.js'
import { ScopeSplit } from '../parallel/scopeSplit.js'
import { buildSplitReport } from '../parallel/splitReport.js'

export interface ReportArgs extends CommonArgs {
  group?: string
  redact?: boolean
  'allowed-domains'?: string
  'scim-identities'?: string
  'saml-identities'?: string
  format: 'text' | 'markdown' | 'json'
}

export const command = 'report [inputs..]'
export const describe =
  'Every person and group-wide finding, worst first, with totals by status, action, IdP and rule'

export function builder(yargs: Argv) {
  return withInputs(yargs)
    .option('group', { describe: 'Only this top-level group', type: 'string' })
    .option('format', {
      alias: 'f',
      choices: ['text', 'markdown', 'json'] as const,
      default: 'text' as const,
    })
    .option('redact', {
      describe:
        'Replace emails, userNames, names, externalIds and IPs with stable aliases (to share the report)',
      type: 'boolean',
      default: false,
    })
    .option('allowed-domains', {
      describe: "The group's allowed email domains, comma-separated",
      type: 'string',
    })
    .option('scim-identities', {
      describe: 'JSON saved from GET /groups/:id/scim/identities, to compare with the log',
      type: 'string',
      normalize: true,
    })
    .option('saml-identities', {
      describe:
        'JSON saved from GET /groups/:id/saml/identities, to compare SCIM extern_uids with SAML NameIds',
      type: 'string',
      normalize: true,
    })
    .example('$0 report logs/', 'Everything, for a terminal')
    .example('$0 report --format markdown --redact logs/ > ticket.md', 'To paste into a support ticket')
    .example('$0 report --format json api_json.log | jq ".people[].findings[].rule"', 'The JSON contract')
    .example(
      '$0 report --scim-identities scim.json --saml-identities saml.json logs/',
      'Check NameId against extern_uid',
    )
}

export async function run(args: ReportArgs, io: Io): Promise<number> {
  const crossChecks = await loadCrossChecks(args['scim-identities'], args['saml-identities'])
  const allowedDomains = parseList(args['allowed-domains']) ?? []
  const split = scopeSplitFor(args, io, allowedDomains)
  try {
    const loaded = await loadRecords(args, io, split ? { onRecord: split.take } : {})
    if (split) {
      const working = workingGroups(loaded.records)
      if (split.begin(working)) return await runSplit(args, io, loaded, split, allowedDomains, working)
      // A worker kept for a split that does not happen: stop it now rather than at exit.
      void takeIdleWorker()?.terminate()
    }
    return runOneThread(args, io, loaded, crossChecks, allowedDomains)
  } finally {
    split?.close()
  }
}

/**
 * A split by group (`parallel/scopeSplit.ts`) where it can pay and gives the same output: compact JSON of
 * every group, without redaction (its aliases are numbered across all records) or cross-checks (they read
 * every person). The read worker is kept for it (`keepReadWorkers`). `SCIMTRACE_SPLIT_MIN` sets how many
 * records the worker's groups need (default 1,000; set, it also starts a worker when the read used none),
 * or `off`.
 */
function scopeSplitFor(args: ReportArgs, io: Io, allowedDomains: string[]): ScopeSplit | undefined {
  if (args.format !== 'json' || prettyJsonFor(io.stdout)) return undefined
  if (args.redact || args.group !== undefined) return undefined
  if (args['scim-identities'] !== undefined || args['saml-identities'] !== undefined) return undefined
  const setting = io.env.SCIMTRACE_SPLIT_MIN?.trim()
  if (setting === 'off') return undefined
  // A number set explicitly (tuning, tests) splits even an input read by one thread, starting a worker for
  // it; anything else is the default.
  const explicit = setting !== undefined && /^\d+$/.test(setting)
  if (!explicit && availableParallelism() < 2) return undefined
  keepReadWorkers()
  const minRecords = explicit ? Number(setting) : SPLIT_MIN_RECORDS
  return new ScopeSplit({ allowedDomains, minRecords, startWorker: explicit })
}

/** Below this many records in the worker's groups, one thread is as quick (see `scopeSplit.ts`). */
const SPLIT_MIN_RECORDS = 1000

async function runSplit(
  args: ReportArgs,
  io: Io,
  loaded: Loaded,
  split: ScopeSplit,
  allowedDomains: string[],
  working: readonly string[],
): Promise<number> {
  const report = await buildSplitReport(loaded.records, loaded.accounting, split, { allowedDomains }, working)
  await writePartsAsync(io.stdout, report.text)
  mark('output')
  if (io.env.SCIMTRACE_DEBUG) {
    io.stderr.write(`debug: report split by group: ${escapeControl(split.describe())}\n`)
    const failure = report.workerFailure()
    if (failure) io.stderr.write(`debug: ${escapeControl(failure.message)}; its groups were built here\n`)
  }
  reportSummary(args, io, loaded, { people: report.people })
  return report.incomplete() ? EXIT.incomplete : EXIT.ok
}

function runOneThread(
  args: ReportArgs,
  io: Io,
  loaded: Loaded,
  crossChecks: Awaited<ReturnType<typeof loadCrossChecks>>,
  allowedDomains: string[],
): number {
  let records = loaded.records
  if (args.group !== undefined) {
    const group = args.group.toLowerCase()
    records = records.filter((r) => r.scope.toLowerCase() === group)
  }
  if (args.redact) records = redactRecords(records)
  const timelines = buildTimelines(records)
  mark('timelines')
  const diagnosis = diagnose(timelines, { allowedDomains })
  mark('diagnosis')
  const groupFindings = [...diagnosis.groupFindings, ...crossChecks(timelines)]
  const input: ReportInput = {
    timelines,
    byPerson: diagnosis.byPerson,
    groupFindings,
    accounting: loaded.accounting,
    redacted: args.redact === true,
  }
  if (args.format === 'json') {
    if (prettyJsonFor(io.stdout)) writeJson(io, reportJson(input))
    else writeParts(io.stdout, reportJsonParts(input))
  } else if (args.format === 'markdown') io.stdout.write(renderMarkdownReport(input))
  else io.stdout.write(renderTextReport(input, colorsFor(args, io)))
  mark('output')
  reportSummary(args, io, loaded, { people: timelines.people.length })
  // A rule or view that failed for someone (`diagnosis/guard.ts`): the report is written but incomplete.
  return hasInternalError(diagnosis.all) || viewFailureCount() > 0 ? EXIT.incomplete : EXIT.ok
}
