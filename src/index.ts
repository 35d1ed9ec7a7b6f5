/**
 * scimtrace as a library: each stage of the pipeline, in the order data flows through them.
 *
 *   readEntries (sources) → toRecords (records) → buildTimelines (timelines) → diagnose (diagnosis) → views
 *
 * Every stage takes and returns plain data (async iterables for the streaming ones), so any of them can be
 * used alone: read an export into documents, normalise documents from elsewhere, diagnose timelines built by
 * hand. `Accounting` counts what was read, used and skipped along the way.
 */
export { Accounting, type AccountingSnapshot, type SkipTally, type SourceTally } from './common/accounting.js'
export { EXIT, InputError, UserError } from './common/errors.js'
export * from './diagnosis/index.js'
export * from './records/index.js'
export * from './sources/index.js'
export * from './timelines/index.js'
export * from './views/index.js'
