/**
 * The sources stage: files, directories, stdin and Kibana/Elasticsearch exports in; `RawEntry` values in
 * GitLab's api_json layout out. `readEntries` is the one entry point the rest of the tool uses.
 */

export { DENSE_SHARE } from './api-log/density.js'
export type { ApiLogContext, ApiLogInput, DocSelection } from './api-log/index.js'
/**
 * The reader's worker threads: the engine may keep and borrow them (`common/threads/pool.ts`), and the CLI
 * may boot one early for a big input (`cli/startup.ts`).
 */
export {
  prestartReadWorker,
  readThreads,
  readWorkerPreparing,
  WORKER_MIN_BYTES,
} from './api-log/worker-start.js'
export { classifyObject, detectFormat, inflateHead, isGzip, PEEK_BYTES } from './detect.js'
export { MAX_JSON_BYTES, toApiLogDoc } from './exports/index.js'
export { type FileSourceOptions, fileSources } from './files.js'
export type { FormatHead, FormatInput, FormatSniff, InputFormatDefinition } from './format.js'
export { FORMATS, INPUT_FORMATS } from './formats.js'
export { compareNames, type ExpandOptions, expandInputs, type InputSpec } from './inputs.js'
export { MAX_LINE_BYTES } from './limits.js'
export { type OpenedInput, openFile, openStream } from './open.js'
export { chooseFormat, type InputFormatChoice, type ReadOptions, readEntries } from './read.js'
export type { Source, SourceContext, SourceProgress } from './source.js'
export * from './types.js'
