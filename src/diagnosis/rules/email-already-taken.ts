/**
 * `email-already-taken` (GitLab before 15.0): a PATCH answered 409. Before 15.0 a SCIM PATCH changed the
 * user's name, email and username (`Users::UpdateService`), and refused an email any other account has,
 * primary or secondary, with 409 "Email has already been taken" before changing anything (`email_taken?`
 * in nickbrandt/GitLab ee/lib/api/scim.rb @ 6d156bf799cd; still so in mehulagg/gitlab @ b009f8d35899).
 */
import type { ScimRecord } from '../../records/types.js'
import { attributeFor } from '../../timelines/attributes.js'
import { DOCS } from '../docs.js'
import {
  idpLogHint,
  label,
  laterSuccess,
  makeFinding,
  personFailureRuns,
  quote,
  recordsOf,
  retryHint,
  scimUserPath,
  uidOf,
  when,
} from '../support.js'
import type { Finding, PersonRule } from '../types.js'
import { before, CHANGES } from '../versions/gitlab.js'

export const EMAIL_TAKEN = 'Email has already been taken'

/** The email a PATCH asked for, as GitLab read it (GitLab 15.0+ lists such changes as ignored). */
function askedEmail(record: ScimRecord): unknown {
  return record.patch?.ignored.find((change) => attributeFor(change.attribute) === 'email')?.value
}

export const emailAlreadyTaken: PersonRule = {
  id: 'email-already-taken',
  kind: 'person',
  versions: before(CHANGES.patchIgnoresAttributes),
  check(person, context) {
    const records = recordsOf(person)
    const runs = personFailureRuns(person, context.timelines, (r) => r.method === 'PATCH' && r.status === 409)
    const findings: Finding[] = []
    const who = label(person)
    for (const failures of runs) {
      const first = failures[0] as ScimRecord
      const last = failures[failures.length - 1] as ScimRecord
      const email = askedEmail(first)
      const wanted = email === undefined ? 'the new email' : quote(email)
      const resolved = laterSuccess(records, last, (r) => r.method === 'PATCH' && uidOf(r) === uidOf(first))
      const title = `Update rejected (409 ${EMAIL_TAKEN}): another GitLab account has ${wanted}`
      findings.push(
        makeFinding({
          rule: 'email-already-taken',
          severity: resolved ? 'info' : 'error',
          title: resolved ? `${title} (resolved ${when(resolved.time)})` : title,
          why: `Before GitLab 15.0 a SCIM PATCH changed the user's name, email and username; GitLab first checks that no other account has the new email (primary or secondary) and, when one does, answers 409 "${EMAIL_TAKEN}" and changes nothing, so ${who} keeps the old email and everything else in the PATCH.`,
          docs: DOCS.searchLogs,
          remedy: resolved
            ? [`Nothing to do: a later update succeeded at ${when(resolved.time)}.`]
            : [
                `Find the account that has ${wanted}: an administrator searches Admin Area → Users for it (it may be a secondary email); that user removes it under User settings → Emails, or it is the same person's second account.`,
                `Or keep ${who}'s old email in the identity provider.`,
                retryHint(first.idp),
              ],
          confirm: [
            idpLogHint(first.idp, 'update', who, EMAIL_TAKEN),
            `GET ${scimUserPath(person.scope, person.scopeKind, first.scimId ?? '')} still shows the old email.`,
          ],
          person,
          failures,
          context: resolved ? [resolved] : [],
          errorText: EMAIL_TAKEN,
          ...(resolved ? { resolvedAt: resolved.time } : {}),
        }),
      )
    }
    return findings
  },
}
