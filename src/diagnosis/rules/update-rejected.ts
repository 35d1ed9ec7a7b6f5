/**
 * `update-rejected` (beyond the minimum set): a PATCH other than a deprovision answered 412 "Error
 * updating …" (reference §3.3): an extern_uid change that clashes with another identity in the group, or
 * a reactivation (reprovision) that failed. Deprovision 412s are `last-owner-deprovision`.
 */

import { encodeSegment } from '../../common/uri.js'
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
  retryHint,
  scimUserPath,
  uidOf,
  walkStates,
  when,
} from '../support.js'
import type { Finding, PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const updateRejected: PersonRule = {
  id: 'update-rejected',
  kind: 'person',
  versions: ALL_VERSIONS,
  check(person, context) {
    const records = recordsOf(person)
    const runs = personFailureRuns(
      person,
      context.timelines,
      (r) => r.method === 'PATCH' && r.action !== 'deactivate' && r.status === 412,
    )
    const findings: Finding[] = []
    for (const failures of runs) {
      const first = failures[0] as ScimRecord
      const last = failures[failures.length - 1] as ScimRecord
      const who = label(person)
      const group = person.scope
      const uid = first.scimId ?? ''
      const name = typeof person.attributes.name?.value === 'string' ? person.attributes.name.value : who
      const rename = first.patch?.externUid
      const wasInactive = walkStates(person).find((snap) => snap.record === first)?.before === 'inactive'
      const resolved = laterSuccess(records, last, (r) => r.method === 'PATCH' && uidOf(r) === uidOf(first))
      const title = rename
        ? `extern_uid change to ${rename} rejected (412): another identity in ${group} probably has it`
        : wasInactive
          ? `Update rejected (412): reactivating ${who} failed`
          : `Update rejected (412) for ${who}`
      findings.push(
        makeFinding({
          rule: 'update-rejected',
          severity: resolved ? 'info' : 'error',
          title: resolved ? `${title} (resolved ${when(resolved.time)})` : title,
          why: rename
            ? `GitLab saves the new extern_uid on the identity; an extern_uid must be unique in the group, so the save fails with "Error updating …" when another identity already holds ${rename}.`
            : wasInactive
              ? 'The identity was inactive, so this PATCH made GitLab reprovision it (re-add the membership); that failed, so the identity stays inactive.'
              : 'GitLab could not save the change ("Error updating …"); the log does not say why.',
          docs: rename ? DOCS.nameIdMismatch : DOCS.reAdded,
          remedy: rename
            ? [
                `Find who holds ${rename}: GET ${scimUserPath(group, person.scopeKind, rename)}.`,
                `If that identity is a stale duplicate of the same person, remove it (DELETE ${apiGroup(group)}/scim/${encodeSegment(rename)}) and retry; if it belongs to someone else, fix the identity provider's externalId mapping: two users must not share an id.`,
                retryHint(first.idp),
              ]
            : [
                `Check ${who}'s account (blocked, or over a seat limit), then retry: ${retryHint(first.idp)}`,
                `Search production_json.log for correlation_id ${first.correlationId ?? '(none logged)'} for the exception.`,
              ],
          confirm: [
            idpLogHint(first.idp, 'update', who, GITLAB_TEXT.updating(name)),
            `GET ${scimUserPath(group, person.scopeKind, uid)} shows the unchanged identity.`,
          ],
          person,
          failures,
          context: resolved ? [resolved] : [],
          errorText: GITLAB_TEXT.updating(name),
          ...(resolved ? { resolvedAt: resolved.time } : {}),
        }),
      )
    }
    return findings
  },
}
