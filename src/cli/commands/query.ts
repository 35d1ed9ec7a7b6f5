/**
 * `scimtrace query --print`: the query scimtrace sends for the given options, to paste into Kibana Dev
 * Tools (DSL) or the search bar (`--kql`). Prints no credentials (it reads none). With `--es` or
 * `--kibana` the index's mapping is asked (field caps) so the printed form is the one that would be sent;
 * without, GitLab.com's mapping (text fields with `.keyword`) is assumed.
 */
import type { Argv } from 'yargs'
import { UserError } from '../../common/errors.js'
import { RECORD_SELECTION } from '../../records/index.js'
import { parseStatusList } from '../../records/query.js'
import { compositeBody } from '../../sources/elasticsearch/composite.js'
import { requestAggregation } from '../../sources/elasticsearch/counts.js'
import { buildKql, buildQuery, buildSearchBody, KEYWORD_FORMS } from '../../sources/elasticsearch/query.js'
import type { FieldForms } from '../../sources/elasticsearch/types.js'
import { defineCommand } from '../command.js'
import type { Io } from '../context.js'
import { connectionFrom, type EsArgs, filterFrom, windowFrom, withEsOptions } from '../es-options.js'

export interface QueryArgs extends EsArgs {
  print?: boolean
  kql?: boolean
  'server-side'?: boolean
}

function builder(yargs: Argv) {
  return withEsOptions(yargs)
    .option('print', {
      describe: 'Print the query (the only action for now)',
      type: 'boolean',
      default: true,
    })
    .option('kql', { describe: "Print KQL for Kibana's search bar instead of the DSL", type: 'boolean' })
    .option('server-side', {
      describe: "Print report --server-side's request-count aggregation instead",
      type: 'boolean',
    })
    .option('group', { describe: 'Only this top-level group path', type: 'string' })
    .option('instance', { describe: 'Only instance-level SCIM (/api/scim/v2/application)', type: 'boolean' })
    .option('value', { describe: 'A param value or the id in the path', type: 'string' })
    .option('status', { describe: 'Statuses: 409, 4xx, 400-499, or a comma list', type: 'string' })
    .option('method', { describe: 'HTTP methods, comma-separated', type: 'string' })
    .example('$0 query --group hooli --value 00u1a2b3c4 --since 2024-05-01', 'The DSL for Dev Tools')
    .example('$0 query --group hooli --kql', "KQL for Discover's search bar")
    .example('$0 query --group hooli --server-side', 'The aggregation report --server-side pages')
}

async function formsFor(args: QueryArgs, io: Io): Promise<FieldForms> {
  if (args.es === undefined && args.kibana === undefined && args['cloud-id'] === undefined)
    return KEYWORD_FORMS
  const { createClient, loadClientModule } = await import('../../sources/elasticsearch/client.js')
  const { detectForms } = await import('../../sources/elasticsearch/mapping.js')
  const { describeEsError } = await import('../../sources/elasticsearch/errors.js')
  const { describeConnection } = await import('../../sources/elasticsearch/source.js')
  const connection = connectionFrom(args, io)
  const module = await loadClientModule()
  const client = await createClient(connection)
  const index = args.index ?? ''
  try {
    return await detectForms(client, index)
  } catch (error) {
    throw describeEsError(module, error, describeConnection(connection, index), index)
  } finally {
    await client.close()
  }
}

async function run(args: QueryArgs, io: Io): Promise<number> {
  if (args.print === false) throw new UserError('query: only --print is supported')
  if (args.status !== undefined) {
    try {
      parseStatusList(args.status)
    } catch (error) {
      throw new UserError(`--status: ${(error as Error).message}`)
    }
  }
  const window = windowFrom(args)
  const filter = filterFrom(args, window)
  const forms = await formsFor(args, io)
  if (args.kql) {
    io.stdout.write(`${buildKql(filter, forms)}\n`)
    return 0
  }
  if (args['server-side']) {
    if (!forms.pathExact || !forms.methodExact)
      throw new UserError('--server-side needs keyword fields to aggregate on, and this index has none')
    const body = compositeBody({ query: buildQuery(filter, forms), ...requestAggregation(forms), size: 5000 })
    io.stdout.write(
      `# report --server-side pages this by "after": the last page's "after_key", until a page is empty.\n` +
        `GET ${filter.index}/_search\n${JSON.stringify(body, null, 2)}\n`,
    )
    return 0
  }
  const body = buildSearchBody(filter, forms, RECORD_SELECTION, 5000)
  // Dev Tools cannot hold a point in time across pages: the pasteable form sorts on @timestamp alone.
  const pasteable = { ...body, sort: [{ '@timestamp': 'asc' }] }
  io.stdout.write(
    `# scimtrace pages this with a point in time (POST ${filter.index}/_pit?keep_alive=2m), adding\n` +
      `# "pit", "search_after" and a {"_shard_doc": "asc"} tiebreak to "sort" on each page.\n` +
      `GET ${filter.index}/_search\n${JSON.stringify(pasteable, null, 2)}\n`,
  )
  return 0
}

export const queryCommand = defineCommand<QueryArgs>({
  command: 'query',
  describe: 'Print the Elasticsearch query scimtrace sends (Dev Tools DSL, or KQL with --kql)',
  behaviour: { reads: false, tuning: 'none' },
  builder,
  handler: run,
})
