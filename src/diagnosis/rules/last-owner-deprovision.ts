/**
 * `last-owner-deprovision`: deprovisioning the group's last Owner fails with 412 (reference §3.4). A DELETE
 * carries the reason in its 412 detail; a PATCH active=false only returns the generic "Error updating", so
 * for a PATCH the cause is a best guess with candidates.
 */
import type { ScimRecord } from '../../records/types.js'
import { DOCS, GITLAB_TEXT } from '../docs.js'
import {
  apiGroup,
  idpLogHint,
  label,
  laterSuccess,
  makeFinding,
  personFailureRuns,
  recordsOf,
  scimUserPath,
  uidOf,
  when,
} from '../support.js'
import type { Finding, PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const lastOwnerDeprovision: PersonRule = {
  id: 'last-owner-deprovision',
  kind: 'person',
  versions: ALL_VERSIONS,
  check(person, context) {
    const records = recordsOf(person)
    const runs = personFailureRuns(
      person,
      context.timelines,
      (r) => (r.action === 'delete' || r.action === 'deactivate') && r.status === 412,
    )
    const findings: Finding[] = []
    for (const failures of runs) {
      const first = failures[0] as ScimRecord
      const last = failures[failures.length - 1] as ScimRecord
      const uid = first.scimId ?? ''
      const isDelete = first.action === 'delete'
      const who = label(person)
      const name = typeof person.attributes.name?.value === 'string' ? person.attributes.name.value : who
      const group = person.scope
      const text = GITLAB_TEXT.lastOwner(name, group)
      const resolved = laterSuccess(
        records,
        last,
        (r) => (r.action === 'delete' || r.action === 'deactivate') && uidOf(r) === uidOf(first),
      )
      const title = isDelete
        ? `Deprovision rejected (412): ${who} is the last Owner of ${group}`
        : `Deactivation rejected (412), best guess: ${who} is the last Owner of ${group}`
      findings.push(
        makeFinding({
          rule: 'last-owner-deprovision',
          severity: resolved ? 'info' : 'error',
          title: resolved ? `${title} (resolved ${when(resolved.time)})` : title,
          why:
            'GitLab refuses to remove the last Owner of a group, so the deprovision is rolled back: the user keeps the membership and the SCIM identity stays active.' +
            (isDelete
              ? ''
              : ' A PATCH returns only the generic "Error updating …" text, so this cause is inferred: it is the usual reason a deprovision PATCH fails.'),
          docs: DOCS.setupRemoveAccess,
          remedy: resolved
            ? [`Nothing to do: the deprovision succeeded at ${when(resolved.time)}.`]
            : [
                `Give group ${group} another Owner (Manage → Members), or lower ${who}'s role if someone else already owns it.`,
                first.idp === 'okta'
                  ? 'Then retry the deactivation in Okta (Dashboard → Tasks → Retry).'
                  : first.idp === 'entra'
                    ? 'Then use "Provision on demand" for the user, or wait for the next cycle (about 40 minutes).'
                    : 'Then send the deprovision again.',
                'Until then the user still has access to the group.',
              ],
          confirm: [
            idpLogHint(
              first.idp,
              isDelete ? 'delete' : 'deactivate',
              who,
              isDelete ? text : GITLAB_TEXT.updating(name),
            ),
            `GET ${scimUserPath(group, person.scopeKind, uid)} still shows "active": true; GET ${apiGroup(group)}/members shows ${who} as the only member with access_level 50 (Owner).`,
          ],
          person,
          failures,
          context: resolved ? [resolved] : [],
          candidates: isDelete
            ? undefined
            : [
                {
                  cause: `${who} is the group's last Owner`,
                  rule: 'last-owner-deprovision',
                  likelihood: 0.7,
                  for: ['a deprovision PATCH with a valid id fails with 412 mostly for this reason'],
                  against: ['PATCH responses do not carry the reason'],
                  check: `GET ${apiGroup(group)}/members: is ${who} the only Owner?`,
                },
                {
                  cause: 'another failure while removing the membership (a validation or database error)',
                  likelihood: 0.25,
                  for: [],
                  against: ['rare'],
                  check: `the identity provider's error shows "${GITLAB_TEXT.updating(name)}" without more; search production_json.log for the correlation_id ${first.correlationId ?? '(none logged)'}`,
                },
              ],
          errorText: isDelete ? text : GITLAB_TEXT.updating(name),
          ...(resolved ? { resolvedAt: resolved.time } : {}),
        }),
      )
    }
    return findings
  },
}
