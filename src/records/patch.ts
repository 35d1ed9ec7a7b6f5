/**
 * What GitLab makes of a PATCH body (reference §3.1 `process_operations`, §3.3 `update_scim_user`).
 */
import { kept } from '../common/arrays.js'
import type { AttributeChange, PatchEffect, PatchOperation } from './types.js'
import { scimBoolean, scimString } from './values.js'

/** SCIM attributes GitLab maps (`attribute_transform.rb` MAPPINGS); matched exactly, as GitLab does. */
const MAPPED = new Set([
  'id',
  'displayName',
  'name.formatted',
  'emails[type eq "work"].value',
  'active',
  'externalId',
  'userName',
])

/** Read `Operations` into plain ops, tolerating odd shapes (a single op object, missing fields). */
export function readOperations(value: unknown): PatchOperation[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : []
  const ops: PatchOperation[] = []
  for (const item of list) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue
    const { op, path, value: opValue } = item as Record<string, unknown>
    const operation: PatchOperation = { op: typeof op === 'string' ? op : String(op ?? ''), value: opValue }
    if (typeof path === 'string' && path !== '') operation.path = path
    ops.push(operation)
  }
  return kept(ops)
}

/**
 * Apply GitLab's rules: only `replace`/`add` ops count (any case); with a `path` that path is mapped;
 * without one only the FIRST key of the value object is used ("Azure uses path while Okta does not").
 * Of the mapped attributes only `active` and `id`/`externalId` change anything since GitLab 15.0.
 */
export function interpretPatch(operations: PatchOperation[]): PatchEffect {
  const effect: PatchEffect = { ignored: [], droppedKeys: [], skippedOps: [] }
  const apply = (attribute: string, value: unknown) => {
    if (attribute === 'active') {
      const active = scimBoolean(value)
      if (active !== undefined) {
        effect.active = active
        return
      }
    } else if (attribute === 'id' || attribute === 'externalId') {
      const uid = scimString(value)
      if (uid !== undefined && uid !== '') {
        effect.externUid = uid
        return
      }
    }
    effect.ignored.push({ attribute, value })
  }

  for (const operation of operations) {
    const op = operation.op.toLowerCase()
    if (op !== 'replace' && op !== 'add') {
      effect.skippedOps.push(operation)
      continue
    }
    if (operation.path !== undefined) {
      // A `replace`/`add` with a path but no value is malformed: there is nothing to set (GitLab's
      // transform finds no value either), so it changes nothing, like an op without a path or value.
      if (operation.value === undefined) {
        effect.skippedOps.push(operation)
        continue
      }
      apply(operation.path, operation.value)
      continue
    }
    const value = operation.value
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      effect.skippedOps.push(operation)
      continue
    }
    const entries = Object.entries(value)
    const [first, ...rest] = entries
    if (!first) continue
    if (MAPPED.has(first[0])) apply(first[0], first[1])
    else effect.ignored.push({ attribute: first[0], value: first[1] })
    for (const [attribute, dropped] of rest)
      effect.droppedKeys.push({ attribute, value: dropped } as AttributeChange)
  }
  // Assigned in place, so the keys keep their order.
  effect.ignored = kept(effect.ignored)
  effect.droppedKeys = kept(effect.droppedKeys)
  effect.skippedOps = kept(effect.skippedOps)
  return effect
}
