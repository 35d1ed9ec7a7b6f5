/**
 * `inactive-or-unlinked-identity`: 412 on create after this person was deactivated or deleted (their SCIM identity is inactive), or for an
 * email with no earlier provisioning (an existing GitLab account that is not linked to the group's SAML).
 * Shares the ranking of 412 causes with the other two 412 rules (`analysis.ts`), and words the runs whose top cause is its own.
 */

import { encodeSegment } from '../../../common/uri.js'
import { requestedExternUid, type ScimRecord } from '../../../records/types.js'
import { DOCS, SAML_KEPT_SINCE_MS } from '../../docs.js'
import { recordsOf } from '../../facts/failure-runs.js'
import { goneStep } from '../../id-history.js'
import type { PersonRule } from '../../types.js'
import { ALL_VERSIONS } from '../../versions/gitlab.js'
import { apiGroup, lookupCall, patchActiveCall } from '../../wording/api-calls.js'
import { when } from '../../wording/phrases.js'
import { create412Rule } from './analysis.js'

export const inactiveOrUnlinkedIdentity: PersonRule = create412Rule(
  'inactive-or-unlinked-identity',
  {
    title(analysis) {
      switch (analysis.top.id) {
        case 'inactive':
          return analysis.deprovision
            ? `the SCIM identity is inactive since ${when(analysis.deprovision.time)}`
            : 'the SCIM identity is inactive'
        case 'not-linked':
          return `an existing account for ${analysis.email ?? 'this email'} is not linked to SAML`
        default: // 'other'
          return 'another membership check failed'
      }
    },
    why(analysis) {
      const { person } = analysis
      switch (analysis.top.id) {
        case 'inactive':
          return `GitLab matched the existing account by email; its SCIM identity in ${person.scope} was deprovisioned and is inactive, and with SSO enforcement GitLab refuses a member whose SCIM identity is inactive. A new create never reactivates it: only a PATCH of active=true on the original id does.`
        case 'not-linked':
          return 'GitLab matched an existing GitLab account by email; with SSO enforcement it only adds an account that has a SAML identity linked to the group (or an active SCIM identity), and nothing in the log shows this account was ever provisioned here.'
        default: // 'other'
          return 'GitLab refused the membership for a reason the log cannot show.'
      }
    },
    remedy(analysis, retry) {
      const { person } = analysis
      const first = analysis.failures[0] as ScimRecord
      const idp = (analysis.failures[0] as ScimRecord).idp
      const group = analysis.person.scope
      switch (analysis.top.id) {
        case 'inactive': {
          const old = analysis.deprovision?.scimId
          const asked = requestedExternUid(first.body)
          const steps = [
            idp === 'okta'
              ? `Reactivate instead of re-creating: reassign the original Okta app user, so Okta sends PATCH active=true for ${old ?? 'the original id'}.`
              : idp === 'entra'
                ? `Reactivate instead of re-creating: restore the user (or put them back in scope) in Entra so Entra sends active "True" for ${old ?? 'the original id'}.`
                : `Reactivate the original identity ${old ?? ''} instead of creating a new one.`,
          ]
          const gone = old
            ? goneStep(
                recordsOf(person),
                old,
                analysis.deprovision?.timeMs ?? 0,
                lookupCall(group, person.scopeKind, first.body.userName ?? analysis.email ?? '<userName>'),
              )
            : undefined
          if (gone) steps.push(gone)
          else if (old) steps.push(`Or by hand: ${patchActiveCall(group, person.scopeKind, old)}.`)
          if (!gone && old && asked && asked.toLowerCase() !== old.toLowerCase())
            steps.push(
              `The create used a new id (${asked}); after reactivating, point the stored identity at it: PATCH ${apiGroup(group)}/scim/${encodeSegment(old)} with extern_uid=${asked}, and make sure the SAML NameId is the same value.`,
            )
          if (
            analysis.deprovision &&
            analysis.deprovision.timeMs < SAML_KEPT_SINCE_MS &&
            person.scopeKind === 'group'
          )
            steps.push(
              `The deprovision predates 2023-08-11, so GitLab destroyed the SAML identity as well: the user must link SAML to their existing account (sign in to GitLab, then open https://gitlab.com/groups/${group}/-/saml/sso).`,
            )
          return steps
        }
        case 'not-linked':
          return [
            `Have the user link SAML to their existing GitLab.com account: sign in to GitLab, then open https://gitlab.com/groups/${group}/-/saml/sso and authorize the link.`,
            `${retry} If the create then returns 201, GitLab linked the SCIM identity to the existing account.`,
            `If it still fails, the account probably has an inactive SCIM identity: ${lookupCall(group, person.scopeKind, first.body.userName ?? analysis.email ?? '<userName>')} shows "active": false, and PATCH active=true on that id fixes it.`,
          ]
        default: // 'other'
          return [
            `Read the identity provider's error for this request; if it says "not verified", have the user confirm ${analysis.email ?? 'their email'}; if it names a member limit, free a seat.`,
          ]
      }
    },
    docs(analysis) {
      switch (analysis.top.id) {
        case 'inactive':
          return analysis.deprovision ? DOCS.reAdded : DOCS.notLinked
        case 'not-linked':
          return DOCS.notLinked
        default: // 'other'
          return DOCS.notLinked
      }
    },
  },
  ALL_VERSIONS,
)
