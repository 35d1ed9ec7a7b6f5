/**
 * GitLab's SCIM identity API (issue #13 §5): `GET|PATCH|DELETE /api/v4/groups/:id/scim/:uid` and
 * `GET /api/v4/groups/:id/scim/identities`, used by group owners to read, correct (`extern_uid=…`) or
 * remove a SCIM identity. Introduced in GitLab 15.5 for GitLab.com groups (gitlabhq/gitlabhq
 * doc/api/scim.md, "Introduced in GitLab 15.5", MR 98354). Its lines are in the same api_json.log as the
 * SCIM requests, and a PATCH of `extern_uid` there renames the identity just as an IdP PATCH of externalId.
 * (No instance-level equivalent is modelled: the documented identity API is for groups.)
 */
import { decodeSegment } from './path.js'
import type { PatchEffect } from './types.js'

export interface IdentityApiPath {
  scope: string
  /** `undefined` for the `identities` list. */
  uid?: string
}

const IDENTITY_API = /^\/api\/v4\/groups\/([^/]+)\/scim\/([^/]+)\/?$/

/** Text every identity API path holds, for the readers' cheap path test. */
export const IDENTITY_API_MARK = '/scim/'

/**
 * The group and identity a path names. `:id` is a group id or its URL-encoded full path; the SCIM scope is
 * the top-level group, so a path's first segment, or `meta.root_namespace` when the line has it (a numeric
 * id alone does not say which group: `id:<n>`).
 */
export function parseIdentityApiPath(path: string, rootNamespace: unknown): IdentityApiPath | undefined {
  const match = IDENTITY_API.exec(path)
  if (!match) return undefined
  const group = decodeSegment(match[1] as string)
  const scope =
    typeof rootNamespace === 'string' && rootNamespace !== ''
      ? rootNamespace
      : /^\d+$/.test(group)
        ? `id:${group}`
        : (group.split('/')[0] as string)
  const last = decodeSegment(match[2] as string)
  return last === 'identities' ? { scope } : { scope, uid: last }
}

/** A PATCH's effect: only `extern_uid` (form or JSON param) is read by the identity API. */
export function identityPatch(values: Record<string, unknown>): PatchEffect {
  const externUid = values.extern_uid
  return {
    ...(typeof externUid === 'string' && externUid !== '' ? { externUid } : {}),
    ignored: [],
    droppedKeys: [],
    skippedOps: [],
  }
}
