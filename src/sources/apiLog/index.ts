/**
 * The hot read path for GitLab `api_json.log` NDJSON (plain, gzip, svlogd, stdin).
 *
 * OWNER: performance work (issue #4). This file fixes the interface the rest of the sources stage uses;
 * the implementation may change freely behind it.
 */
import type { Readable } from 'node:stream'
import type { Accounting, SourceTally } from '../../common/accounting.js'
import type { RawEntry } from '../types.js'

export interface ApiLogInput {
  /** Name used in origins (`file:line`). */
  display: string
  /** A regular, uncompressed file on disk: may be scanned in parallel by byte ranges. */
  path?: string
  /** Already-open bytes (stdin, or a file). `gzip` says whether they must be inflated first. */
  stream?: Readable
  gzip: boolean
}

export interface ApiLogContext {
  accounting: Accounting
  /** The tally for this input (bytes and lines are added to it and to `accounting`). */
  tally: SourceTally
}

/**
 * Yield one `RawEntry` per SCIM request line, in file order, with its 1-based line number.
 * Lines that are not SCIM requests are counted (`accounting.other`), malformed SCIM candidates are
 * skipped with a reason (`accounting.skip`), and nothing else is kept.
 */
export declare function readApiLog(input: ApiLogInput, context: ApiLogContext): AsyncIterable<RawEntry>
