/**
 * `unsupported-filter`: lookups GitLab rejects with 412 "Unsupported Filter": only `id`, `externalId` and
 * `userName` with `eq` are supported (reference §3.1). Also warns about supported filters whose quoted
 * value contains a space: GitLab splits the filter on spaces and looks up only the first word.
 * Group-wide: it is the identity provider's configuration, one finding per filter shape.
 */

import { finish, type Steps } from '../../common/steps.js'
import { encodeSegment } from '../../common/uri.js'
import { scopeKey } from '../../records/scope-key.js'
import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import type { Timelines } from '../../timelines/types.js'
import { DOCS, GITLAB_TEXT } from '../docs.js'
import { pushTo } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import type { Finding, GroupRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { scimBase } from '../wording/api-calls.js'
import { idpLogHint, idpOf } from '../wording/idp-hints.js'

/** The filter without its final quoted value: `emails[type eq "work"].value eq`. */
function filterShape(raw: string): string {
  const text = raw.trim()
  const shape = text.endsWith('"') ? text.replace(/\s+"[^"]*"$/, '') : text.replace(/\s+\S+$/, '')
  return shape === '' ? text : shape
}

/** Records between two pauses of the rule's steps. */
const RECORDS_PER_STEP = 16384

export const unsupportedFilter: GroupRule = {
  id: 'unsupported-filter',
  kind: 'group',
  versions: ALL_VERSIONS,
  check(timelines) {
    return finish(unsupportedFilterSteps(timelines))
  },
  steps: unsupportedFilterSteps,
}

/** Every lookup of the log is looked at: the rule pauses every few thousand records. */
function* unsupportedFilterSteps(timelines: Timelines): Steps<Finding[]> {
  const unsupported = new Map<string, ScimRecord[]>()
  const spaced = new Map<string, ScimRecord[]>()
  const all = timelines.records
  for (let i = 0; i < all.length; i++) {
    if (i % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) yield
    const record = all[i] as ScimRecord
    const filter = record.body.filter
    if (record.method !== 'GET' || record.resource !== 'Users' || !filter) continue
    if (record.status === 401 || record.status === 403) continue
    const scope = scopeKey(record)
    if (!filter.supported) {
      const key = `${scope}\u0000${filterShape(filter.raw).toLowerCase()}`
      pushTo(unsupported, key, record)
    } else if (/\s/.test(filter.value.trim()) && succeeded(record)) {
      pushTo(spaced, scope, record)
    }
  }
  const findings: Finding[] = []
  for (const records of unsupported.values()) {
    const first = records[0] as ScimRecord
    const filter = first.body.filter
    if (!filter) continue
    const failed = records.filter((r) => !succeeded(r))
    const idp = idpOf(records)
    const shape = filterShape(filter.raw)
    findings.push(
      makeFinding({
        rule: 'unsupported-filter',
        severity: failed.length > 0 ? 'error' : 'warning',
        title: `Lookups filter on "${shape}", which GitLab does not support${failed.length > 0 ? ` (${failed[0]?.status})` : ''}`,
        why: 'GitLab answers only filters on id, externalId or userName with the eq operator; anything else gets 412 "Unsupported Filter", so the identity provider cannot match users and its sync step fails.',
        docs: idp === 'entra' ? DOCS.entraVerify : DOCS.setup,
        remedy: [
          idp === 'entra'
            ? `In the Entra app → Provisioning → Mappings → users: stop matching on ${filter.attribute}; set externalId (source objectId) as the matching attribute with precedence 1.`
            : `Make the client look users up with externalId eq "…" or userName eq "…" instead of ${shape}.`,
        ],
        confirm: [
          idpLogHint(idp, 'lookup', 'the users it tried to match', GITLAB_TEXT.unsupportedFilter),
          `GET ${scimBase(first.scope, first.scopeKind)}/Users?filter=${encodeSegment(filter.raw)} returns 412.`,
        ],
        scope: first.scope,
        failures: records,
        errorText: GITLAB_TEXT.unsupportedFilter,
      }),
    )
  }
  for (const records of spaced.values()) {
    const first = records[0] as ScimRecord
    const filter = first.body.filter
    if (!filter) continue
    findings.push(
      makeFinding({
        rule: 'unsupported-filter',
        severity: 'warning',
        title: `Lookup values contain a space (e.g. ${filter.raw}): GitLab looks up only the first word`,
        why: 'GitLab splits the filter on spaces (attribute, operator, value = filter.split(" ")), so a quoted value with a space is cut at the space; the lookup then misses the user (or matches another), and the identity provider may try to create a duplicate.',
        docs: DOCS.entraVerify,
        remedy: [
          'Map userName (and any matching attribute) to a value without spaces, such as the email or mailNickname.',
        ],
        confirm: ['The lookups return 0 results for users that exist; a following create gets 409.'],
        scope: first.scope,
        failures: records,
      }),
    )
  }
  return findings
}
