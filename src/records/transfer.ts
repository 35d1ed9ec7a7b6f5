/**
 * The records' transferable form: what a read worker that normalises (`analysis/parallel/prepare-segment.ts`)
 * hands the main thread for one segment of a file, in place of its candidate lines.
 *
 * Structured-cloning records costs about as much as making them (~12 µs a record to send and as much to
 * receive, `sources/api-log/index.ts`), so a segment is packed instead as one JSON text of rows (one per
 * candidate, in line order: a record, other traffic, or a skip) and one table of the strings its records
 * repeat (paths, user agents, IPs, ids, userNames, emails, schemas), each sent and interned once per segment.
 * Unpacking builds records of exactly the shape `normalise` makes (same fields, same order, same values), so
 * nothing downstream can tell which thread read a line: `test/records/transfer.test.ts` checks it on every
 * sample.
 */

import { kept, keptObject } from '../common/arrays.js'
import type { Origin, SkipReason } from '../sources/types.js'
import { sharedFilter } from './filter.js'
import { recordStrings as strings } from './intern.js'
import { setOwn } from './params.js'
import type {
  AttributeChange,
  PatchEffect,
  PatchOperation,
  ScimBody,
  ScimEmail,
  ScimName,
  ScimRecord,
} from './types.js'

/** One segment's outcomes, packed. */
export interface PackedSegment {
  /** The strings rows refer to by index. */
  strings: string[]
  /** JSON array of rows: `[line, OTHER]`, `[line, SKIP, reason]` or `[line, SCIM, …record fields]`. */
  rows: string
}

const SCIM = 0
const OTHER = 1
const SKIP = 2
/** An absent string or value. */
const NONE = -1

type Row = unknown[]

/** Builds one segment's pack; strings are numbered in order of first use. */
export class SegmentPacker {
  private readonly table = new Map<string, number>()
  private readonly list: string[] = []
  private readonly rows: Row[] = []

  other(line: number): void {
    this.rows.push([line, OTHER])
  }

  skip(line: number, reason: SkipReason): void {
    this.rows.push([line, SKIP, reason])
  }

  record(line: number, r: ScimRecord): void {
    this.rows.push([
      line,
      SCIM,
      r.time,
      r.timeMs,
      this.s(r.method),
      this.s(r.path),
      this.s(r.scope),
      r.scopeKind,
      r.resource,
      this.s(r.scimId),
      r.status,
      r.durationS ?? null,
      r.timingFields ?? null,
      this.s(r.userAgent),
      r.idp,
      r.idpEvidence,
      r.provider,
      r.idpStrength,
      r.api,
      this.s(r.remoteIp),
      r.correlationId ?? null,
      this.body(r.body),
      r.patch ? this.patch(r.patch, r.body.operations) : null,
      r.action,
      r.paramsTruncated ? 1 : 0,
      r.filteredKeys.map((key) => this.s(key)),
    ])
  }

  pack(): PackedSegment {
    return { strings: this.list, rows: JSON.stringify(this.rows) }
  }

  private s(text: string | undefined): number {
    if (text === undefined) return NONE
    let index = this.table.get(text)
    if (index === undefined) {
      index = this.list.length
      this.table.set(text, index)
      this.list.push(text)
    }
    return index
  }

  private body(b: ScimBody): Row {
    return [
      this.s(b.externalId),
      this.s(b.id),
      this.s(b.userName),
      b.emails.map((e) => [
        this.s(e.value),
        this.s(e.type),
        e.primary === undefined ? NONE : e.primary ? 1 : 0,
      ]),
      b.name ? [b.name.formatted ?? null, b.name.givenName ?? null, b.name.familyName ?? null] : null,
      this.s(b.displayName),
      b.active === undefined ? NONE : b.active ? 1 : 0,
      b.schemas.map((schema) => this.s(schema)),
      // An op's value may be undefined (an op without one): a row of two then, which JSON cannot confuse.
      b.operations.map((op) =>
        op.value === undefined ? [op.op, op.path ?? null] : [op.op, op.path ?? null, op.value],
      ),
      // Its text: parsed again on the other side into the one shared filter of that text (`sharedFilter`).
      b.filter ? b.filter.raw : null,
      b.extra,
    ]
  }

  /**
   * The effect as its own JSON, its keys in the order they were set (`interpretPatch` adds `active` and
   * `externUid` after the lists, `identityPatch` puts `externUid` first), with the skipped ops as indices of
   * the body's: they are the same objects.
   */
  private patch(p: PatchEffect, operations: PatchOperation[]): object {
    return { ...p, skippedOps: p.skippedOps.map((op) => operations.indexOf(op)) }
  }
}

/** What unpacking reports besides records, in line order with them (the accounting's calls). */
export interface UnpackSink {
  other(): void
  skip(reason: SkipReason, origin: Origin): void
}

/**
 * The records of a pack, in line order, with `source` and `lineOffset + line` as their origins; other
 * traffic and skips go to `sink` in their place.
 */
export function* unpackSegment(
  packed: PackedSegment,
  source: string,
  lineOffset: number,
  sink: UnpackSink,
): Generator<ScimRecord> {
  const table = packed.strings
  const pooled = new Array<string>(table.length)
  for (let i = 0; i < table.length; i++) pooled[i] = strings.intern(table[i] as string)
  const rows = JSON.parse(packed.rows) as Row[]
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row
    const line = lineOffset + (row[0] as number)
    const kind = row[1] as number
    if (kind === OTHER) sink.other()
    else if (kind === SKIP) sink.skip(row[2] as SkipReason, { source, line })
    else yield unpackRecord(row, pooled, { source, line })
  }
}

function str(pooled: string[], index: unknown): string | undefined {
  return index === NONE ? undefined : (pooled[index as number] as string)
}

function optional<T>(value: unknown): T | undefined {
  return value === null ? undefined : (value as T)
}

function bool(value: unknown): boolean | undefined {
  return value === NONE ? undefined : value === 1
}

function unpackRecord(row: Row, pooled: string[], origin: Origin): ScimRecord {
  const body = unpackBody(row[21] as Row, pooled)
  const packedPatch = row[22] as Record<string, unknown> | null
  // The same field order as `normalise`'s literal: one hidden class for records from either thread.
  return {
    time: row[2] as string,
    timeMs: row[3] as number,
    method: str(pooled, row[4]) as string,
    path: str(pooled, row[5]) as string,
    scope: str(pooled, row[6]) as string,
    scopeKind: row[7] as ScimRecord['scopeKind'],
    resource: row[8] as ScimRecord['resource'],
    scimId: str(pooled, row[9]),
    status: row[10] as number | null,
    durationS: optional<number>(row[11]),
    timingFields: optional<ScimRecord['timingFields']>(row[12]),
    userAgent: str(pooled, row[13]),
    idp: row[14] as ScimRecord['idp'],
    idpEvidence: row[15] as ScimRecord['idpEvidence'],
    provider: row[16] as ScimRecord['provider'],
    idpStrength: row[17] as ScimRecord['idpStrength'],
    api: row[18] as ScimRecord['api'],
    remoteIp: str(pooled, row[19]),
    correlationId: optional<string>(row[20]),
    body,
    patch: packedPatch ? unpackPatch(packedPatch, body.operations) : undefined,
    action: row[23] as ScimRecord['action'],
    origin,
    paramsTruncated: row[24] === 1,
    filteredKeys: kept((row[25] as number[]).map((index) => pooled[index] as string)),
  }
}

function unpackBody(row: Row, pooled: string[]): ScimBody {
  const nameRow = row[4] as (string | null)[] | null
  const filter = row[9] as string | null
  // `buildBody`'s field order, absent fields `undefined`.
  return {
    externalId: str(pooled, row[0]),
    id: str(pooled, row[1]),
    userName: str(pooled, row[2]),
    emails: kept(
      (row[3] as number[][]).map(([value, type, primary]) => {
        const email: ScimEmail = { value: str(pooled, value) as string }
        if (type !== NONE) email.type = str(pooled, type) as string
        if (primary !== NONE) email.primary = primary === 1
        return email
      }),
    ),
    name: nameRow ? unpackName(nameRow) : undefined,
    displayName: str(pooled, row[5]),
    active: bool(row[6]),
    schemas: kept((row[7] as number[]).map((index) => pooled[index] as string)),
    operations: kept(
      (row[8] as unknown[][]).map((op) => {
        const operation: PatchOperation = {
          op: op[0] as string,
          value: op.length > 2 ? rebuild(op[2]) : undefined,
        }
        if (op[1] !== null) operation.path = op[1] as string
        return operation
      }),
    ),
    filter: filter !== null ? sharedFilter(filter) : undefined,
    extra: keptObject(rebuild(row[10]) as Record<string, unknown>),
  }
}

function unpackName(row: (string | null)[]): ScimName {
  const name: ScimName = {}
  if (row[0] !== null) name.formatted = row[0] as string
  if (row[1] !== null) name.givenName = row[1] as string
  if (row[2] !== null) name.familyName = row[2] as string
  return name
}

/**
 * A JSON value built the way `boundValue` builds the values it keeps: `{}` and own properties, arrays by
 * `map`. Objects from `JSON.parse` have other hidden classes than those, and records of two kinds of shapes
 * made timelines and diagnosis ~25% slower on a million requests (their property reads turned polymorphic).
 */
function rebuild(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(rebuild)
  const out: Record<string, unknown> = {}
  const object = value as Record<string, unknown>
  const keys = Object.keys(object)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    setOwn(out, key, rebuild(object[key]))
  }
  return out
}

function changes(list: AttributeChange[]): AttributeChange[] {
  return kept(list.map((change) => ({ attribute: change.attribute, value: rebuild(change.value) })))
}

function unpackPatch(packed: Record<string, unknown>, operations: PatchOperation[]): PatchEffect {
  const ignored = changes(packed.ignored as AttributeChange[])
  const droppedKeys = changes(packed.droppedKeys as AttributeChange[])
  const skippedOps = kept((packed.skippedOps as number[]).map((index) => operations[index] as PatchOperation))
  const externUid = packed.externUid as string | undefined
  // `identityPatch`'s shape (its uid first), or `interpretPatch`'s: the lists, then `active` and `externUid`
  // in the order its ops set them.
  if (Object.keys(packed)[0] === 'externUid')
    return { externUid, ignored, droppedKeys, skippedOps } as PatchEffect
  const effect: PatchEffect = { ignored, droppedKeys, skippedOps }
  for (const key of Object.keys(packed)) {
    if (key === 'active') effect.active = packed.active as boolean
    else if (key === 'externUid') effect.externUid = externUid as string
  }
  return effect
}
