/**
 * The views stage: the JSON model (the README's JSON contract), text, Markdown and table renderers.
 * Renderers take plain data from the earlier stages and return strings; none prints.
 */
export { type ColorMode, colorEnabled, type Palette, palette } from './color.js'
export { describeRecord, formatOrigin, formatStatus, formatTime } from './describe.js'
export { escapeControl, safe } from './escape.js'
export { renderFinding } from './findings.js'
export { jsonText, prettyJsonFor, writePieces } from './json.js'
export { renderMarkdownReport } from './markdown.js'
export {
  type EvidenceJson,
  evidenceJson,
  type FindingJson,
  findingJson,
  type PersonJsonOptions,
  personJson,
  recordJson,
} from './model.js'
export { renderAttributes, renderPersonHeader, renderTimeline, renderUsersTable } from './person.js'
export { renderRecordsTable } from './records.js'
export {
  compareRank,
  type FindingTallies,
  findingTallies,
  peopleConcerned,
  type RankedPerson,
  type RankKey,
  type RecordsSummary,
  type ReportFindings,
  type ReportInput,
  rankPeople,
  recordsSummary,
  reportJson,
  reportJsonPieces,
  reportSummaryJson,
} from './report.js'
export { formatCount, formatSummary } from './summary.js'
export { renderTextReport } from './text-report.js'
