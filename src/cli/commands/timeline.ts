import type { Argv } from 'yargs'
import { EXIT } from '../../common/errors.js'
import { viewFailureCount } from '../../diagnosis/guard.js'
import { defineCommand } from '../command.js'
import { analyseInputs, type CommonArgs, type Io, reportSummary, writeView } from '../context.js'
import { formatOption, REDACT_OPTION, withInputs } from '../options.js'
import { pickRedacted } from '../pick.js'

export interface TimelineArgs extends CommonArgs {
  who: string
  group?: string
  redact?: boolean
  format: string
}

function builder(yargs: Argv) {
  return withInputs(
    yargs.positional('who', { describe: 'externalId, id, userName, email or name', type: 'string' }),
  )
    .option('group', { describe: 'Only look in this top-level group', type: 'string' })
    .option('redact', REDACT_OPTION)
    .option('format', formatOption('timeline', 'Output format'))
    .example(
      '$0 timeline jane.doe@hooli.example api_json.log*',
      "Jane's requests in order, with what GitLab made of each",
    )
    .example('$0 timeline 00u1a2b3c4 --format json logs/', 'The same as JSON')
}

async function run(args: TimelineArgs, io: Io): Promise<number> {
  const analysis = await analyseInputs(args, io, { until: 'timelines', redact: args.redact === true })
  const { timelines } = analysis
  const person = pickRedacted(analysis, args.who, args.group)
  writeView('timeline', args, io, { person })
  reportSummary(args, io, analysis, {
    people: timelines.people.length,
    probes: timelines.probes?.length ?? 0,
  })
  // A part of the view that failed (`diagnosis/guard.ts`): written, but incomplete.
  return viewFailureCount() > 0 ? EXIT.incomplete : EXIT.ok
}

export const timelineCommand = defineCommand<TimelineArgs>({
  command: 'timeline <who> [inputs..]',
  describe: "One person's provisioning timeline, with the state after each request",
  behaviour: { reads: true, tuning: 'batch' },
  builder,
  handler: run,
})
