/**
 * `report --es … --server-side` (`analysis/server-side.ts`): the cluster counts, scimtrace reads only the
 * people who need it. The report, in every format, has the same shape as a full fetch, with the summary's
 * counts from the cluster; stderr says what it cost.
 */
import type { AnalyseOptions } from '../../analysis/analyse.js'
import { EXIT, UserError } from '../../common/errors.js'
import { hasInternalError, viewFailureCount } from '../../diagnosis/guard.js'
import { escapeControl } from '../../views/escape.js'
import { formatCount } from '../../views/summary.js'
import { type CommonArgs, type Io, reportSummary, writeView } from '../context.js'
import {
  confirmWindow,
  connectionFrom,
  describeWindow,
  EXIT_INTERRUPTED,
  esRequested,
  filterFrom,
  scanFrom,
  windowFrom,
} from '../es-options.js'

export interface ServerSideArgs extends CommonArgs {
  format: string
  redact?: boolean
  'es-bucket-size'?: number
}

export async function runServerSide(args: ServerSideArgs, io: Io, options: AnalyseOptions): Promise<number> {
  if (!esRequested(args, io.env)) throw new UserError('--server-side needs --es, --kibana or --cloud-id')
  const connection = connectionFrom(args, io)
  const window = windowFrom(args)
  await confirmWindow(args, io, window)
  const filter = filterFrom(args, window)
  if (connection.insecure && !args.quiet)
    io.stderr.write('scimtrace: warning: --insecure: the TLS certificate is not verified\n')
  const controller = new AbortController()
  const onSigint = () => controller.abort(new UserError('interrupted', EXIT_INTERRUPTED))
  process.once('SIGINT', onSigint)
  const { serverSideReport } = await import('../../analysis/server-side.js')
  let report: Awaited<ReturnType<typeof serverSideReport>>
  try {
    report = await serverSideReport(
      {
        connection,
        filter,
        scan: scanFrom(args),
        ...(args['es-bucket-size'] !== undefined ? { bucketSize: args['es-bucket-size'] } : {}),
        signal: controller.signal,
        ...(io.env.SCIMTRACE_DEBUG ? { debug: (m: string) => io.stderr.write(`debug: ${m}\n`) } : {}),
      },
      options,
    )
  } finally {
    process.removeListener('SIGINT', onSigint)
  }
  const { input, totals, cost } = report
  writeView('report', args, io, { ...input, totals })
  if (!args.quiet) {
    const where = escapeControl(input.accounting.sources[0]?.name ?? filter.index)
    io.stderr.write(
      `elasticsearch: ${where} · ${describeWindow(window)} · server-side: ${formatCount(totals.records.requests)} requests counted in ${formatCount(cost.buckets)} buckets (${cost.aggregationRequests} aggregation requests), ${formatCount(cost.documents)} documents read (${cost.searchRequests} pages); ${cost.peopleInFull} people in full, ${cost.peopleFromCounts} from counts\n`,
    )
  }
  reportSummary(args, io, input, { people: input.timelines.people.length })
  return hasInternalError(report.diagnosis.all) || viewFailureCount() > 0 ? EXIT.incomplete : EXIT.ok
}
