import type { Argv } from 'yargs'
import { EXIT, UserError } from '../../common/errors.js'
import { viewFailureCount } from '../../diagnosis/guard.js'
import { IDENTITY_STATES, type IdentityState } from '../../timelines/types.js'
import { defineCommand } from '../command.js'
import { analyseInputs, type CommonArgs, type Io, reportSummary, writeView } from '../context.js'
import { formatOption, parseList, REDACT_OPTION, withInputs } from '../options.js'

export interface UsersArgs extends CommonArgs {
  group?: string
  redact?: boolean
  state?: string
  failed?: boolean
  format: string
}

function builder(yargs: Argv) {
  return withInputs(yargs)
    .option('group', { describe: 'Only people in this top-level group', type: 'string' })
    .option('redact', REDACT_OPTION)
    .option('state', {
      describe: `Only people in these states: ${IDENTITY_STATES.join(', ')}`,
      type: 'string',
    })
    .option('failed', { describe: 'Only people with at least one failed request', type: 'boolean' })
    .option('format', formatOption('users'))
    .example('$0 users api_json.log*', 'Everyone provisioned in these logs')
    .example('$0 users --failed --format json logs/', 'People with failures, as JSON')
}

async function run(args: UsersArgs, io: Io): Promise<number> {
  const states = parseList(args.state)
  for (const state of states ?? []) {
    if (!IDENTITY_STATES.includes(state as IdentityState)) {
      throw new UserError(`--state '${state}' is not one of ${IDENTITY_STATES.join(', ')}`)
    }
  }
  const analysis = await analyseInputs(args, io, { until: 'timelines', redact: args.redact === true })
  const { timelines } = analysis
  // Redacted, people's groups are aliases: the group given is compared as its alias.
  const group = args.group === undefined ? undefined : (analysis.alias?.(args.group) ?? args.group)
  const people = timelines.people.filter(
    (p) =>
      (group === undefined || p.scope.toLowerCase() === group.toLowerCase()) &&
      (states === undefined || states.includes(p.state)) &&
      (!args.failed || p.failures > 0),
  )
  writeView('users', args, io, { people })
  reportSummary(args, io, analysis, {
    people: timelines.people.length,
    probes: timelines.probes?.length ?? 0,
  })
  // A row that failed (`diagnosis/guard.ts`): the table is written, but incomplete.
  return viewFailureCount() > 0 ? EXIT.incomplete : EXIT.ok
}

export const usersCommand = defineCommand<UsersArgs>({
  command: 'users [inputs..]',
  describe: 'One row per person: ids, email, userName, state, requests, failures, first and last seen',
  behaviour: { reads: true, tuning: 'batch' },
  builder,
  handler: run,
})
