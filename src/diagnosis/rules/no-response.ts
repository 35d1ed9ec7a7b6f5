/**
 * `no-response` (beyond the minimum set): GitLab logged the request with status "fail": it ended without
 * a response (timeout or client disconnect). The identity provider saw a timeout; whether the change was
 * applied is unknown until a later request shows it.
 */
import { transientRule } from '../transient.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const noResponse = transientRule({
  id: 'no-response',
  versions: ALL_VERSIONS,
  select: (r) => r.status === null,
  what: () => 'ended without a response',
  why: 'GitLab logged the request with status "fail": it ended without a response (a timeout or the client disconnected), so the identity provider saw an error and will retry; whether the change was applied is unknown.',
  extraRemedy: 'Check the state with a GET of the user before retrying by hand.',
  entraCode: 'Timeout (or WebExceptionProtocolError)',
})
