/**
 * `report --format json` in two threads, split by group (`scope-split.ts`): where it can pay and gives the
 * same output, compact JSON of every group, without redaction (its aliases are numbered across all records)
 * or cross-checks (they read every person). Everything the split needs is in this folder; deleting it means
 * deleting the folder and the one call in `../report-json.ts`.
 *
 * The read worker is kept for it (`readThreads.keep`). `SCIMTRACE_SPLIT_MIN` sets how many records the
 * worker's groups need (default 1,000; set, it also starts a worker when the read used none), or `off`.
 */
import { availableParallelism } from 'node:os'
import type { AccountingSnapshot } from '../../common/accounting.js'
import { workingGroups } from '../../diagnosis/support.js'
import type { GitLabEra } from '../../diagnosis/versions/infer.js'
import type { ScimRecord } from '../../records/types.js'
import { readThreads } from '../../sources/index.js'
import type { AnalyseOptions } from '../analyse.js'
import { ScopeSplit } from './scope-split.js'
import { buildSplitReport, type SplitReport } from './split-report.js'

/** Below this many records in the worker's groups, one thread is as quick (see `scope-split.ts`). */
const SPLIT_MIN_RECORDS = 1000

/** The split to feed while reading, or undefined where it cannot pay or would change the output. */
export function splitFor(
  options: AnalyseOptions,
  env: NodeJS.ProcessEnv = process.env,
): ScopeSplit | undefined {
  if (options.redact || options.group !== undefined || options.identities) return undefined
  const setting = env.SCIMTRACE_SPLIT_MIN?.trim()
  if (setting === 'off') return undefined
  // A number set explicitly (tuning, tests) splits even an input read by one thread, starting a worker for
  // it; anything else is the default.
  const explicit = setting !== undefined && /^\d+$/.test(setting)
  if (!explicit && availableParallelism() < 2) return undefined
  readThreads.keep()
  const minRecords = explicit ? Number(setting) : SPLIT_MIN_RECORDS
  return new ScopeSplit({ allowedDomains: options.allowedDomains ?? [], minRecords, startWorker: explicit })
}

/**
 * Reading is done: the report in two threads, or undefined when the split does not happen (too few records
 * for the worker, or no worker free); a worker kept for it is stopped then.
 */
export async function splitReport(
  split: ScopeSplit,
  records: readonly ScimRecord[],
  accounting: AccountingSnapshot,
  gitlab: GitLabEra,
  debug?: (message: string) => void,
): Promise<SplitReport | undefined> {
  const working = workingGroups(records)
  if (!split.begin(working, gitlab)) {
    // A worker kept for a split that does not happen: stop it now rather than at exit.
    void readThreads.take()?.terminate()
    return undefined
  }
  const report = await buildSplitReport(records, accounting, split, split.options, working, gitlab)
  async function* text(): AsyncGenerator<string> {
    yield* report.text
    debug?.(`report split by group: ${split.describe()}`)
    const failure = report.workerFailure()
    if (failure) debug?.(`${failure.message}; its groups were built here`)
  }
  return { ...report, text: text() }
}

export type { ScopeSplit, SplitReport }
