/**
 * `email-domain-not-allowed`: 412 on create whose most likely cause is the group's email-domain restriction: the domain is outside
 * `--allowed-domains`, or (without it) unlike every domain provisioned successfully in the same group.
 * Shares the ranking of 412 causes with the other two 412 rules (see ../create412.ts).
 */
import { create412Rule } from '../create412.js'
import type { PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const emailDomainNotAllowed: PersonRule = create412Rule('email-domain-not-allowed', ALL_VERSIONS)
