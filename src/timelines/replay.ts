/**
 * Replaying one person's requests in time order: the state of each SCIM identity and the attributes
 * GitLab holds, with the request behind each (reference §3.2–§3.4).
 */
import { filterKey } from '../records/filter.js'
import { requestedExternUid, type ScimRecord, succeeded } from '../records/types.js'
import { applyChange, attributesFromCreate, noteIgnored } from './attributes.js'
import type {
  Attributes,
  IdentityFacts,
  IdentityHistory,
  IdentityState,
  TimelineEntry,
  TimelineOptions,
} from './types.js'

export interface ReplayResult {
  identities: IdentityHistory[]
  renames: { from: string; to: string; record: ScimRecord }[]
  attributes: Attributes
  timeline: TimelineEntry[]
  state: IdentityState
}

const isLive = (state: IdentityState) => state === 'provisioned' || state === 'reactivated'

/** The extern_uid a request is about. */
export function concernedUid(record: ScimRecord): string | undefined {
  if (record.scimId !== undefined) return record.scimId
  if (record.action === 'create') return requestedExternUid(record.body)
  const filter = record.body.filter
  if (filter && filterKey(filter) === 'externUid') return filter.value
  return undefined
}

/**
 * The live/inactive view of identities the rules judge by (`IdentityFacts`): kept from successful requests
 * only, and, unlike the states above, counting an id GitLab answered a GET for as live and any successful
 * PATCH (the identity API's included) as making it live. Kept beside the states rather than derived from
 * them so that the rules' findings stay as they were when the rules replayed the states themselves.
 */
class RuleStates {
  private readonly states = new Map<string, 'live' | 'inactive'>()
  private lastDeprovision: ScimRecord | undefined

  /** The facts just before `record`, about its identity `uid` (lower-cased), if any. */
  before(uid: string | undefined): IdentityFacts {
    let anyInactive = false
    let anyLive = false
    if (this.states.size > 0) {
      for (const state of this.states.values()) {
        if (state === 'inactive') anyInactive = true
        else anyLive = true
      }
    }
    const facts: IdentityFacts = { anyInactive, anyLive, implicitReactivation: false }
    if (this.lastDeprovision) facts.lastDeprovision = this.lastDeprovision
    const before = uid !== undefined ? this.states.get(uid) : undefined
    if (before !== undefined) facts.before = before
    return facts
  }

  private last: IdentityFacts | undefined

  /**
   * `facts`, or the equal facts of an earlier request: most of a person's requests see the same ones, and an
   * object each was ~64 bytes of every timeline entry. Facts are never changed once `apply` has seen them.
   */
  shared(facts: IdentityFacts): IdentityFacts {
    const last = this.last
    if (
      last !== undefined &&
      last.anyInactive === facts.anyInactive &&
      last.anyLive === facts.anyLive &&
      last.implicitReactivation === facts.implicitReactivation &&
      last.lastDeprovision === facts.lastDeprovision &&
      last.before === facts.before
    )
      return last
    this.last = facts
    return facts
  }

  /** Apply a request; `facts` (from `before`) learns whether it reactivated an identity implicitly. */
  apply(record: ScimRecord, uid: string | undefined, facts: IdentityFacts): void {
    if (!succeeded(record) || uid === undefined) return
    const states = this.states
    if (record.action === 'create') {
      states.set(uid, 'live')
    } else if (record.action === 'deactivate' || record.action === 'delete') {
      states.set(uid, 'inactive')
      this.lastDeprovision = record
    } else if (record.method === 'PATCH' && record.patch) {
      if (states.get(uid) === 'inactive' && record.patch.active !== true) facts.implicitReactivation = true
      states.set(uid, 'live')
      const renamed = record.patch.externUid?.toLowerCase()
      if (renamed !== undefined && renamed !== uid) {
        states.delete(uid)
        states.set(renamed, 'live')
      }
    } else if (record.method === 'GET' && record.scimId !== undefined && !states.has(uid)) {
      states.set(uid, 'live') // it answered, so it exists; its state is unknown, assume active
    }
  }
}

export function replay(records: readonly ScimRecord[], options: TimelineOptions = {}): ReplayResult {
  const identities = new Map<string, IdentityHistory>()
  const order: IdentityHistory[] = []
  const renames: ReplayResult['renames'] = []
  let attributes: Attributes = {}
  let current: IdentityHistory | undefined
  const timeline: TimelineEntry[] = []
  const ruleStates = new RuleStates()

  const identity = (uid: string): IdentityHistory => {
    const key = uid.toLowerCase()
    let found = identities.get(key)
    if (!found) {
      found = { externUid: uid, state: 'not-seen' }
      identities.set(key, found)
      order.push(found)
    }
    return found
  }

  for (let r = 0; r < records.length; r++) {
    const record = records[r] as ScimRecord
    const uid = concernedUid(record)
    const target = uid !== undefined ? identity(uid) : undefined
    const key = uid?.toLowerCase()
    const seen = ruleStates.before(key)
    ruleStates.apply(record, key, seen)
    const facts = ruleStates.shared(seen)
    let effect = ''
    let changed = false
    const ok = succeeded(record)

    if (!ok) {
      effect =
        record.status === null
          ? 'no response'
          : record.status === 404
            ? 'not found (404)'
            : `rejected (${record.status})`
      if (record.action === 'create' && target && target.state === 'not-seen') target.rejected = true
      for (const change of record.patch?.ignored ?? [])
        noteIgnored(attributes, { record, ...change, why: 'request-failed' })
    } else {
      switch (record.action) {
        case 'create': {
          if (!target) break
          target.rejected = false
          if (isLive(target.state)) {
            effect = 'existing identity returned, nothing changed'
            const proposed = attributesFromCreate(record)
            for (const name of ['name', 'email', 'username'] as const) {
              const now = attributes[name]
              const asked = proposed[name]
              if (now && asked && now.value !== asked.value) {
                now.ignored.push({
                  record,
                  attribute: asked.from,
                  value: asked.value,
                  why: 'existing-identity',
                })
              }
            }
          } else {
            const wasDeactivated = target.state === 'deactivated'
            target.state = wasDeactivated ? 'reactivated' : 'provisioned'
            target.createdBy ??= record
            changed = true
            const fresh = attributesFromCreate(record)
            if (attributes.username && current !== target) {
              // The account already existed: GitLab matched it by email and linked the new identity,
              // so the account keeps its username, name and email.
              for (const name of ['extern_uid', 'active'] as const) {
                const value = fresh[name]
                if (value) attributes[name] = value
              }
              effect = `${target.state}: new identity linked to the existing account`
            } else {
              attributes = { ...attributes, ...fresh }
              effect = target.state
            }
            current = target
          }
          break
        }
        case 'delete': {
          if (!target) break
          target.state = 'deleted'
          changed = true
          // The identity API's DELETE removes the SCIM identity itself; SCIM's DELETE deprovisions.
          effect =
            record.api === 'identity'
              ? 'SCIM identity removed (identity API): later requests for this id answer 404'
              : 'deleted: identity deactivated and membership removed'
          attributes.active = { value: false, setBy: record, from: 'DELETE', ignored: [] }
          current = target
          break
        }
        default: {
          const patch = record.patch
          if (record.method !== 'PATCH' || !patch || !target) {
            effect = record.method === 'GET' ? (record.scimId !== undefined ? 'read' : 'lookup') : ''
            break
          }
          current ??= target
          const effects: string[] = []
          if (patch.active === false) {
            target.state = 'deactivated'
            changed = true
            effects.push('deactivated')
            attributes.active = { value: false, setBy: record, from: 'PATCH active=false', ignored: [] }
            if (patch.externUid !== undefined) {
              noteIgnored(attributes, {
                record,
                attribute: 'externalId',
                value: patch.externUid,
                why: 'ignored-since-15.0',
              })
            }
          } else {
            let reprovisioned = false
            // The identity API's PATCH only updates extern_uid (`identity.update`): it reprovisions nothing.
            if (record.api !== 'identity' && (target.state === 'deactivated' || target.state === 'deleted')) {
              reprovisioned = true
              target.state = 'reactivated'
              changed = true
              effects.push(
                patch.active === true
                  ? 'reactivated'
                  : 'reactivated (any PATCH reactivates an inactive identity)',
              )
              attributes.active = { value: true, setBy: record, from: 'PATCH active=true', ignored: [] }
            } else if (target.state === 'not-seen') {
              target.state = 'provisioned' // it answered, so it existed before the log starts
            }
            if (patch.externUid !== undefined && reprovisioned) {
              // `update_scim_user` is an if/elsif chain (reference §3.3: deprovision, else reprovision, else
              // extern_uid): a PATCH that reprovisions does not also change the extern_uid.
              noteIgnored(attributes, {
                record,
                attribute: 'externalId',
                value: patch.externUid,
                why: 'ignored-since-15.0',
              })
              effects.push('externalId not applied (this request reprovisioned the identity)')
            } else if (
              patch.externUid !== undefined &&
              patch.externUid.toLowerCase() !== target.externUid.toLowerCase()
            ) {
              const renamed = identity(patch.externUid)
              renamed.state = target.state
              renamed.renamedFrom = target.externUid
              target.renamedTo = renamed.externUid
              renames.push({ from: target.externUid, to: renamed.externUid, record })
              attributes.extern_uid = {
                value: renamed.externUid,
                setBy: record,
                from: record.api === 'identity' ? 'identity API extern_uid' : 'PATCH externalId',
                ignored: [],
              }
              effects.push(`extern_uid → ${renamed.externUid}`)
              changed = true
              current = renamed
            }
          }
          for (const change of patch.ignored) {
            const applied = options.patchAppliesAttributes
              ? applyChange(attributes, record, change)
              : undefined
            if (applied !== undefined) {
              effects.push(applied)
              changed = true
              continue
            }
            noteIgnored(attributes, { record, ...change, why: 'ignored-since-15.0' })
            effects.push(`ignored ${change.attribute}`)
          }
          for (const change of patch.droppedKeys) {
            noteIgnored(attributes, { record, ...change, why: 'first-key-only' })
            effects.push(`dropped ${change.attribute} (first key only)`)
          }
          effect = effects.join('; ') || 'no change'
        }
      }
    }
    timeline.push({
      record,
      state: current?.state ?? 'not-seen',
      changed,
      effect,
      facts,
      ...(uid !== undefined ? { externUid: uid } : {}),
    })
  }
  return { identities: order, renames, attributes, timeline, state: current?.state ?? 'not-seen' }
}
