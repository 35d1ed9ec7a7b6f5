/**
 * `inactive-or-unlinked-identity`: 412 on create after this person was deactivated or deleted (their SCIM identity is inactive), or for an
 * email with no earlier provisioning (an existing GitLab account that is not linked to the group's SAML).
 * Shares the ranking of 412 causes with the other two 412 rules (see ../create412.ts).
 */
import { create412Rule } from '../create412.js'
import type { PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const inactiveOrUnlinkedIdentity: PersonRule = create412Rule(
  'inactive-or-unlinked-identity',
  ALL_VERSIONS,
)
