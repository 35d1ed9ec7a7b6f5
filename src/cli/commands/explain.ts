import type { Argv } from 'yargs'
import { EXIT } from '../../common/errors.js'
import { hasInternalError, type ViewPart, viewFailureCount } from '../../diagnosis/guard.js'
import { renderFinding } from '../../views/findings.js'
import { guardedPersonJson, guardedText } from '../../views/guarded.js'
import { renderAttributes, renderPersonHeader, renderTimeline } from '../../views/person.js'
import { peopleConcerned } from '../../views/report.js'
import { analyseInputs, type CommonArgs, colorsFor, type Io, reportSummary, writeJson } from '../context.js'
import { parseList, REDACT_OPTION, withInputs } from '../options.js'
import { pickRedacted } from '../pick.js'

export interface ExplainArgs extends CommonArgs {
  who: string
  group?: string
  redact?: boolean
  'allowed-domains'?: string
  format: 'text' | 'json'
}

export function builder(yargs: Argv) {
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
    .option('format', {
      alias: 'f',
      describe: 'Output format',
      choices: ['text', 'json'] as const,
      default: 'text' as const,
    })
    .example('$0 explain jane.doe@hooli.example logs/', 'Timeline, attributes and diagnosis for Jane')
    .example('$0 explain 00u1a2b3c4 --format json api_json.log', 'The same as one JSON person object')
}

export async function run(args: ExplainArgs, io: Io): Promise<number> {
  const analysis = await analyseInputs(args, io, {
    allowedDomains: parseList(args['allowed-domains']) ?? [],
    redact: args.redact === true,
  })
  const { timelines, diagnosis } = analysis
  const person = pickRedacted(analysis, args.who, args.group)
  const findings = diagnosis.byPerson.get(person.key) ?? []
  // Group-wide findings that rest on this person's requests matter to them too (a revoked token, say).
  const related = diagnosis.groupFindings.filter((f) => peopleConcerned(f, [person]).length > 0)
  if (args.format === 'json') {
    writeJson(io, guardedPersonJson(person, [...findings, ...related], { timeline: true }))
  } else {
    const colors = colorsFor(args, io)
    // Each part in the guard (`diagnosis/guard.ts`): one that throws shows the internal error, the rest is written.
    const part = (name: ViewPart, render: () => string) => guardedText(person, name, render, colors)
    let out = `${part('header', () => renderPersonHeader(person, colors))}\n`
    out += `${part('timeline', () => renderTimeline(person, colors))}\n`
    out += `${part('attributes', () => renderAttributes(person, colors))}\n`
    if (findings.length + related.length === 0) out += colors.green('No problems found for this person.\n')
    for (const finding of [...findings, ...related])
      out += `${part('finding', () => renderFinding(finding, colors))}\n`
    io.stdout.write(out)
  }
  reportSummary(args, io, analysis, {
    people: timelines.people.length,
    probes: timelines.probes?.length ?? 0,
  })
  // A rule or a view that failed for this person (`diagnosis/guard.ts`): written, but incomplete.
  return hasInternalError([...findings, ...related]) || viewFailureCount() > 0 ? EXIT.incomplete : EXIT.ok
}
