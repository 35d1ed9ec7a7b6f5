import type { Argv } from 'yargs'
import type { Analysis } from '../../analysis/analyse.js'
import { UserError } from '../../common/errors.js'
import { IdpInference } from '../../records/idp.js'
import { matchRecord, parseStatusList, type RecordQuery } from '../../records/query.js'
import { checkTimeRange, parseIdps, parseTimeOption } from '../../records/query-options.js'
import { ACTIONS, type Action, type ScimRecord } from '../../records/types.js'
import { findPeople } from '../../timelines/index.js'
import { formatCount } from '../../views/summary.js'
import { defineCommand } from '../command.js'
import { analyseInputs, type CommonArgs, type Io, reportSummary, writeView } from '../context.js'
import { formatOption, parseList, withInputs } from '../options.js'

export interface SearchArgs extends CommonArgs {
  group?: string
  instance?: boolean
  value?: string
  user?: string
  status?: string
  method?: string
  idp?: string
  action?: string
  since?: string
  until?: string
  format: string
}

function builder(yargs: Argv) {
  return withInputs(yargs)
    .option('group', { describe: 'Only this top-level group path', type: 'string' })
    .option('instance', { describe: 'Only instance-level SCIM (/api/scim/v2/application)', type: 'boolean' })
    .option('value', {
      describe: 'Any param value or the id in the path equals this (case-insensitive)',
      type: 'string',
    })
    .option('user', {
      describe: 'Every request of the person with this externalId, id, userName or email',
      type: 'string',
    })
    .option('status', { describe: 'Statuses: 409, 4xx, 400-499, fail, or a comma list', type: 'string' })
    .option('method', { describe: 'HTTP methods, comma-separated (GET,POST,PATCH,DELETE)', type: 'string' })
    .option('idp', { describe: 'Identity providers: okta, entra, other', type: 'string' })
    .option('action', { describe: `Actions: ${ACTIONS.join(', ')}`, type: 'string' })
    .option('since', {
      describe: 'From this time: ISO date-time, or a span back from now (7d, 12h)',
      type: 'string',
    })
    .option('until', { describe: 'Up to this time: ISO date-time, or a span back from now', type: 'string' })
    .option('format', formatOption('search'))
    .example(
      '$0 search --group hooli --value 00u1a2b3c4 api_json.log*',
      'Every request that carries this externalId',
    )
    .example('$0 search --status 4xx --method POST logs/', 'Failed creates')
    .example(
      '$0 search --since 7d --format ndjson api_json.log | jq .status',
      'Last week, one JSON object per line',
    )
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

export function buildQuery(args: SearchArgs): RecordQuery {
  const query: RecordQuery = {}
  if (args.group !== undefined) query.group = args.group
  if (args.instance) query.instance = true
  if (args.value !== undefined) query.value = args.value
  if (args.status !== undefined) {
    try {
      query.statuses = parseStatusList(args.status)
    } catch (error) {
      throw new UserError(`--status: ${(error as Error).message}`)
    }
  }
  const methods = parseList(args.method, (m) => m.toUpperCase())
  if (methods) {
    // An empty or misspelt list would silently match nothing.
    if (methods.length === 0) throw new UserError('--method needs at least one method (GET,POST,PATCH,…)')
    for (const method of methods)
      if (!HTTP_METHODS.includes(method))
        throw new UserError(`--method '${method}' is not one of ${HTTP_METHODS.join(', ')}`)
    query.methods = methods
  }
  const idps = parseIdps(args.idp)
  if (idps) query.idps = idps
  const actions = parseList(args.action)
  if (actions) {
    for (const action of actions) {
      if (!ACTIONS.includes(action as Action))
        throw new UserError(`--action '${action}' is not one of ${ACTIONS.join(', ')}`)
    }
    query.actions = actions as Action[]
  }
  if (args.since !== undefined) query.sinceMs = parseTimeOption('since', args.since)
  if (args.until !== undefined) query.untilMs = parseTimeOption('until', args.until)
  checkTimeRange(query.sinceMs, query.untilMs)
  return query
}

async function run(args: SearchArgs, io: Io): Promise<number> {
  const query = buildQuery(args)
  let analysis: Analysis
  let pool: readonly ScimRecord[]
  if (args.user !== undefined) {
    // A person's requests include lookups that name them only by userName: that takes the people linking.
    analysis = await analyseInputs(args, io, { until: 'timelines' })
    const people = findPeople(analysis.timelines.people, args.user)
    pool = people
      .flatMap((person) => person.timeline.map((entry) => entry.record))
      .sort((a, b) => a.timeMs - b.timeMs)
  } else {
    // Only records that can match are kept, so memory follows the matches, not the input. The identity
    // provider is the one test that waits for the end: a lookup takes it from other requests of its client
    // (records/idp.ts), which are learnt from as they pass.
    const inference = new IdpInference()
    const { idps: _idps, ...beforeIdp } = query
    analysis = await analyseInputs(
      args,
      io,
      { until: 'records' },
      { keep: (record) => matchRecord(record, beforeIdp), onRecord: (record) => inference.learn(record) },
    )
    pool = [...analysis.records].sort((a, b) => a.timeMs - b.timeMs)
    inference.apply(pool)
  }
  const matches = pool.filter((record) => matchRecord(record, query))
  writeView('search', args, io, { records: matches })
  reportSummary(args, io, analysis, {})
  if (!args.quiet) io.stderr.write(`${formatCount(matches.length)} matching\n`)
  return 0
}

export const searchCommand = defineCommand<SearchArgs>({
  command: 'search [inputs..]',
  describe: 'List the SCIM requests that match filters (group, value, user, status, method, IdP, time)',
  behaviour: { reads: true, tuning: 'batch' },
  builder,
  handler: run,
})
