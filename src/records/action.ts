import type { Action, PatchEffect, Resource, ScimBody } from './types.js'

/**
 * What a request represents in GitLab, from the request alone (reference §3). A PATCH with
 * `active: false` deprovisions whatever else it carries, so it wins; an extern_uid change comes next.
 */
export function classifyAction(
  method: string,
  resource: Resource,
  scimId: string | undefined,
  body: ScimBody,
  patch: PatchEffect | undefined,
): Action {
  if (resource !== 'Users') return 'other'
  switch (method) {
    case 'GET':
      return scimId !== undefined || body.filter !== undefined ? 'lookup' : 'list'
    case 'POST':
      return scimId === undefined ? 'create' : 'other'
    case 'DELETE':
      return scimId !== undefined ? 'delete' : 'other'
    case 'PATCH': {
      if (!patch || scimId === undefined) return 'other'
      if (patch.active === false) return 'deactivate'
      if (patch.externUid !== undefined) return 'change-extern-uid'
      if (patch.active === true) return 'reactivate'
      if (patch.ignored.length > 0 || patch.droppedKeys.length > 0) return 'ignored-update'
      return 'other'
    }
    default:
      return 'other'
  }
}
