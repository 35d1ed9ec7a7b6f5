import type { Argv } from 'yargs'
import type { AnalyseOptions } from '../../analysis/analyse.js'
import { loadIdentities } from '../../analysis/identities.js'
import { analyseReportJson, type ReportText } from '../../analysis/report-json.js'
import { EXIT } from '../../common/errors.js'
import { mark } from '../../common/timings.js'
import { hasInternalError, viewFailureCount } from '../../diagnosis/guard.js'
import { prettyJsonFor, writePieces, writePiecesAsync } from '../../views/json.js'
import type { ReportInput } from '../../views/report.js'
import { defineCommand } from '../command.js'
import {
  analyseInputs,
  type CommonArgs,
  type Io,
  reportSummary,
  sourcesFor,
  terminalHooks,
  withLimits,
  writeView,
} from '../context.js'
import { formatOption, parseList, REDACT_OPTION, withInputs } from '../options.js'
import { runServerSide } from './report-server-side.js'

export interface ReportArgs extends CommonArgs {
  group?: string
  redact?: boolean
  'allowed-domains'?: string
  'scim-identities'?: string
  'saml-identities'?: string
  format: string
  'server-side'?: boolean
  'es-bucket-size'?: number
}

function builder(yargs: Argv) {
  return withInputs(yargs)
    .option('group', { describe: 'Only this top-level group', type: 'string' })
    .option('format', formatOption('report'))
    .option('redact', REDACT_OPTION)
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
    .option('server-side', {
      describe: 'With --es/--kibana: count on the cluster and read only the people who failed (see README)',
      type: 'boolean',
      group: 'Elasticsearch:',
    })
    .option('es-bucket-size', { type: 'number', hidden: true })
    .example('$0 report logs/', 'Everything, for a terminal')
    .example('$0 report --format markdown --redact logs/ > ticket.md', 'To paste into a support ticket')
    .example('$0 report --format json api_json.log | jq ".people[].findings[].rule"', 'The JSON contract')
    .example(
      '$0 report --scim-identities scim.json --saml-identities saml.json logs/',
      'Check NameId against extern_uid',
    )
}

async function run(args: ReportArgs, io: Io): Promise<number> {
  const options: AnalyseOptions = {
    allowedDomains: parseList(args['allowed-domains']) ?? [],
    redact: args.redact === true,
  }
  // Read first: a bad identities file fails before the logs are read.
  const identities = await loadIdentities(args['scim-identities'], args['saml-identities'])
  if (identities) options.identities = identities
  if (args.group !== undefined) options.group = args.group
  if (args['server-side']) return runServerSide(args, io, options)
  if (args.format === 'json' && !prettyJsonFor(io.stdout)) {
    // Compact JSON is streamed, and may be built in two threads (`analysis/parallel/`).
    const hooks = terminalHooks(args, io)
    let report: ReportText
    try {
      report = await analyseReportJson(sourcesFor(args, io), withLimits(args, options), hooks)
    } finally {
      hooks.done()
    }
    if (Symbol.asyncIterator in report.text) await writePiecesAsync(io.stdout, report.text)
    else writePieces(io.stdout, report.text)
    mark('output')
    reportSummary(args, io, report, { people: report.people, probes: report.probes })
    return report.incomplete() ? EXIT.incomplete : EXIT.ok
  }
  const analysis = await analyseInputs(args, io, options)
  const input: ReportInput = {
    timelines: analysis.timelines,
    byPerson: analysis.diagnosis.byPerson,
    groupFindings: analysis.diagnosis.groupFindings,
    accounting: analysis.accounting,
    redacted: args.redact === true,
    gitlab: analysis.gitlab,
  }
  writeView('report', args, io, input)
  mark('output')
  reportSummary(args, io, analysis, {
    people: analysis.timelines.people.length,
    probes: analysis.timelines.probes?.length ?? 0,
  })
  // A rule or view that failed for someone (`diagnosis/guard.ts`): the report is written but incomplete.
  return hasInternalError(analysis.diagnosis.all) || viewFailureCount() > 0 ? EXIT.incomplete : EXIT.ok
}

export const reportCommand = defineCommand<ReportArgs>({
  command: 'report [inputs..]',
  describe: 'Every person and group-wide finding, worst first (text, markdown, json)',
  behaviour: { reads: true, tuning: 'batch' },
  builder,
  handler: run,
})
