import type { Argv } from 'yargs'
import { defineCommand } from '../command.js'
import { analyseInputs, type CommonArgs, type Io, reportSummary, writeView } from '../context.js'
import { formatOption, withInputs } from '../options.js'
import { pickPerson } from '../pick.js'

export interface TimelineArgs extends CommonArgs {
  who: string
  group?: string
  format: string
}

function builder(yargs: Argv) {
  return withInputs(
    yargs.positional('who', { describe: 'externalId, id, userName, email or name', type: 'string' }),
  )
    .option('group', { describe: 'Only look in this top-level group', type: 'string' })
    .option('format', formatOption('timeline', 'Output format'))
    .example(
      '$0 timeline jane.doe@hooli.example api_json.log*',
      "Jane's requests in order, with what GitLab made of each",
    )
    .example('$0 timeline 00u1a2b3c4 --format json logs/', 'The same as JSON')
}

async function run(args: TimelineArgs, io: Io): Promise<number> {
  const analysis = await analyseInputs(args, io, { until: 'timelines' })
  const { timelines } = analysis
  const person = pickPerson(timelines, args.who, args.group)
  writeView('timeline', args, io, { person })
  reportSummary(args, io, analysis, { people: timelines.people.length })
  return 0
}

export const timelineCommand = defineCommand<TimelineArgs>({
  command: 'timeline <who> [inputs..]',
  describe: "One person's provisioning timeline, with the state after each request",
  behaviour: { reads: true, tuning: 'batch' },
  builder,
  handler: run,
})
