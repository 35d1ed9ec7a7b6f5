/**
 * The engine: the pipeline assembled in one place. Sources are read in order into records (with one
 * accounting), then timelines are built and diagnosed:
 *
 *   sources → toRecords (records) → buildTimelines (timelines) → diagnose (diagnosis)
 *
 * Every command, the tests and any UI call `analyse`; none assembles the stages by hand. Progress and
 * warnings are events (`AnalysisHooks`): the engine never prints, its caller decides how to show them.
 */
import { Accounting, type AccountingSnapshot } from '../common/accounting.js'
import { finish, type Steps } from '../common/steps.js'
import { mark } from '../common/timings.js'
import { type Diagnosis, diagnoseSteps } from '../diagnosis/index.js'
import type { DiagnosisOptions } from '../diagnosis/types.js'
import type { Version } from '../diagnosis/versions/gitlab.js'
import { type GitLabEra, inferEra, timelineOptions, UNKNOWN_ERA } from '../diagnosis/versions/infer.js'
import { RECORD_SELECTION, toRecords } from '../records/index.js'
import type { ScimRecord } from '../records/types.js'
import type { Source, SourceContext, SourceProgress } from '../sources/source.js'
import type { DocSelection } from '../sources/types.js'
import { timelineSteps } from '../timelines/index.js'
import type { Timelines } from '../timelines/types.js'
import { escapeControl } from '../views/escape.js'
import { defaultLimit, MemoryGuard } from './memory-guard.js'
import { preparerUrl } from './parallel/preparer.js'
import { redactAnalysis } from './redact.js'

export interface AnalysisHooks {
  /** Every 250 ms while reading: what the sources have read so far, and how many SCIM requests. */
  onProgress?: (progress: SourceProgress & { scim: number; lines: number }) => void
  /** Something the user should know that does not stop the run (a file that looks like no known format). */
  onWarning?: (message: string) => void
  /** Aborts reading (the sources see it) and the run. */
  signal?: AbortSignal
  /** Diagnostic messages (`SCIMTRACE_DEBUG`). */
  onDebug?: (message: string) => void
}

export interface AnalyseOptions {
  /** Only this top-level group (case-insensitive), before timelines are built. */
  group?: string
  /** Replace person and organisation values with stable aliases once diagnosis is done (`redact.ts`). */
  redact?: boolean
  /** The group's allowed email domains, if known (`DiagnosisOptions.allowedDomains`). */
  allowedDomains?: string[]
  /** GitLab's stored identities, for the identity cross-checks (`identities.ts` reads the files). */
  identities?: DiagnosisOptions['identities']
  /**
   * Stop after this stage (default `diagnosis`): a command that needs only records or timelines skips the
   * rest. The fields of the stages not run are empty (`EMPTY_TIMELINES`, `EMPTY_DIAGNOSIS`).
   */
  until?: 'records' | 'timelines' | 'diagnosis'
  /** Stop reading, with a clear error, once the heap passes this many bytes (`memory-guard.ts`). */
  maxMemory?: number
  /** The GitLab version the logs come from (`--gitlab-version`); absent, inferred from the records. */
  gitlabVersion?: Version
}

/** What the reading loop is told besides the hooks. */
export interface ReadControls {
  /** Sees each record as it is read (the two-thread report hands some groups to a worker, `parallel/`). */
  onRecord?: ((record: ScimRecord) => void) | undefined
  /** Heap bytes past which reading stops (default: most of V8's heap limit). */
  maxMemory?: number | undefined
  /** Which records to keep (default all): the others are seen by `onRecord`, counted, and let go. */
  keep?: ((record: ScimRecord) => boolean) | undefined
  /** Count into this accounting (a caller that shows the counts while reading: the explorer). */
  accounting?: Accounting | undefined
  /**
   * Asked every few hundred records whether to let the event loop run (`common/steps.ts`'s `pacer`): a
   * read worker's segment comes as one entry of thousands of records, which would hold the thread.
   */
  pause?: (() => Promise<void> | undefined) | undefined
}

export interface Analysis {
  /** The records analysed, in reading order (after `group` and `redact`). */
  records: ScimRecord[]
  timelines: Timelines
  diagnosis: Diagnosis
  accounting: AccountingSnapshot
  /** The GitLab version the rules were applied for, and the evidence (`diagnosis/versions/infer.ts`). */
  gitlab: GitLabEra
  /** With `redact`: the alias of a value the user typed (`explain jane@…`), or the value itself. */
  alias?: (value: string) => string
}

export const EMPTY_TIMELINES: Timelines = Object.freeze({ people: [], unattributed: [], records: [] })
export const EMPTY_DIAGNOSIS: Diagnosis = Object.freeze({ byPerson: new Map(), groupFindings: [], all: [] })

/** How often progress is reported while reading. */
const PROGRESS_MS = 250

/** What reading gives: every record in reading order, and the accounting. */
export interface Read {
  records: ScimRecord[]
  accounting: AccountingSnapshot
}

/** Several sources' progress as one: sums, with no total as soon as one measured source has none. */
export function combinedProgress(sources: readonly Source[]): SourceProgress {
  const first = sources[0]?.progress()
  const all: SourceProgress = { unit: first?.unit ?? 'bytes', done: 0 }
  let size = 0
  let total = 0
  let unknown = false
  for (const source of sources) {
    const progress = source.progress()
    all.done += progress.done
    size += progress.size ?? progress.total ?? 0
    if (progress.total !== undefined) total += progress.total
    else if (progress.size !== undefined) unknown = true
  }
  if (size > 0) all.size = size
  if (!unknown && total > 0) all.total = total
  return all
}

/**
 * What the engine reads of each document: the read workers normalise the segments they scan
 * (`parallel/prepare-segment.ts`), which on input made of SCIM requests is most of the reading's work
 * (dense-1000k-4g: reading 16.9 → 14.8 s, bench/README.md). `SCIMTRACE_PREPARE_IN_WORKER=0` turns it off.
 */
function readSelection(): DocSelection {
  if (process.env.SCIMTRACE_PREPARE_IN_WORKER === '0') return RECORD_SELECTION
  return { ...RECORD_SELECTION, preparer: preparerUrl() }
}

/** Read every source into records, in order, within the memory limit. */
export async function readSources(
  sources: readonly Source[],
  hooks: AnalysisHooks = {},
  controls: ReadControls = {},
): Promise<Read> {
  const { onRecord, keep, pause } = controls
  const accounting = controls.accounting ?? new Accounting()
  const context: SourceContext = { accounting, selection: readSelection() }
  if (hooks.signal) context.signal = hooks.signal
  if (hooks.onDebug) context.debug = hooks.onDebug
  if (hooks.onWarning) context.warn = hooks.onWarning
  const guard = new MemoryGuard(controls.maxMemory ?? defaultLimit())
  for (const source of sources) await source.check?.(context)
  const { onProgress, signal } = hooks
  let timer: NodeJS.Timeout | undefined
  if (onProgress) {
    timer = setInterval(
      () => onProgress({ ...combinedProgress(sources), scim: accounting.scim, lines: accounting.lines }),
      PROGRESS_MS,
    )
    timer.unref()
  }
  const records: ScimRecord[] = []
  try {
    for (const source of sources) {
      for await (const record of toRecords(source.entries(context), accounting)) {
        guard.check(accounting)
        if (!keep || keep(record)) records.push(record)
        onRecord?.(record)
        if (pause && (accounting.scim & 255) === 0) await pause()
      }
      signal?.throwIfAborted()
    }
  } finally {
    if (timer) clearInterval(timer)
  }
  mark('read')
  const snapshot = accounting.snapshot()
  // A file that is neither an API log nor an export is still read (its lines are counted), but say so:
  // "0 SCIM requests" alone would not tell a user they gave the wrong file.
  for (const tally of snapshot.sources) {
    if (tally.format === 'unknown') {
      hooks.onWarning?.(
        `'${escapeControl(tally.name)}' does not look like an api_json.log or a Kibana/Elasticsearch export; read as api_json (see --input-format)`,
      )
    }
  }
  return { records, accounting: snapshot }
}

/** The records `options` select for timelines: one group's. */
export function selectRecords(records: ScimRecord[], options: AnalyseOptions): ScimRecord[] {
  if (options.group === undefined) return records
  const group = options.group.toLowerCase()
  return records.filter((r) => r.scope.toLowerCase() === group)
}

export function diagnosisOptions(options: AnalyseOptions, gitlab?: GitLabEra): Partial<DiagnosisOptions> {
  const diagnosis: Partial<DiagnosisOptions> = { allowedDomains: options.allowedDomains ?? [] }
  if (options.identities) diagnosis.identities = options.identities
  if (gitlab) diagnosis.gitlab = gitlab
  return diagnosis
}

/** Timelines and diagnosis of records already read; redacted as the last step if asked. */
export function analyseRecords(read: Read, options: AnalyseOptions = {}): Analysis {
  return finish(analysisSteps(read, options))
}

/**
 * `analyseRecords`, pausing between pieces of its work (`common/steps.ts`): the explorer runs it in slices
 * so that keys are answered while a large input is analysed.
 */
export function* analysisSteps(read: Read, options: AnalyseOptions = {}): Steps<Analysis> {
  const analysis = yield* selectedSteps(read, options)
  if (!options.redact) return analysis
  const redaction = redactAnalysis(analysis, options.identities)
  mark('redaction')
  return { ...redaction.analysis, alias: redaction.alias }
}

function* selectedSteps(read: Read, options: AnalyseOptions): Steps<Analysis> {
  const records = selectRecords(read.records, options)
  const until = options.until ?? 'diagnosis'
  const accounting = read.accounting
  if (until === 'records') {
    return {
      records,
      timelines: EMPTY_TIMELINES,
      diagnosis: EMPTY_DIAGNOSIS,
      accounting,
      gitlab: UNKNOWN_ERA,
    }
  }
  // The era of the whole run (a group's requests alone may not show which GitLab wrote them) decides how
  // requests are replayed (before 15.0 a PATCH changed the email) and which rules apply.
  const gitlab = inferEra(read.records, options.gitlabVersion)
  yield
  const timelines = yield* timelineSteps(records, timelineOptions(gitlab))
  mark('timelines')
  if (until === 'timelines') {
    return { records, timelines, diagnosis: EMPTY_DIAGNOSIS, accounting, gitlab }
  }
  const diagnosis = yield* diagnoseSteps(timelines, diagnosisOptions(options, gitlab))
  mark('diagnosis')
  return { records, timelines, diagnosis, accounting, gitlab }
}

/** Read `sources` and analyse what they hold. */
export async function analyse(
  sources: Source[],
  options: AnalyseOptions = {},
  hooks: AnalysisHooks = {},
  controls: Omit<ReadControls, 'maxMemory'> = {},
): Promise<Analysis> {
  return analyseRecords(
    await readSources(sources, hooks, { ...controls, maxMemory: options.maxMemory }),
    options,
  )
}
