/**
 * `extern-uid-changed`: the person's extern_uid changed, by a PATCH of externalId/id or by a successful
 * create under a new externalId for the same email or userName. GitLab stores the SCIM id as the
 * extern_uid that SAML sign-in matches on the NameId, so sign-in breaks unless the NameId changed with it.
 * (A create under a new id that failed is reported by `user-already-taken` or the 412 rules instead.)
 */

import { encodeSegment } from '../../common/uri.js'
import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import { DOCS } from '../docs.js'
import {
  apiGroup,
  heldUidAfter,
  idKind,
  label,
  makeFinding,
  manualClient,
  provesIdentity,
  recordsOf,
  requestedUid,
  uidOf,
  when,
} from '../support.js'
import type { PersonRule } from '../types.js'

interface Change {
  from: string
  to: string
  record: ScimRecord
  how: 'PATCH' | 'new create'
}

export const externUidChanged: PersonRule = {
  id: 'extern-uid-changed',
  kind: 'person',
  check(person) {
    const changes: Change[] = person.renames.map((r) => ({ ...r, how: 'PATCH' as const }))
    const records = recordsOf(person)
    const context: ScimRecord[] = []
    // The timeline is in time order, so the last identity-proving record strictly earlier than each create
    // is kept as the walk goes (`scanned` trails the creates): linear, where filtering all records for every
    // create was quadratic in a person's requests (100,000 creates took 216 s, probe D4).
    let scanned = 0
    let previous: ScimRecord | undefined
    for (const record of records) {
      if (record.action !== 'create' || !succeeded(record)) continue
      const uid = uidOf(record)
      for (; scanned < records.length; scanned++) {
        const r = records[scanned] as ScimRecord
        if (r.timeMs >= record.timeMs) break
        if (provesIdentity(r) && heldUidAfter(r) !== undefined) previous = r
      }
      const previousUid = previous ? heldUidAfter(previous) : undefined
      if (!previous || !previousUid || previousUid.toLowerCase() === uid) continue
      changes.push({ from: previousUid, to: requestedUid(record) ?? '', record, how: 'new create' })
      context.push(previous)
    }
    if (changes.length === 0) return []
    changes.sort((a, b) => a.record.timeMs - b.record.timeMs)
    const last = changes[changes.length - 1] as Change
    const allManual = changes.every((c) => manualClient(c.record))
    const who = label(person)
    const group = person.scope
    const list = changes.map((c) => `${c.from} → ${c.to} (${c.how}, ${when(c.record.time)})`).join('; ')
    const kindChange =
      idKind(changes[0]?.from ?? '') !== idKind(last.to)
        ? ` The id changed from ${idKind(changes[0]?.from ?? '')} to ${idKind(last.to)}: the app's externalId mapping probably changed.`
        : ''
    return [
      makeFinding({
        rule: 'extern-uid-changed',
        severity: allManual ? 'info' : 'warning',
        title: allManual
          ? `extern_uid corrected by hand: ${list}`
          : `extern_uid changed: ${list}; SSO sign-in breaks unless the SAML NameId changed too`,
        why: `GitLab updates the stored extern_uid whenever the SCIM id or externalId changes, and SAML sign-in works only while it equals the NameId the identity provider sends; ${who} now has ${last.to}.${kindChange}`,
        docs: DOCS.nameIdMismatch,
        remedy: [
          `Check that the NameId the identity provider sends for ${who} is ${last.to} (SAML tracer, or compare GET ${apiGroup(group)}/saml/identities with GET ${apiGroup(group)}/scim/identities; scimtrace report --scim-identities … --saml-identities … does the comparison).`,
          `If the NameId still is ${last.from}: map the NameId to the same attribute as externalId in the identity provider, or put the old value back with PATCH ${apiGroup(group)}/scim/${encodeSegment(last.to)} with extern_uid=${last.from} and revert the externalId mapping.`,
          'Never assign a value that belongs to another user: that signs them in to the wrong account.',
        ],
        confirm: [
          `The user signs in with SSO; GET ${apiGroup(group)}/scim/identities and GET ${apiGroup(group)}/saml/identities show the same extern_uid for the user.`,
        ],
        person,
        context: [...context, ...changes.map((c) => c.record)],
      }),
    ]
  },
}
