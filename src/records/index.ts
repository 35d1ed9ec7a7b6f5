/**
 * The records stage: raw API log documents in, normalised SCIM requests out.
 */
import type { Accounting } from '../common/accounting.js'
import type { RawEntry } from '../sources/types.js'
import { normalise } from './normalise.js'
import { type PackedSegment, type UnpackSink, unpackSegment } from './transfer.js'
import type { ScimRecord } from './types.js'

export { parseFilter } from './filter.js'
export { inferIdentityProviders, settleRecords } from './idp.js'
export { normalise, RECORD_SELECTION } from './normalise.js'
export { interpretPatch } from './patch.js'
export { parseScimPath } from './path.js'
export { type PackedSegment, SegmentPacker, unpackSegment } from './transfer.js'
export * from './types.js'

/** Keep the SCIM requests; count the rest as other traffic or as skipped (with reason and place). */
export async function* toRecords(
  entries: AsyncIterable<RawEntry>,
  accounting: Accounting,
): AsyncIterable<ScimRecord> {
  const sink: UnpackSink = {
    other: () => {
      accounting.other++
    },
    skip: (reason, origin) => accounting.skip(reason, origin),
  }
  for await (const entry of entries) {
    if (entry.prepared !== undefined) {
      // A segment a read worker normalised (`DocSelection.preparer`): its records, other lines and skips in order.
      for (const record of unpackSegment(
        entry.prepared as PackedSegment,
        entry.origin.source,
        entry.origin.line ?? 0,
        sink,
      )) {
        accounting.scim++
        yield record
      }
      continue
    }
    const result = normalise(entry.doc, entry.origin)
    if (result.kind === 'scim') {
      accounting.scim++
      yield result.record
    } else if (result.kind === 'other') {
      accounting.other++
    } else {
      accounting.skip(result.reason, entry.origin)
    }
  }
}
