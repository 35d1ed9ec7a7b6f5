/**
 * Reading a SCIM request path: `/api/scim/v2/groups/<group>/Users[/<id>]` (group SCIM, GitLab.com) or
 * `/api/scim/v2/application/Users[/<id>]` (instance SCIM, self-managed); reference §2.
 */
import type { Resource } from './types.js'

export interface ScimPath {
  scope: string
  scopeKind: 'group' | 'instance'
  resource: Resource
  scimId?: string
}

/** Text every SCIM path holds (`SCIM_PATH` requires it), for cheap tests before any parsing. */
export const SCIM_PATH_MARK = '/scim/v'

const SCIM_PATH = /^(?:\/api)?\/scim\/v\d+\/(?:groups\/([^/]+)|(application))(?:\/([^/]*)(?:\/(.+?))?)?\/?$/

/** A path segment percent-decoded; left as it is when it does not decode (a log value is untrusted). */
export function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function parseScimPath(path: string): ScimPath | undefined {
  const match = SCIM_PATH.exec(path)
  if (!match) return undefined
  // Indexed rather than destructured: destructuring runs the iterator protocol, costly in unoptimised code.
  const group = match[1]
  const application = match[2]
  const resourceSegment = match[3]
  const id = match[4]
  const segment = resourceSegment?.toLowerCase()
  const resource: Resource = segment === 'users' ? 'Users' : segment === 'groups' ? 'Groups' : 'other'
  const parsed: ScimPath = {
    scope: group !== undefined ? decodeSegment(group) : (application ?? 'application'),
    scopeKind: group !== undefined ? 'group' : 'instance',
    resource,
  }
  if (id !== undefined && id !== '') parsed.scimId = decodeSegment(id)
  return parsed
}
