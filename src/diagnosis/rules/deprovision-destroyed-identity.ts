/**
 * `deprovision-destroyed-identity` (GitLab before 13.0): a request on an id this log deprovisioned answered
 * 404. Until SCIM identities of their own (13.0), a deprovision (PATCH active=false or DELETE) destroyed the
 * group's SAML identity, which was the SCIM identity (`destroy_identity` → `GroupSaml::Identity::DestroyService`
 * in nickbrandt/GitLab ee/lib/api/scim.rb @ 6d156bf799cd). There was no reprovisioning: a PATCH active=true
 * on the old id answers 404 "Resource <id> not found", and only a new create gives the user an identity again.
 * Its findings replace `stale-id-in-identity-provider`'s for the same 404s.
 */
import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import { DOCS, GITLAB_TEXT } from '../docs.js'
import { idpLogHint, label, makeFinding, personFailure, recordsOf, uidOf, when } from '../support.js'
import type { Finding, PersonRule } from '../types.js'
import { before, CHANGES } from '../versions/gitlab.js'

/** What the identity provider must do to send a create again. */
function recreateStep(idp: ScimRecord['idp']): string {
  if (idp === 'okta')
    return 'In Okta, unassign the user from the GitLab app and assign them again: Okta then looks the user up and sends a create.'
  if (idp === 'entra')
    return 'In Entra, remove the user from the app (Users and groups) and add them again, or "Provision on demand": Entra then sends a create.'
  return 'In the identity provider, remove the user from the GitLab app and add them again so that it sends a create.'
}

export const deprovisionDestroyedIdentity: PersonRule = {
  id: 'deprovision-destroyed-identity',
  kind: 'person',
  versions: before(CHANGES.scimIdentities),
  supersedes: ['stale-id-in-identity-provider'],
  check(person, context) {
    const records = recordsOf(person)
    // The last successful deprovision of each id, and the 404s on it after that with no create between.
    const removedAt = new Map<string, ScimRecord>()
    const gone = new Map<string, { removal: ScimRecord; failures: ScimRecord[] }>()
    for (const r of records) {
      const uid = uidOf(r)
      if (uid === undefined) continue
      if (succeeded(r) && (r.action === 'deactivate' || r.action === 'delete')) {
        removedAt.set(uid, r)
        continue
      }
      if (succeeded(r) && r.action === 'create') {
        removedAt.delete(uid)
        continue
      }
      const removal = removedAt.get(uid)
      if (r.status !== 404 || r.scimId === undefined || !removal || !personFailure(r, context.timelines))
        continue
      const run = gone.get(uid)
      if (run && run.removal === removal) run.failures.push(r)
      else gone.set(uid, { removal, failures: [r] })
    }
    const findings: Finding[] = []
    const who = label(person)
    for (const [uid, { removal, failures }] of gone) {
      const first = failures[0] as ScimRecord
      const id = first.scimId ?? uid
      const recreated = records.find((r) => r.timeMs > first.timeMs && succeeded(r) && r.action === 'create')
      const reactivation = failures.some((r) => r.action === 'reactivate')
      const title = `${reactivation ? 'Reactivation' : `${[...new Set(failures.map((r) => r.method))].join('/')}`} of ${id} answered 404: GitLab destroyed the identity when ${who} was deprovisioned ${when(removal.time)}`
      findings.push(
        makeFinding({
          rule: 'deprovision-destroyed-identity',
          severity: recreated ? 'info' : reactivation ? 'error' : 'warning',
          title: recreated ? `${title} (re-created ${when(recreated.time)})` : title,
          why: `Before GitLab 13.0 a SCIM deprovision (${removal.method}${removal.action === 'deactivate' ? ' active=false' : ''}) destroyed the user's SAML identity for ${person.scope}, which was also the SCIM identity, and removed them from the group; the GitLab account stays. GitLab then knows no ${id}, so ${reactivation ? 'reactivating with PATCH active=true' : 'any request on it'} answers 404 and changes nothing: only a new create gives ${who} an identity again.`,
          docs: DOCS.reAdded,
          remedy: recreated
            ? [`Nothing to do: the identity provider created ${who} again at ${when(recreated.time)}.`]
            : [
                recreateStep(first.idp),
                `The create finds the account by email and links a new identity; ${who} then signs in with SAML SSO once.`,
              ],
          confirm: [
            idpLogHint(first.idp, reactivation ? 'update' : 'lookup', who, GITLAB_TEXT.resourceNotFound(id)),
          ],
          person,
          failures,
          context: [removal, ...(recreated ? [recreated] : [])],
          errorText: GITLAB_TEXT.resourceNotFound(id),
          ...(recreated ? { resolvedAt: recreated.time } : {}),
        }),
      )
    }
    return findings
  },
}
