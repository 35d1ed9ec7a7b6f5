/**
 * scimtrace as a library: the face of each stage of the pipeline, in the order data flows through them.
 *
 *   readEntries (sources) → toRecords (records) → buildTimelines (timelines) → diagnose (diagnosis) → views
 *
 * Every stage takes and returns plain data (async iterables for the streaming ones), so any of them can be
 * used alone: read an export into documents, normalise documents from elsewhere, diagnose timelines built by
 * hand. `Accounting` counts what was read, used and skipped along the way. Only the stages' faces are
 * exported: start-up tuning and the CLI's thread plumbing are not library API.
 */

export {
  type AnalyseOptions,
  type Analysis,
  type AnalysisHooks,
  analyse,
} from './analysis/analyse.js'
export { loadIdentities } from './analysis/identities.js'
export { type Redaction, redactAnalysis } from './analysis/redact.js'
export { Accounting, type AccountingSnapshot, type SkipTally, type SourceTally } from './common/accounting.js'
export { EXIT, InputError, UserError } from './common/errors.js'
export type { Origin, SkipReason } from './common/origin.js'
export {
  type CandidateCause,
  compareFindings,
  type Diagnosis,
  type DiagnosisOptions,
  diagnose,
  type Finding,
  type IdentityRecord,
  parseIdentities,
  RULE_IDS,
  RULES,
  type Rule,
  type Severity,
} from './diagnosis/index.js'
export { formatVersion, parseVersion, type Version } from './diagnosis/versions/gitlab.js'
export { describeEra, type GitLabEra, inferEra, timelineOptions } from './diagnosis/versions/infer.js'
export {
  type Action,
  type IdentityProvider,
  normalise,
  RECORD_SELECTION,
  type ScimRecord,
  settleRecords,
  toRecords,
} from './records/index.js'
export {
  type DocSelection,
  type FileSourceOptions,
  fileSources,
  INPUT_FORMATS,
  type InputFormat,
  type LogDoc,
  type RawEntry,
  type ReadOptions,
  readEntries,
  type Source,
  type SourceContext,
  type SourceProgress,
} from './sources/index.js'
export {
  buildTimelines,
  findPeople,
  type IdentityState,
  type Person,
  type TimelineEntry,
  type Timelines,
} from './timelines/index.js'
export {
  escapeControl,
  findingJson,
  personJson,
  type ReportInput,
  rankPeople,
  recordJson,
  renderMarkdownReport,
  renderTextReport,
  reportJson,
} from './views/index.js'
