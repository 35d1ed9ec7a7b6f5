/**
 * `server-error` (beyond the minimum set): GitLab answered 5xx. Not a SCIM validation error: nothing was
 * changed and the identity provider retries (Entra after about 40 minutes).
 */
import { transientRule } from '../transient.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const serverError = transientRule({
  id: 'server-error',
  versions: ALL_VERSIONS,
  select: (r) => r.status !== null && r.status >= 500,
  what: (r) => `failed with ${r.status} (GitLab server error)`,
  why: 'A 5xx is GitLab failing to process the request, not a SCIM validation; the change was not made, and identity providers retry such failures (Entra after about 40 minutes).',
  extraRemedy:
    'If it persists across retries, open a GitLab support ticket with the correlation_id and time.',
  entraCode: 'InternalServerError (or Timeout)',
})
