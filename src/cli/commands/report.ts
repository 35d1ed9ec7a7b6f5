import type { Argv } from 'yargs'
import { mark } from '../../common/timings.js'
import { diagnose } from '../../diagnosis/index.js'
import { buildTimelines } from '../../timelines/index.js'
import { prettyJsonFor, writeParts } from '../../views/json.js'
import { renderMarkdownReport } from '../../views/markdown.js'
import { redactRecords } from '../../views/redact.js'
import { type ReportInput, reportJson, reportJsonParts } from '../../views/report.js'
import { renderTextReport } from '../../views/text-report.js'
import { type CommonArgs, colorsFor, type Io, loadRecords, reportSummary, writeJson } from '../context.js'
import { loadCrossChecks } from '../crosscheck.js'
import { parseList, withInputs } from '../options.js'

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
  const loaded = await loadRecords(args, io)
  let records = loaded.records
  if (args.group !== undefined) {
    const group = args.group.toLowerCase()
    records = records.filter((r) => r.scope.toLowerCase() === group)
  }
  if (args.redact) records = redactRecords(records)
  const timelines = buildTimelines(records)
  mark('timelines')
  const diagnosis = diagnose(timelines, { allowedDomains: parseList(args['allowed-domains']) ?? [] })
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
  return 0
}
