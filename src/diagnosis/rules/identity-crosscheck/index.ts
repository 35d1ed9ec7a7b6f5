/**
 * The identity cross-checks: the log compared with GitLab's identity APIs, as the troubleshooting guide asks
 * admins to do by hand (`cross-check.ts`). Fed by `DiagnosisOptions.identities` (`--scim-identities`,
 * `--saml-identities`); without them the family finds nothing.
 */
import type { ExternalRule } from '../../types.js'
import { crossCheck } from './cross-check.js'

export const IDENTITY_RULE_IDS = [
  'identity-mismatch',
  'identity-missing-in-gitlab',
  'identity-state-mismatch',
  'saml-identity-missing',
] as const

export const identityCrossCheck: ExternalRule = {
  id: 'identity-crosscheck',
  kind: 'external',
  ids: IDENTITY_RULE_IDS,
  check(timelines, context) {
    const identities = context.options.identities
    if (!identities || (!identities.scim && !identities.saml)) return []
    return crossCheck(timelines, identities.scim, identities.saml)
  },
}
