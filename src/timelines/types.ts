/**
 * People and their provisioning timelines, rebuilt from records.
 */

import type { IdentityProvider, ScimRecord } from '../records/types.js'
import type { ClientSummary } from './clients.js'

/** Lifecycle of a SCIM identity in a group (a failed request leaves it as it was). */
export type IdentityState = 'not-seen' | 'provisioned' | 'deactivated' | 'reactivated' | 'deleted'

export const IDENTITY_STATES: readonly IdentityState[] = [
  'not-seen',
  'provisioned',
  'deactivated',
  'reactivated',
  'deleted',
]

/** The attributes GitLab holds for a provisioned account (reference §6). */
export type AttributeName = 'username' | 'name' | 'email' | 'extern_uid' | 'active'

export const ATTRIBUTE_NAMES: readonly AttributeName[] = ['username', 'name', 'email', 'extern_uid', 'active']

/** A later request that tried to change an attribute but GitLab ignored or rejected the change. */
/** How to replay requests: the GitLab behaviour of the log's version (the engine sets it from the era). */
export interface TimelineOptions {
  /**
   * GitLab before 15.0: a successful PATCH changed name, email and username (`Users::UpdateService` in
   * ee/lib/api/scim.rb of the time), so those changes are applied instead of noted as ignored.
   */
  patchAppliesAttributes?: boolean
}

export interface IgnoredChange {
  record: ScimRecord
  /** The value the request asked for. */
  value: unknown
  /** The SCIM attribute as sent. */
  attribute: string
  why: 'ignored-since-15.0' | 'first-key-only' | 'request-failed' | 'existing-identity'
}

export interface AttributeProvenance {
  value: string | boolean
  /** The request that gave the account this value. */
  setBy: ScimRecord
  /** Where in the request the value came from, e.g. `userName (cleaned)`. */
  from: string
  /** Later requests that tried to change it without effect. */
  ignored: IgnoredChange[]
}

export type Attributes = Partial<Record<AttributeName, AttributeProvenance>>

/** One SCIM identity (extern_uid) a person has had in the group. */
export interface IdentityHistory {
  externUid: string
  state: IdentityState
  /** The request that created it, if seen. */
  createdBy?: ScimRecord
  /** Renamed to another extern_uid by a PATCH (the identity lives on under the new id). */
  renamedTo?: string
  renamedFrom?: string
  /** The last create for this id was rejected (and it never existed in the log). */
  rejected?: boolean
}

export interface TimelineEntry {
  record: ScimRecord
  /** The person's state after this request. */
  state: IdentityState
  /** Whether the request changed the person's state or attributes. */
  changed: boolean
  /** Short description of what GitLab did, e.g. `provisioned`, `ignored: name.formatted`. */
  effect: string
  /** The extern_uid the request concerns, if any. */
  externUid?: string
}

export interface Person {
  /** Unique key within one run: `<scope>/<first id>`, `#2`, `#3`… when people share it; `timeline`/`explain` accept it. */
  key: string
  scope: string
  scopeKind: 'group' | 'instance'
  /** Every extern_uid seen for this person, in order of first appearance. */
  externUids: string[]
  /** Renames (PATCH of externalId/id), in time order. */
  renames: { from: string; to: string; record: ScimRecord }[]
  userNames: string[]
  emails: string[]
  displayName?: string
  idps: IdentityProvider[]
  /** Each distinct client of the person's requests, named as precisely as the evidence allows. */
  clients: ClientSummary[]
  identities: IdentityHistory[]
  /** The state of the account's current identity. */
  state: IdentityState
  attributes: Attributes
  timeline: TimelineEntry[]
  requests: number
  failures: number
  firstSeen: string
  lastSeen: string
  lastStatus: number | null
}

/** Requests that concern no person: `/Groups`, lists without filters, requests on unknown resources. */
export interface ScopeActivity {
  scope: string
  scopeKind: 'group' | 'instance'
  records: ScimRecord[]
}

export interface Timelines {
  people: Person[]
  /** Per scope, the records not tied to any person. */
  unattributed: ScopeActivity[]
  /** All records in time order (shared, not copied). */
  records: ScimRecord[]
  /** Lookups in the pattern of a connection test, kept out of `people` (timelines/probes.ts). */
  probes?: ScimRecord[]
}
