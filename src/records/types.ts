/**
 * The normalised SCIM request: one per log line or document that was a SCIM request.
 * Everything later in the pipeline (timelines, diagnosis, views) reads only these.
 */
import type { Origin } from '../sources/types.js'
import type { EvidenceStrength, Provider } from './clients.js'

export type IdentityProvider = 'okta' | 'entra' | 'other'

/** How the identity provider was recognised: its user agent, the request's shape, or other requests with the same user agent. */
export type IdpEvidence = 'user-agent' | 'shape' | 'inferred' | 'none'

export type Resource = 'Users' | 'Groups' | 'other'

/**
 * What the request represents inside GitLab (reference §3), decided from the request alone.
 * The effect on a person also depends on status and history; timelines work that out.
 */
export type Action =
  | 'lookup' // GET with a filter, or GET of one user by id
  | 'list' // GET of the collection without a filter
  | 'create' // POST /Users
  | 'deactivate' // PATCH active=false
  | 'reactivate' // PATCH active=true
  | 'change-extern-uid' // PATCH of externalId or id
  | 'ignored-update' // PATCH of attributes GitLab ignores (name, emails, userName, …)
  | 'delete' // DELETE /Users/:id
  | 'other'

export const ACTIONS: readonly Action[] = [
  'lookup',
  'list',
  'create',
  'deactivate',
  'reactivate',
  'change-extern-uid',
  'ignored-update',
  'delete',
  'other',
]

export interface ScimEmail {
  value: string
  type?: string
  primary?: boolean
}

export interface ScimName {
  formatted?: string
  givenName?: string
  familyName?: string
}

/** A SCIM filter such as `userName eq "jane"`, split the way GitLab splits it. */
export interface ScimFilter {
  raw: string
  attribute: string
  operator: string
  value: string
  /** GitLab only supports `id`, `externalId` and `userName` with `eq` (reference §3.1). */
  supported: boolean
}

export interface PatchOperation {
  /** The op as sent (`Replace`, `replace`, `Add`, …). */
  op: string
  path?: string
  value: unknown
}

/** An attribute change a PATCH asks for, as GitLab interprets it. */
export interface AttributeChange {
  /** SCIM attribute as sent (`name.formatted`, `emails[type eq "work"].value`, `displayName`, …). */
  attribute: string
  value: unknown
}

/** What GitLab makes of a PATCH body (reference §3.1 `process_operations` and §3.3). */
export interface PatchEffect {
  /** `active` after GitLab's value parsing (`"False"` → false). */
  active?: boolean
  /** New extern_uid from a `id` or `externalId` op. */
  externUid?: string
  /** Changes GitLab accepts but does not apply (since 15.0: name, emails, userName, …). */
  ignored: AttributeChange[]
  /** Keys of path-less op values that GitLab drops because it reads only the first key. */
  droppedKeys: AttributeChange[]
  /** Ops GitLab skips entirely (anything but replace/add). */
  skippedOps: PatchOperation[]
}

/** The decoded SCIM body (params), bounded and with credentials masked. */
export interface ScimBody {
  externalId?: string
  /** A POST may carry `id`; GitLab maps it to extern_uid like externalId. */
  id?: string
  userName?: string
  emails: ScimEmail[]
  name?: ScimName
  displayName?: string
  active?: boolean
  schemas: string[]
  operations: PatchOperation[]
  filter?: ScimFilter
  /** Other params, bounded in size, for display. */
  extra: Record<string, unknown>
}

export interface ScimRecord {
  /** ISO-8601 UTC time as logged: when the request ended. */
  time: string
  /** `time` in epoch milliseconds (NaN-free: records without a usable time are skipped). */
  timeMs: number
  method: string
  path: string
  /** The top-level group path, or `application` for instance-level SCIM. */
  scope: string
  scopeKind: 'group' | 'instance'
  resource: Resource
  /** The id in the path (`/Users/:id`): the extern_uid GitLab looks up. */
  scimId?: string
  /** HTTP status; `null` when the log has none (GitLab logs `"fail"` without a response). */
  status: number | null
  durationS?: number
  /** Which timing fields the line had: `duration_s` (seconds) or the older `duration` (milliseconds); a GitLab version clue. */
  timingFields?: 'seconds' | 'milliseconds'
  userAgent?: string
  idp: IdentityProvider
  idpEvidence: IdpEvidence
  /** The client named as precisely as the evidence allows (OneLogin, JumpCloud, `manual`, …): records/clients.ts. */
  provider: Provider
  /** `strong` when the user agent names the client; `weak` for a generic agent or the request's shape. */
  idpStrength: EvidenceStrength
  /** `identity`: GitLab's SCIM identity API (`/api/v4/groups/:id/scim/:uid`, records/identity-api.ts), not SCIM. */
  api: 'scim' | 'identity'
  remoteIp?: string
  correlationId?: string
  body: ScimBody
  /** For PATCH: what GitLab makes of the operations. */
  patch?: PatchEffect
  action: Action
  origin: Origin
  /** GitLab dropped params past 10 KB and appended the `truncated` sentinel. */
  paramsTruncated: boolean
  /** Param keys whose values GitLab (or scimtrace) masked. */
  filteredKeys: string[]
}

/** True when GitLab accepted the request (2xx). */
export function succeeded(record: ScimRecord): boolean {
  return record.status !== null && record.status >= 200 && record.status < 300
}

/** The work or primary email, the one GitLab uses (reference §3.1 POST). */
export function gitlabEmail(body: ScimBody): string | undefined {
  // `email[:type] == 'work' || email[:primary]` (params_parser.rb): the type is compared exactly.
  return body.emails.find((e) => e.type === 'work' || e.primary === true)?.value
}

/** The extern_uid a POST asks for (`externalId`, else `id`). */
export function requestedExternUid(body: ScimBody): string | undefined {
  return body.externalId ?? body.id
}
