/**
 * The records stage's first step in a read worker (`DocSelection.preparer`, loaded by the worker by URL, a
 * bundle entry of its own): each candidate of a segment is normalised as it is scanned and the segment handed
 * over in the records' transferable form (`records/transfer.ts`), which the main thread unpacks in
 * `toRecords`.
 */
import { recordStrings } from '../../records/intern.js'
import { normalise } from '../../records/normalise.js'
import { SegmentPacker } from '../../records/transfer.js'
import type { SegmentPreparer } from '../../sources/api-log/worker.js'
import type { LogDoc, SkipReason } from '../../sources/types.js'

// This thread keeps no record: pooling their strings here would only cost (the packer shares them per segment).
recordStrings.stop()

export const segmentSink: SegmentPreparer['segmentSink'] = () => {
  const packer = new SegmentPacker()
  return {
    skip(reason: SkipReason, line: number): void {
      packer.skip(line, reason)
    },
    doc(line: number, doc: LogDoc): void {
      const result = normalise(doc, { source: '', line })
      if (result.kind === 'scim') packer.record(line, result.record)
      else if (result.kind === 'other') packer.other(line)
      else packer.skip(line, result.reason)
    },
    take: () => packer.pack(),
  }
}
