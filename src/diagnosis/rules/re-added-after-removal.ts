/**
 * `re-added-after-removal`: a person deprovisioned (PATCH active=false or DELETE) and later created again
 * ("User cannot be added after they are removed"). Removal keeps the account; what happens to the SAML
 * identity depends on the date: from 2023-08-11 GitLab.com keeps it (re-adding reactivates the SCIM
 * identity and SSO works), before that it was destroyed and the user must link SAML again. A reactivation
 * (PATCH active=true) after a removal before 2023-08-11 needs the same relink.
 */
import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import { DOCS, GITLAB_TEXT, SAML_KEPT_SINCE_MS } from '../docs.js'
import { recordsOf } from '../facts/failure-runs.js'
import { personFailure } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import { getIdStep, goneStep } from '../id-history.js'
import type { Finding, PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { lookupCall, patchActiveCall, scimUserPath } from '../wording/api-calls.js'
import { idpLogHint } from '../wording/idp-hints.js'
import { label, when } from '../wording/phrases.js'

interface Episode {
  removal: ScimRecord
  creates: ScimRecord[]
  reactivation?: ScimRecord
}

export const reAddedAfterRemoval: PersonRule = {
  id: 're-added-after-removal',
  kind: 'person',
  versions: ALL_VERSIONS,
  check(person, context) {
    const episodes = new Map<ScimRecord, Episode>()
    for (const { record, facts } of person.timeline) {
      const removal = facts.lastDeprovision
      if (!removal || !facts.anyInactive) continue
      const episodeFor = (): Episode => {
        let found = episodes.get(removal)
        if (!found) {
          found = { removal, creates: [] }
          episodes.set(removal, found)
        }
        return found
      }
      if (record.action === 'create') {
        if (!succeeded(record) && !personFailure(record, context.timelines)) continue
        episodeFor().creates.push(record)
      } else if (
        record.method === 'PATCH' &&
        succeeded(record) &&
        facts.before === 'inactive' &&
        record.patch?.active !== false
      ) {
        const episode = episodeFor()
        episode.reactivation ??= record
      }
    }
    const findings: Finding[] = []
    const group = person.scope
    const who = label(person)
    for (const episode of episodes.values()) {
      const { removal, creates, reactivation } = episode
      const samlDestroyed = person.scopeKind === 'group' && removal.timeMs < SAML_KEPT_SINCE_MS
      const removedUid = removal.scimId ?? ''
      const success = creates.find(succeeded)
      const relink = `The user must link SAML to their existing account: sign in to GitLab, then open https://gitlab.com/groups/${group}/-/saml/sso and authorize (self-managed: an administrator can add the identity in Admin → Users → Identities).`
      const removedWhen = `removed ${when(removal.time)} (${removal.method}${removal.method === 'PATCH' ? ' active=false' : ''})`
      const dateNote =
        person.scopeKind !== 'group'
          ? 'On self-managed instances the outcome depends on the GitLab version: from 16.4 the SAML identity is kept.'
          : samlDestroyed
            ? 'The removal predates 2023-08-11, when GitLab.com still destroyed the SAML identity on SCIM deprovision, so SSO sign-in needs the user to link SAML again.'
            : 'Since 2023-08-11 GitLab.com keeps the SAML identity on SCIM deprovision, so once the SCIM identity is active again the user can sign in with SSO.'

      if (creates.length === 0 && reactivation) {
        if (!samlDestroyed) continue // a normal reactivation: healthy
        findings.push(
          makeFinding({
            rule: 're-added-after-removal',
            severity: 'warning',
            title: `Reactivated after a removal before 2023-08-11: ${who} must link SAML again`,
            why: `${who} was ${removedWhen} and reactivated ${when(reactivation.time)}. ${dateNote}`,
            docs: DOCS.reAdded,
            remedy: [relink],
            confirm: [
              `The user's SSO sign-in fails with "User is not linked to a SAML account" until they relink; GET ${scimUserPath(group, person.scopeKind, reactivation.scimId ?? removedUid)} shows "active": true.`,
            ],
            person,
            context: [removal, reactivation],
          }),
        )
        continue
      }
      if (creates.length === 0) continue
      const failures = creates.filter((r) => !succeeded(r))
      if (success) {
        findings.push(
          makeFinding({
            rule: 're-added-after-removal',
            severity: samlDestroyed ? 'warning' : 'info',
            title: samlDestroyed
              ? `Re-added after a removal before 2023-08-11: ${who} must link SAML again`
              : `Re-added after removal: the existing account was linked again`,
            why: `${who} was ${removedWhen}; removal keeps the GitLab account, so the create at ${when(success.time)} linked the existing account instead of creating a user. ${dateNote}`,
            docs: DOCS.reAdded,
            remedy: samlDestroyed ? [relink] : ['Nothing to do.'],
            confirm: [
              `GET ${scimUserPath(group, person.scopeKind, success.body.externalId ?? success.body.id ?? removedUid)} shows "active": true; the user can sign in with SSO${samlDestroyed ? ' after relinking' : ''}.`,
            ],
            person,
            failures,
            context: [removal, success],
          }),
        )
        continue
      }
      const first = failures[0] as ScimRecord
      const reactivateStep =
        first.idp === 'okta'
          ? `Reactivate rather than re-create: reassign the original Okta app user so Okta sends PATCH active=true for ${removedUid}.`
          : first.idp === 'entra'
            ? `Reactivate rather than re-create: restore the user (or bring them back in scope) so Entra sends active "True" for ${removedUid}.`
            : `Reactivate the original identity ${removedUid} rather than creating a new one.`
      // A 412 is reported (as an error, with the same remedy) by the 412 rules; this one adds the lifecycle.
      const explainedElsewhere = failures.every((r) => r.status === 412)
      findings.push(
        makeFinding({
          rule: 're-added-after-removal',
          severity: explainedElsewhere ? 'info' : 'warning',
          title: `Re-added after removal: the create was rejected (${first.status ?? 'no response'})`,
          why: `${who} was ${removedWhen}. Removal keeps the account and leaves its SCIM identity inactive, so GitLab does not create a new user and (with SSO enforcement) refuses the create; only a PATCH of active=true on the original id brings the user back. ${dateNote}`,
          docs: DOCS.reAdded,
          remedy: [
            reactivateStep,
            ...(removedUid
              ? [
                  goneStep(
                    recordsOf(person),
                    removedUid,
                    removal.timeMs,
                    lookupCall(group, person.scopeKind, person.userNames[0] ?? who),
                  ) ?? `Or by hand: ${patchActiveCall(group, person.scopeKind, removedUid)}.`,
                ]
              : []),
            ...(samlDestroyed ? [relink] : []),
          ],
          confirm: [
            idpLogHint(first.idp, 'create', who, GITLAB_TEXT.notLinked),
            ...(removedUid
              ? [
                  getIdStep(
                    recordsOf(person),
                    scimUserPath(group, person.scopeKind, removedUid),
                    removedUid,
                    removal.timeMs,
                    'shows "active": false',
                    lookupCall(group, person.scopeKind, person.userNames[0] ?? who),
                  ),
                ]
              : []),
          ],
          person,
          failures,
          context: [removal],
          errorText: first.status === 412 ? GITLAB_TEXT.saving(GITLAB_TEXT.notLinked) : undefined,
        }),
      )
    }
    return findings
  },
}
