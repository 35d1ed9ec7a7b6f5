/**
 * Logs of older GitLab versions (issue #13 §3), built from GitLab's code of the time (the sources are in
 * src/diagnosis/versions/gitlab.ts and the samples README):
 * - before 13.0 the API log's formatter wrote `duration`, `db` and `view` in milliseconds
 *   (nickbrandt/GitLab lib/gitlab/grape_logging/formatters/lograge_with_timestamp.rb @ 108e6fcdc24b), and
 *   fewer fields: the line is shaped like the example of GitLab's logs documentation of the time (reference
 *   §1.1), instrumentation added since (redis, memory, cpu, db counts, urgency, most `meta.*`) left out;
 * - before 15.0 a PATCH changed name and email (204), and an email another account has answered 409;
 * - before 13.0 a deprovision destroyed the identity, so a later PATCH active=true on it answers 404.
 */
import { Scenario } from './dsl.js'
import { entra, okta } from './idp.js'
import type { LogDoc } from './logline.js'

const ms = (seconds: unknown) => (typeof seconds === 'number' ? Math.round(seconds * 1e6) / 1e3 : undefined)

/** The fields a GitLab 12.x api_json.log line had, in its order (the rest is dropped). */
const KEPT_12 = [
  'time',
  'severity',
  'duration',
  'db',
  'view',
  'status',
  'method',
  'path',
  'params',
  'host',
  'remote_ip',
  'ua',
  'route',
  'user_id',
  'username',
  'queue_duration',
  'gitaly_calls',
  'gitaly_duration',
  'correlation_id',
  'pid',
  'worker_id',
  'meta.root_namespace',
]

/** A line as GitLab 12.x wrote it: milliseconds, no `_s` fields. */
export function toGitLab12(doc: LogDoc): LogDoc {
  const old: LogDoc = {
    ...doc,
    duration: ms(doc.duration_s),
    db: ms(doc.db_duration_s),
    view: ms(doc.view_duration_s),
    queue_duration: ms(doc.queue_duration_s),
    gitaly_duration: ms(doc.gitaly_duration_s),
  }
  const out: LogDoc = {}
  for (const key of KEPT_12) if (old[key] !== undefined) out[key] = old[key]
  return out
}

function legacy(s: Scenario): Scenario {
  s.docs.splice(0, s.docs.length, ...s.docs.map(toGitLab12))
  return s
}

/** GitLab 12.x (2019): creates, a name and an email changed by PATCH (applied then), a deprovision. */
export function gitlab12Healthy(): Scenario {
  const s = new Scenario({
    name: 'gitlab-12-healthy',
    group: 'aviato',
    idp: entra,
    start: '2019-10-07T09:00:00Z',
  })
  const erlich = s.person('Erlich', 'Bachman')
  const nelson = s.person('Nelson', 'Bighetti')
  const jin = s.person('Jin', 'Yang')
  for (const p of [erlich, nelson, jin]) s.wait('20s').lookup(p).create(p)
  s.wait('2d').patch(erlich, [entra.replaceOp('name.formatted', 'Erlich Aviato Bachman')])
  s.wait('3h').patch(nelson, [entra.replaceOp('emails[type eq "work"].value', 'bighead@aviato.example')])
  s.wait('5d').deactivate(jin)
  return legacy(s)
}

/**
 * GitLab 12.x (2019): a PATCH of an email another account has (409), a reactivation of a deprovisioned
 * (destroyed) identity (404, retried), and a create that clashes (409 User has already been taken).
 */
export function gitlab12Errors(): Scenario {
  const s = new Scenario({
    name: 'gitlab-12-errors',
    group: 'bream-hall',
    idp: entra,
    start: '2019-11-04T09:00:00Z',
  })
  const laurie = s.person('Laurie', 'Bream')
  const monica = s.person('Monica', 'Hall')
  const ed = s.person('Ed', 'Chen')
  const ron = s.person('Ron', 'LaFlamme')
  for (const p of [laurie, monica, ed, ron]) s.wait('15s').lookup(p).create(p)
  s.wait('1d').patch(laurie, [entra.replaceOp('emails[type eq "work"].value', monica.email)], { status: 409 })
  s.wait('40m').patch(laurie, [entra.replaceOp('emails[type eq "work"].value', monica.email)], {
    status: 409,
  })
  s.expect('email-already-taken', laurie)
  s.wait('2d').deactivate(ed)
  s.wait('3d').reactivate(ed, { status: 404 })
  s.wait('40m').reactivate(ed, { status: 404 })
  s.expect('deprovision-destroyed-identity', ed)
  // Ron re-created in Entra under a new objectId: the same email, a new id.
  const again = { ...ron, externalId: entra.newExternalId(s.rng) }
  s.wait('1d').lookup(again).create(again, { status: 409 })
  s.expect('user-already-taken', ron, { externalId: again.externalId })
  return legacy(s)
}

/**
 * GitLab 14.x (2021): `duration_s` already, PATCH still changes the email (applied), a deprovision. (No
 * reactivation: until 2023-08-11 GitLab.com destroyed the SAML identity on deprovision, so a reactivated user
 * must link SAML again, which `re-added-after-removal` rightly says.)
 */
export function gitlab14Healthy(): Scenario {
  const s = new Scenario({
    name: 'gitlab-14-healthy',
    group: 'maleant',
    idp: okta,
    start: '2021-09-06T09:00:00Z',
  })
  const jack = s.person('Jack', 'Barker')
  const dana = s.person('Dana', 'Cole')
  for (const p of [jack, dana]) s.wait('20s').lookup(p).create(p)
  s.wait('1d').patch(jack, [
    okta.replaceOp('emails', [{ primary: true, type: 'work', value: 'jack@maleant.example' }]),
  ])
  s.wait('4d').deactivate(dana)
  return s
}

/** The samples README's section on these logs, with the sources of each fact. */
export const VERSIONS_README = `## Older GitLab versions (\`versions/\`)

Built by \`samples/generator/versions.ts\` from GitLab's code of the time (the same sources as \`src/diagnosis/versions/gitlab.ts\`):

- **Log lines before 13.0**: \`duration\`, \`db\`, \`view\` in milliseconds, as the API log's formatter wrote them
  (nickbrandt/GitLab \`lib/gitlab/grape_logging/formatters/lograge_with_timestamp.rb\` @ 108e6fcdc24b; \`duration_s\` in
  the same file @ e5aeb0be38a3), with the fields of the logs documentation's example of the time; the release of the
  change (about 13.0) is inferred.
- **PATCH before 15.0** changed name, email and username (\`Users::UpdateService\`) and answered 409 "Email has already
  been taken" when another account had the email (\`email_taken?\`; nickbrandt/GitLab \`ee/lib/api/scim.rb\` @ 6d156bf799cd,
  mehulagg/gitlab \`ee/lib/api/scim.rb\` @ b009f8d35899); from 15.0 "we no longer allow modifying user attributes"
  (pavankalisetti009/gitlab \`ee/lib/api/helpers/scim_helpers.rb\` @ 5857c65b7a0c).
- **Deprovision before 13.0** destroyed the identity (\`destroy_identity\` → \`GroupSaml::Identity::DestroyService\`,
  nickbrandt/GitLab \`ee/lib/api/scim.rb\` @ 6d156bf799cd), so a later PATCH active=true answers 404. From the
  \`scim_identities\` table (post-migration 20200310215714, March 2020; 13.0 inferred) it sets the identity inactive and a
  PATCH reactivates it (\`EE::Gitlab::Scim::DeprovisionService\`, \`ReprovisionService\`; mehulagg/gitlab
  \`ee/lib/api/scim.rb\` @ b009f8d35899). 13.x and 14.x keep the identity
  (inactive), so this behaviour ends at 13.0, not 15.0.
- **SCIM identity API and SAML API** from 15.5 (\`doc/api/scim.md\`, MR 98354; \`doc/api/saml.md\`, issue 227841), instance
  SCIM from 15.8 (\`doc/administration/settings/scim_setup.md\`, epic 8902), SAML identity kept on deprovision on
  GitLab.com from 2023-08-11 (\`troubleshooting_scim.md\`) and on self-managed from 16.4 (MR 121226).
- Release dates (the 22nd of the month until 2023): 13.0 2020-05-22, 15.0 2022-05-22, 15.5 2022-10-22, 15.8 2023-01-22,
  16.4 2023-09-22.

`
