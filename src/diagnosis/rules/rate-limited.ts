/**
 * `rate-limited` (beyond the minimum set): GitLab answered 429 Too Many Requests; the identity provider
 * backs off and retries.
 */
import { transientRule } from '../transient.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const rateLimited = transientRule({
  id: 'rate-limited',
  versions: ALL_VERSIONS,
  select: (r) => r.status === 429,
  what: () => 'was rate limited (429)',
  why: 'GitLab rejected the request because the client sent too many requests in a short time; nothing was changed and the identity provider retries later.',
  extraRemedy:
    'Spread large imports or provisioning cycles over time; on self-managed, review the rate limits under Admin → Settings → Network.',
  entraCode: 'TooManyRequests',
})
