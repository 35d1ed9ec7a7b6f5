/**
 * `stale-id-in-identity-provider`: GET, PATCH or DELETE on an id GitLab does not know (404 "Resource <id>
 * not found"): the identity provider still uses an id that was renamed, or one that was never provisioned
 * in this group. A 404 on a deprovision means the user was not removed.
 */
import { type ScimRecord, succeeded } from '../../records/types.js'
import { DOCS, GITLAB_TEXT } from '../docs.js'
import { recordsOf, uidOf } from '../facts/failure-runs.js'
import { personFailure } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import { idHistory } from '../id-history.js'
import type { Finding, PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { apiGroup, lookupCall, scimUserPath } from '../wording/api-calls.js'
import { idpLogHint } from '../wording/idp-hints.js'
import { currentUid, label, when } from '../wording/phrases.js'

export const staleIdInIdentityProvider: PersonRule = {
  id: 'stale-id-in-identity-provider',
  kind: 'person',
  versions: ALL_VERSIONS,
  check(person, context) {
    const records = recordsOf(person)
    const byUid = new Map<string, ScimRecord[]>()
    for (const record of records) {
      if (record.status !== 404 || record.scimId === undefined || record.resource !== 'Users') continue
      if (record.method === 'PUT' || !personFailure(record, context.timelines)) continue
      const key = record.scimId.toLowerCase()
      const list = byUid.get(key)
      if (list) list.push(record)
      else byUid.set(key, [record])
    }
    const findings: Finding[] = []
    const who = label(person)
    const group = person.scope
    for (const [key, failures] of byUid) {
      const first = failures[0] as ScimRecord
      const last = failures[failures.length - 1] as ScimRecord
      const uid = first.scimId ?? key
      const rename = person.renames.find(
        (r) => r.from.toLowerCase() === key && r.record.timeMs <= first.timeMs,
      )
      const resolvedSameId = records.find(
        (r) =>
          r.timeMs > last.timeMs &&
          r.status !== null &&
          r.status < 300 &&
          uidOf(r) === key &&
          r.scimId !== undefined,
      )
      const writes = failures.filter((r) => r.method !== 'GET')
      const deprovisionFailed = failures.some((r) => r.action === 'deactivate' || r.action === 'delete')
      // The same person deprovisioned under another id afterwards (the identity provider re-matched on the
      // id GitLab holds, e.g. after an identity API rename): nothing was missed (issue #13 §5).
      const deprovisionedLater = deprovisionFailed
        ? records.find(
            (r) =>
              r.timeMs >= first.timeMs &&
              succeeded(r) &&
              (r.action === 'deactivate' || r.action === 'delete') &&
              r.scimId?.toLowerCase() !== key,
          )
        : undefined
      const missedDeprovision = deprovisionFailed && !deprovisionedLater
      const resolved = resolvedSameId ?? deprovisionedLater
      const held = currentUid(person)
      const heldOther = held && held.toLowerCase() !== key ? held : undefined
      const history = idHistory(records, uid, first.timeMs)
      // The id had a life in this log: say so instead of "never provisioned". A 404 after a deprovision
      // is what GitLab before 13.0 answered (deprovisioning destroyed the identity; nickbrandt/GitLab
      // ee/lib/api/scim.rb, versions/gitlab.ts), or the identity was removed through the SCIM identity API.
      const lived = history.created
        ? `: it was provisioned ${when(history.created.time)} (${history.created.status})` +
          (history.removed
            ? ` and ${history.removed.action === 'delete' ? 'deleted' : 'deprovisioned'} ${when(history.removed.time)}; GitLab before 13.0 destroyed the identity on deprovision (deprovision-destroyed-identity), and an owner can remove it with the SCIM identity API, so the id no longer resolves.`
            : ', so its SCIM identity was removed or its extern_uid changed since, in a way the log does not show (for example a DELETE or PATCH through the SCIM identity API).')
        : undefined
      const title = rename
        ? `The identity provider still uses the old id ${uid} (renamed to ${rename.to} on ${when(rename.record.time)})`
        : `${[...new Set(failures.map((r) => r.method))].join('/')} on an id GitLab does not know (404): ${uid}`
      findings.push(
        makeFinding({
          rule: 'stale-id-in-identity-provider',
          severity: resolved ? 'info' : writes.length > 0 ? 'error' : 'warning',
          title: `${title}${missedDeprovision ? '; the deprovision was not applied' : ''}${resolved ? ` (resolved ${when(resolved.time)})` : ''}`,
          why:
            `GitLab finds users by extern_uid and no SCIM identity in ${group} has ${uid}, so it answered 404 and changed nothing` +
            (rename
              ? `: a PATCH renamed it to ${rename.to}, and the identity provider did not follow.`
              : heldOther
                ? `; the log shows GitLab holds ${heldOther} for ${who}.`
                : (lived ??
                  ': it was never provisioned in this group as far as the log shows, or the stored extern_uid differs.')) +
            (missedDeprovision ? ' The user keeps their membership.' : ''),
          docs: DOCS.nameIdMismatch,
          remedy: [
            `Find the id GitLab holds: ${lookupCall(group, person.scopeKind, person.userNames[0] ?? who)}.`,
            rename || heldOther
              ? `Make the identity provider use ${rename?.to ?? heldOther}: Entra keeps its own record of the target id (restart provisioning with "clear state" to re-match on externalId); in Okta re-import the user or unassign and reassign.`
              : `If GitLab holds another id for this user, either make the identity provider match it, or store the identity provider's id: PATCH ${apiGroup(group)}/scim/<stored id> with extern_uid=${uid}.`,
            ...(missedDeprovision
              ? [
                  `Until then remove ${who} from ${group} by hand (Manage → Members) if their access must end now.`,
                ]
              : []),
          ],
          confirm: [
            `GET ${scimUserPath(group, person.scopeKind, uid)} returns 404 "${GITLAB_TEXT.resourceNotFound(uid)}".`,
            idpLogHint(
              first.idp,
              missedDeprovision ? 'deactivate' : first.method === 'GET' ? 'lookup' : 'update',
              who,
              GITLAB_TEXT.resourceNotFound(uid),
            ),
          ],
          person,
          failures,
          context: [...(rename ? [rename.record] : []), ...(resolved ? [resolved] : [])],
          errorText: GITLAB_TEXT.resourceNotFound(uid),
          ...(resolved ? { resolvedAt: resolved.time } : {}),
        }),
      )
    }
    return findings
  },
}
