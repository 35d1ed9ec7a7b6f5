/**
 * What the engine reads from: a `Source` is any stream of raw API log documents with a description and a
 * measure of progress: files and stdin (`files.ts`), and next an Elasticsearch query. The engine
 * (`analysis/analyse.ts`) reads a list of them in order into one accounting.
 */
import type { Accounting } from '../common/accounting.js'
import type { DocSelection, RawEntry } from './types.js'

export interface SourceContext {
  accounting: Accounting
  /** What the consumer reads of each document: a source may drop the rest early (`DocSelection`). */
  selection?: DocSelection
  /** Aborted when the run is cancelled (Ctrl-C): a source stops reading and frees what it holds. */
  signal?: AbortSignal
  debug?: (message: string) => void
  /** Something the user should know that does not stop the run (a file in a directory skipped as unreadable). */
  warn?: (message: string) => void
}

export interface SourceProgress {
  unit: 'bytes' | 'documents'
  done: number
  /** What `done` counts toward, when known up front. */
  total?: number
  /**
   * Bytes on disk, when known even though `total` is not (a gzip file's inflated size is unknown until it is
   * read): tells a UI whether the read is big enough to show progress at all.
   */
  size?: number
}

export interface Source {
  /** For messages and the report's `sources`: a path, `-`, or index@host. Never credentials. */
  readonly description: string
  entries(context: SourceContext): AsyncIterable<RawEntry>
  /** Polled for progress while reading. */
  progress(): SourceProgress
  /**
   * Fail now if this source cannot be read at all. The engine checks every source before reading the first,
   * so a typo in the third path fails fast instead of after minutes of reading the first two.
   */
  check?(context: SourceContext): Promise<void>
}
