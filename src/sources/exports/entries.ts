/**
 * What every export reader shares: counting what it reads, unwrapping search hits, turning documents into
 * entries, and recording the ones that cannot be used.
 */
import type { Accounting, SourceTally } from '../../common/accounting.js'
import type { Origin, RawEntry, SkipReason } from '../types.js'
import { isObject, toApiLogDoc } from './to-api-log-doc.js'

export interface ExportContext {
  /** Name used in origins. */
  display: string
  accounting: Accounting
  /** This input's tally: documents and bytes are added to it and to `accounting`. */
  tally: SourceTally
}

/** Pass chunks through, counting their bytes (after decompression: what was actually parsed). */
export async function* countBytes(
  chunks: AsyncIterable<Buffer | string>,
  context: ExportContext,
): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    context.accounting.bytes += buffer.length
    context.tally.bytes += buffer.length
    yield buffer
  }
}

/** Count one document (or line) read from the input. */
export function countDocument(context: ExportContext): void {
  context.accounting.lines++
  context.tally.lines++
}

export function skip(context: ExportContext, reason: SkipReason, origin: Origin): undefined {
  context.accounting.skip(reason, origin)
  return undefined
}

export interface Unwrapped {
  document: Record<string, unknown>
  docId?: string
  index?: string
}

/**
 * A search hit (`{_index, _id, _source}` or `{_index, _id, fields}`) gives its document; `_source` wins over
 * `fields` because it keeps the original types. Anything else is already a document.
 */
export function unwrapHit(value: Record<string, unknown>): Unwrapped {
  const ids: Omit<Unwrapped, 'document'> = {}
  if (value._id !== undefined && value._id !== null) ids.docId = String(value._id)
  if (typeof value._index === 'string') ids.index = value._index
  if (isObject(value._source)) return { document: value._source, ...ids }
  const isHit = '_id' in value || '_index' in value
  if (isObject(value.fields) && (isHit || Object.keys(value).length === 1))
    return { document: value.fields, ...ids }
  return { document: value }
}

/**
 * Turn one parsed value into an entry, or record why not. The caller has already counted it.
 * A document without a string `path` cannot be placed on any timeline, so it is skipped as `bad-field-type`.
 */
export function toEntry(value: unknown, origin: Origin, context: ExportContext): RawEntry | undefined {
  if (!isObject(value)) return skip(context, 'not-an-object', origin)
  const hit = unwrapHit(value)
  const where: Origin = { ...origin }
  if (hit.docId !== undefined) {
    where.docId = hit.docId
    delete where.item // an id says where the document is; its position in the file adds nothing
  }
  if (hit.index !== undefined) where.index = hit.index
  const doc = toApiLogDoc(hit.document)
  if (typeof doc.path !== 'string') return skip(context, 'bad-field-type', where)
  return { doc, origin: where }
}
