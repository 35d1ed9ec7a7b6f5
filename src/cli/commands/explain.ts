import type { Argv } from 'yargs'
import { EXIT } from '../../common/errors.js'
import { hasInternalError, viewFailureCount } from '../../diagnosis/guard.js'
import { peopleConcerned } from '../../views/report.js'
import { defineCommand } from '../command.js'
import { analyseInputs, type CommonArgs, type Io, reportSummary, writeView } from '../context.js'
import { formatOption, parseList, REDACT_OPTION, withInputs } from '../options.js'
import { pickRedacted } from '../pick.js'

export interface ExplainArgs extends CommonArgs {
  who: string
  group?: string
  redact?: boolean
  'allowed-domains'?: string
  format: string
}

function builder(yargs: Argv) {
  return withInputs(
    yargs.positional('who', { describe: 'externalId, id, userName, email or name', type: 'string' }),
  )
    .option('group', { describe: 'Only look in this top-level group', type: 'string' })
    .option('redact', REDACT_OPTION)
    .option('allowed-domains', {
      describe:
        "The group's allowed email domains (comma-separated), if known; otherwise inferred from successes",
      type: 'string',
    })
    .option('format', formatOption('explain', 'Output format'))
    .example('$0 explain jane.doe@hooli.example logs/', 'Timeline, attributes and diagnosis for Jane')
    .example('$0 explain 00u1a2b3c4 --format json api_json.log', 'The same as one JSON person object')
}

async function run(args: ExplainArgs, io: Io): Promise<number> {
  const analysis = await analyseInputs(args, io, {
    allowedDomains: parseList(args['allowed-domains']) ?? [],
    redact: args.redact === true,
  })
  const { timelines, diagnosis } = analysis
  const person = pickRedacted(analysis, args.who, args.group)
  const findings = diagnosis.byPerson.get(person.key) ?? []
  // Group-wide findings that rest on this person's requests matter to them too (a revoked token, say).
  const related = diagnosis.groupFindings.filter((f) => peopleConcerned(f, [person]).length > 0)
  writeView('explain', args, io, { person, findings: [...findings, ...related] })
  reportSummary(args, io, analysis, {
    people: timelines.people.length,
    probes: timelines.probes?.length ?? 0,
  })
  // A rule or a view that failed for this person (`diagnosis/guard.ts`): written, but incomplete.
  return hasInternalError([...findings, ...related]) || viewFailureCount() > 0 ? EXIT.incomplete : EXIT.ok
}

export const explainCommand = defineCommand<ExplainArgs>({
  command: 'explain <who> [inputs..]',
  describe: "Why a person's provisioning went the way it did: attributes, findings, fixes",
  behaviour: { reads: true, tuning: 'batch' },
  builder,
  handler: run,
})
