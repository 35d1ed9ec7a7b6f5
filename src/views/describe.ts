/**
 * Short human descriptions of records, times and origins, shared by every renderer.
 */
import type { ScimRecord } from '../records/types.js'
import { gitlabEmail, requestedExternUid } from '../records/types.js'
import type { Origin } from '../sources/types.js'
import { safe } from './escape.js'

/** `2026-06-01 12:00:00` (UTC, as logged). */
export function formatTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ')
}

export function formatOrigin(origin: Origin): string {
  if (origin.line !== undefined) return `${origin.source}:${origin.line}`
  if (origin.docId !== undefined) return `${origin.index ?? origin.source}/${origin.docId}`
  return origin.source
}

export function formatStatus(status: number | null): string {
  return status === null ? 'fail' : String(status)
}

/** What the request did, in a few words: `create 00u1a2 (jane.doe@hooli.example)`. */
export function describeRecord(record: ScimRecord, max = 80): string {
  const body = record.body
  const id = record.scimId !== undefined ? ` ${safe(record.scimId, 40)}` : ''
  switch (record.action) {
    case 'lookup':
      if (body.filter) return safe(`lookup ${body.filter.raw}`, max)
      return `read${id}`
    case 'list':
      return 'list users'
    case 'create': {
      const who = body.userName ?? gitlabEmail(body)
      const uid = requestedExternUid(body)
      return safe(`create ${uid ?? '(no externalId)'}${who ? ` (${who})` : ''}`, max)
    }
    case 'deactivate':
      return `deactivate${id}`
    case 'reactivate':
      return `reactivate${id}`
    case 'change-extern-uid':
      return safe(`change extern_uid${id} → ${record.patch?.externUid ?? '?'}`, max)
    case 'ignored-update': {
      const attrs = [...(record.patch?.ignored ?? []), ...(record.patch?.droppedKeys ?? [])].map(
        (c) => c.attribute,
      )
      return safe(`update${id}: ${attrs.join(', ')}`, max)
    }
    case 'delete':
      return `delete${id}`
    default:
      return safe(
        `${record.resource === 'Users' ? '' : `${record.resource} `}${record.method.toLowerCase()}${id}`,
        max,
      )
  }
}
