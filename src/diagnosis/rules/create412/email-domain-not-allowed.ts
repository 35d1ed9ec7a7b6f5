/**
 * `email-domain-not-allowed`: 412 on create whose most likely cause is the group's email-domain restriction: the domain is outside
 * `--allowed-domains`, or (without it) unlike every domain provisioned successfully in the same group.
 * Shares the ranking of 412 causes with the other two 412 rules (`analysis.ts`), and words the runs whose top cause is its own.
 */
import { DOCS } from '../../docs.js'
import type { PersonRule } from '../../types.js'
import { ALL_VERSIONS } from '../../versions/gitlab.js'
import { create412Rule } from './analysis.js'

export const emailDomainNotAllowed: PersonRule = create412Rule(
  'email-domain-not-allowed',
  {
    title(analysis) {
      return `email domain ${analysis.domain} is not allowed for the group`
    },
    why(analysis) {
      return `The group restricts membership by email domain and ${analysis.domain} is not allowed, so GitLab refuses the membership. For a new user the account is created anyway and only the membership fails, so every retry returns 412 again.`
    },
    remedy(analysis, retry) {
      const group = analysis.person.scope
      return [
        `Add ${analysis.domain} to group ${group}: Settings → General → Permissions and group features → "Restrict membership by email domain" (or remove all domains to turn the restriction off).`,
        `Or make the identity provider send a work email in an allowed domain (emails[type eq "work"].value) for ${analysis.email}.`,
        retry,
      ]
    },
    docs: () => DOCS.domainNotAllowed,
  },
  ALL_VERSIONS,
)
