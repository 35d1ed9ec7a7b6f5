/**
 * `user-already-taken`: 409 on create. GitLab matched the account by email and it already has a SCIM
 * identity in the group under another extern_uid (reference §3.5): usually the identity provider's id for
 * the person changed, or two identity-provider users share one email.
 */
import { encodeSegment } from '../../common/uri.js'
import type { ScimRecord } from '../../records/types.js'
import { gitlabEmail } from '../../records/types.js'
import { gitlabName } from '../../timelines/attributes.js'
import { DOCS, GITLAB_TEXT } from '../docs.js'
import {
  heldUidAfter,
  laterSuccess,
  personFailureRuns,
  provesIdentity,
  recordsOf,
  requestedUid,
  uidOf,
} from '../facts/failure-runs.js'
import { makeFinding, rank } from '../findings.js'
import { goneStep } from '../id-history.js'
import type { CandidateCause, Finding, PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { apiGroup, lookupCall, scimUserPath } from '../wording/api-calls.js'
import { idpLogHint, retryHint } from '../wording/idp-hints.js'
import { idKind, label, when } from '../wording/phrases.js'

export const userAlreadyTaken: PersonRule = {
  id: 'user-already-taken',
  kind: 'person',
  versions: ALL_VERSIONS,
  check(person, context) {
    const records = recordsOf(person)
    const runs = personFailureRuns(
      person,
      context.timelines,
      (r) => r.action === 'create' && r.status === 409,
    )
    const findings: Finding[] = []
    for (const failures of runs) {
      const first = failures[0] as ScimRecord
      const last = failures[failures.length - 1] as ScimRecord
      const asked = requestedUid(first)
      const askedKey = asked?.toLowerCase()
      // The identity GitLab most likely holds: the latest other id that GitLab answered for before this.
      const earlier = records.filter(
        (r) => r.timeMs <= first.timeMs && provesIdentity(r) && heldUidAfter(r)?.toLowerCase() !== askedKey,
      )
      const held = earlier[earlier.length - 1]
      const heldUid = held ? heldUidAfter(held) : undefined
      const heldCreate = earlier.filter((r) => r.action === 'create').pop()
      const context_: ScimRecord[] = held
        ? [held, ...(heldCreate && heldCreate !== held ? [heldCreate] : [])]
        : []
      const who = label(person)
      const group = person.scope

      const sameEmail =
        heldCreate && gitlabEmail(heldCreate.body)?.toLowerCase() === gitlabEmail(first.body)?.toLowerCase()
      const nameThen = heldCreate ? gitlabName(heldCreate.body)?.value : undefined
      const nameNow = gitlabName(first.body)?.value
      const differentPeople =
        nameThen !== undefined && nameNow !== undefined && nameThen.toLowerCase() !== nameNow.toLowerCase()

      const candidates: CandidateCause[] = [
        {
          cause:
            'the identity provider now sends a different id for a person GitLab already holds under another extern_uid',
          rule: 'user-already-taken',
          likelihood: heldUid ? (differentPeople ? 0.5 : 0.9) : 0.7,
          for: heldUid
            ? [
                `GitLab answered for ${heldUid} earlier (${held?.method} ${when(held?.time ?? '')}); the create asks for ${asked ?? '(no id)'}`,
                ...(heldUid && asked ? [`old id is ${idKind(heldUid)}, new id is ${idKind(asked)}`] : []),
              ]
            : ['409 on create almost always means "User has already been taken"'],
          against: heldUid ? [] : ['the earlier identity is not in this log'],
          check: `${lookupCall(group, person.scopeKind, first.body.userName ?? who)} returns the extern_uid GitLab holds`,
        },
      ]
      if (heldCreate && sameEmail) {
        candidates.push({
          cause: 'two different users in the identity provider share this email',
          likelihood: differentPeople ? 0.45 : 0.1,
          for: differentPeople ? [`the earlier create was for "${nameThen}", this one for "${nameNow}"`] : [],
          against: differentPeople ? [] : ['same name in both creates'],
          check: 'compare the two users in the identity provider; GitLab keys the account on the email',
        })
      }
      const { ranked, confident } = rank(candidates)
      const resolved = laterSuccess(records, last, (r) => r.action === 'create' && uidOf(r) === askedKey)
      const title = heldUid
        ? `Create rejected (409 User has already been taken): ${who} already has an identity under ${heldUid}`
        : `Create rejected (409 User has already been taken): ${who} already has an identity under another id`
      const remedy = resolved
        ? [`Nothing to do: the create succeeded at ${when(resolved.time)}.`]
        : [
            `Decide which id is right: it must equal the SAML NameId the identity provider sends at sign-in for ${who}.`,
            (heldUid &&
              goneStep(
                records,
                heldUid,
                0,
                lookupCall(group, person.scopeKind, first.body.userName ?? who),
              )) ||
              (heldUid && asked
                ? `If ${asked} is right, move the stored identity to it: PATCH ${apiGroup(group)}/scim/${encodeSegment(heldUid)} with extern_uid=${asked} (personal access token of a group Owner), or PATCH ${scimUserPath(group, person.scopeKind, heldUid)} with {"Operations":[{"op":"replace","path":"externalId","value":"${asked}"}]}.`
                : `Find the stored id with ${lookupCall(group, person.scopeKind, first.body.userName ?? who)}, then PATCH ${apiGroup(group)}/scim/<stored id> with extern_uid=${asked ?? '<new id>'}.`),
            heldUid
              ? `If ${heldUid} is right, make the identity provider send it again (the user was re-created in the identity provider, or the externalId mapping changed): restore the original user or revert the mapping.`
              : 'If the stored id is right, make the identity provider send it (revert the externalId mapping, or restore the original user).',
            retryHint(first.idp),
          ]
      findings.push(
        makeFinding({
          rule: 'user-already-taken',
          severity: resolved ? 'info' : 'error',
          title: resolved ? `${title} (resolved ${when(resolved.time)})` : title,
          why:
            `GitLab matched the account by email (or username) and it already has a SCIM identity in ${group}${heldUid ? ` under ${heldUid}` : ' under another extern_uid'}; a user can hold only one, so saving the new identity fails. This happens when the identity provider's id for the person changed (new app, new mapping, user re-created) or when two users share an email.` +
            (confident ? '' : ' The log alone cannot tell these apart; see candidates.'),
          docs: DOCS.alreadyTaken,
          remedy,
          confirm: [
            idpLogHint(first.idp, 'create', who, GITLAB_TEXT.taken),
            heldUid
              ? `GET ${scimUserPath(group, person.scopeKind, heldUid)} returns the existing identity; GET ${apiGroup(group)}/scim/identities lists ${heldUid} for the user.`
              : `${lookupCall(group, person.scopeKind, first.body.userName ?? who)} shows the id GitLab holds.`,
          ],
          person,
          failures,
          context: [...context_, ...(resolved ? [resolved] : [])],
          candidates: ranked,
          errorText: GITLAB_TEXT.saving(GITLAB_TEXT.taken),
          ...(resolved ? { resolvedAt: resolved.time } : {}),
        }),
      )
    }
    return findings
  },
}
