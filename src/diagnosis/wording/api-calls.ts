/**
 * GitLab API calls written as an administrator would type them, for remedies and confirmations.
 */
import { encodeSegment } from '../../common/uri.js'

export function scimBase(scope: string, scopeKind: 'group' | 'instance'): string {
  return scopeKind === 'instance' ? '/api/scim/v2/application' : `/api/scim/v2/groups/${scope}`
}

export function scimUserPath(scope: string, scopeKind: 'group' | 'instance', uid: string): string {
  return `${scimBase(scope, scopeKind)}/Users/${encodeSegment(uid)}`
}

/** The public REST API path of a group (`:id` accepts the URL-encoded path). */
export function apiGroup(scope: string): string {
  return `/api/v4/groups/${encodeSegment(scope)}`
}

/** `GET …/Users?filter=userName eq "…"` written as an admin would type it. */
export function lookupCall(scope: string, scopeKind: 'group' | 'instance', userName: string): string {
  return `GET ${scimBase(scope, scopeKind)}/Users?filter=${encodeSegment(`userName eq "${userName}"`)}`
}

export function patchActiveCall(scope: string, scopeKind: 'group' | 'instance', uid: string): string {
  return `PATCH ${scimUserPath(scope, scopeKind, uid)} with {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":true}]} (SCIM token as Bearer; expect 204)`
}
