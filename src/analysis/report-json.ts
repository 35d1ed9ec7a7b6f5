/**
 * The report as compact JSON text, streamed: the one output the engine may build in two threads
 * (`parallel/`). Either way the text is `JSON.stringify(reportJson(…))` of the one-thread analysis.
 */
import type { AccountingSnapshot } from '../common/accounting.js'
import { hasInternalError, viewFailureCount } from '../diagnosis/guard.js'
import { inferEra } from '../diagnosis/versions/infer.js'
import type { Source } from '../sources/source.js'
import { reportJsonPieces } from '../views/report.js'
import { type AnalyseOptions, type AnalysisHooks, analyseRecords, readSources } from './analyse.js'
import { splitFor, splitReport } from './parallel/index.js'

export interface ReportText {
  /** The report's JSON text, piece by piece (synchronous when built in this thread alone). */
  text: Iterable<string> | AsyncIterable<string>
  /** People in the report. */
  people: number
  /** Connection-test lookups, not counted as people. */
  probes: number
  accounting: AccountingSnapshot
  /** Once `text` is read: whether an `internal-error` finding marks part of it incomplete (`diagnosis/guard.ts`). */
  incomplete(): boolean
}

export async function analyseReportJson(
  sources: Source[],
  options: AnalyseOptions = {},
  hooks: AnalysisHooks = {},
): Promise<ReportText> {
  const split = splitFor(options)
  try {
    const read = await readSources(sources, hooks, { onRecord: split?.take, maxMemory: options.maxMemory })
    if (split) {
      const report = await splitReport(
        split,
        read.records,
        read.accounting,
        inferEra(read.records, options.gitlabVersion),
        hooks.onDebug,
      )
      if (report) {
        // The split's worker is stopped once its text is read.
        const close = split
        async function* text(): AsyncGenerator<string> {
          try {
            yield* report?.text ?? []
          } finally {
            close.close()
          }
        }
        return {
          text: text(),
          people: report.people,
          probes: report.probes,
          accounting: read.accounting,
          incomplete: () => report.incomplete(),
        }
      }
    }
    split?.close()
    const analysis = analyseRecords(read, options)
    const text = reportJsonPieces({
      timelines: analysis.timelines,
      byPerson: analysis.diagnosis.byPerson,
      groupFindings: analysis.diagnosis.groupFindings,
      accounting: analysis.accounting,
      redacted: options.redact === true,
      gitlab: analysis.gitlab,
    })
    return {
      text,
      people: analysis.timelines.people.length,
      probes: analysis.timelines.probes?.length ?? 0,
      accounting: analysis.accounting,
      incomplete: () => hasInternalError(analysis.diagnosis.all) || viewFailureCount() > 0,
    }
  } catch (error) {
    split?.close()
    throw error
  }
}
