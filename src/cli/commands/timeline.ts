import type { Argv } from 'yargs'
import { EXIT } from '../../common/errors.js'
import { type ViewPart, viewFailureCount } from '../../diagnosis/guard.js'
import { guardedPersonJson, guardedText } from '../../views/guarded.js'
import { renderAttributes, renderPersonHeader, renderTimeline } from '../../views/person.js'
import { analyseInputs, type CommonArgs, colorsFor, type Io, reportSummary, writeJson } from '../context.js'
import { REDACT_OPTION, withInputs } from '../options.js'
import { pickRedacted } from '../pick.js'

export interface TimelineArgs extends CommonArgs {
  who: string
  group?: string
  redact?: boolean
  format: 'text' | 'json'
}

export function builder(yargs: Argv) {
  return withInputs(
    yargs.positional('who', { describe: 'externalId, id, userName, email or name', type: 'string' }),
  )
    .option('group', { describe: 'Only look in this top-level group', type: 'string' })
    .option('redact', REDACT_OPTION)
    .option('format', {
      alias: 'f',
      describe: 'Output format',
      choices: ['text', 'json'] as const,
      default: 'text' as const,
    })
    .example(
      '$0 timeline jane.doe@hooli.example api_json.log*',
      "Jane's requests in order, with what GitLab made of each",
    )
    .example('$0 timeline 00u1a2b3c4 --format json logs/', 'The same as JSON')
}

export async function run(args: TimelineArgs, io: Io): Promise<number> {
  const analysis = await analyseInputs(args, io, { until: 'timelines', redact: args.redact === true })
  const { timelines } = analysis
  const person = pickRedacted(analysis, args.who, args.group)
  if (args.format === 'json') {
    writeJson(io, guardedPersonJson(person, undefined, { timeline: true }))
  } else {
    const colors = colorsFor(args, io)
    // Each part in the guard (`diagnosis/guard.ts`): one that throws shows the internal error, the rest is written.
    const part = (name: ViewPart, render: () => string) => guardedText(person, name, render, colors)
    io.stdout.write(
      `${part('header', () => renderPersonHeader(person, colors))}\n${part('timeline', () => renderTimeline(person, colors))}\n${part('attributes', () => renderAttributes(person, colors))}`,
    )
  }
  reportSummary(args, io, analysis, {
    people: timelines.people.length,
    probes: timelines.probes?.length ?? 0,
  })
  return viewFailureCount() > 0 ? EXIT.incomplete : EXIT.ok
}
