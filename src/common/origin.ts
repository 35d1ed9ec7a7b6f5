/**
 * Where a record came from and why an input was not used: plain data every stage shares, and the
 * accounting counts. The ground floor (`common/`) imports no stage.
 */

/** Where a record came from: a file and line, or an Elasticsearch index and document id. */
export interface Origin {
  /** Display name of the input: a path as given, `-` for stdin, or an index pattern. */
  source: string
  /** 1-based line number within `source` (for line-oriented inputs). */
  line?: number
  /** Document id, for documents read from Elasticsearch or its exports. */
  docId?: string
  /** Index name, for documents read from Elasticsearch or its exports. */
  index?: string
  /** 1-based position of a document inside a JSON export, when it has no line and no id. */
  item?: number
}

/** Why a line or document was not used. Stable ids: they appear in JSON output. */
export type SkipReason =
  | 'invalid-json'
  | 'binary'
  | 'too-long'
  | 'not-an-object'
  | 'bad-field-type'
  | 'bad-csv-row'
  | 'unreadable'
