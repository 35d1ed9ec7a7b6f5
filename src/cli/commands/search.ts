import type { Argv } from 'yargs'
import type { Analysis } from '../../analysis/analyse.js'
import { AsyncQueue } from '../../common/async-queue.js'
import { UserError } from '../../common/errors.js'
import { IdpInference } from '../../records/idp.js'
import { matchRecord, parseStatusList, type RecordQuery } from '../../records/query.js'
import { checkTimeRange, parseIdps, parseTimeOption } from '../../records/query-options.js'
import { ORDER_WINDOW_MS, TimeOrder } from '../../records/time-order.js'
import { ACTIONS, type Action, type ScimRecord } from '../../records/types.js'
import { findPeople } from '../../timelines/index.js'
import { escapeControl } from '../../views/escape.js'
import { formatCount } from '../../views/summary.js'
import { recordBatches } from '../../views/view.js'
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

/** No record for this long while reading: the input has paused (`TimeOrder.idle`). */
const IDLE_MS = 1000

async function run(args: SearchArgs, io: Io): Promise<number> {
  const query = buildQuery(args)
  if (args.user !== undefined) return searchPerson(args, io, query, args.user)
  // Matches are written as they are read, in time order per input (`records/time-order.ts`), and nothing else
  // is kept: memory follows one window of matches, not the input. The identity provider is settled as each
  // match leaves the window: a lookup takes it from the requests of its client read so far
  // (`records/idp.ts`), which are learnt from as they pass.
  const inference = new IdpInference()
  const { idps: _idps, ...beforeIdp } = query
  const matches = new AsyncQueue<ScimRecord>()
  let count = 0
  const order = new TimeOrder((record) => {
    inference.apply([record])
    if (!matchRecord(record, query)) return
    count++
    matches.push(record)
  })
  // A log piped as it is written may pause for long: then what waits is written without the minute's wait.
  let lastRecordMs = Date.now()
  const idle = setInterval(() => {
    if (Date.now() - lastRecordMs >= IDLE_MS) order.idle()
  }, IDLE_MS / 2)
  idle.unref()
  const writing = Promise.resolve(writeView('search', args, io, { records: matches }))
  // Seen now, thrown below: a view that fails while reading goes on is not an unhandled rejection.
  writing.catch(() => {})
  let analysis: Analysis
  try {
    analysis = await analyseInputs(
      args,
      io,
      { until: 'records' },
      {
        keep: () => false,
        onRecord: (record) => {
          lastRecordMs = Date.now()
          inference.learn(record)
          order.add(record, matchRecord(record, beforeIdp))
        },
      },
    )
  } catch (error) {
    matches.fail(error)
    await writing.catch(() => {})
    throw error
  } finally {
    clearInterval(idle)
  }
  const tallies = order.end()
  matches.end()
  await writing
  if (!args.quiet) {
    for (const { source, late } of tallies) {
      if (late === 0) continue
      io.stderr.write(
        `scimtrace: ${formatCount(late)} matching request${late === 1 ? '' : 's'} of '${escapeControl(source)}' came over ${ORDER_WINDOW_MS / 1000} s out of time order and ${late === 1 ? 'was' : 'were'} written where read\n`,
      )
    }
  }
  reportSummary(args, io, analysis, {})
  if (!args.quiet) io.stderr.write(`${formatCount(count)} matching\n`)
  return 0
}

/** `--user`: a person's requests include lookups that name them only by userName, which takes the linking. */
async function searchPerson(args: SearchArgs, io: Io, query: RecordQuery, user: string): Promise<number> {
  const analysis = await analyseInputs(args, io, { until: 'timelines' })
  const matches = findPeople(analysis.timelines.people, user)
    .flatMap((person) => person.timeline.map((entry) => entry.record))
    .sort((a, b) => a.timeMs - b.timeMs)
    .filter((record) => matchRecord(record, query))
  await writeView('search', args, io, { records: recordBatches(matches) })
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
