/**
 * `extern-uid-changed`: the person's extern_uid changed, by a PATCH of externalId/id or by a successful
 * create under a new externalId for the same email or userName. GitLab stores the SCIM id as the
 * extern_uid that SAML sign-in matches on the NameId, so sign-in breaks unless the NameId changed with it.
 * (A create under a new id that failed is reported by `user-already-taken` or the 412 rules instead.)
 */
import { encodeSegment } from '../../common/uri.js'
import { describeClient } from '../../records/clients.js'
import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import { DOCS } from '../docs.js'
import {
  heldUidAfter,
  manualClient,
  provesIdentity,
  recordsOf,
  requestedUid,
  uidOf,
} from '../facts/failure-runs.js'
import { makeFinding } from '../findings.js'
import { goneSince } from '../id-history.js'
import type { PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { apiGroup } from '../wording/api-calls.js'
import { idKind, label, when } from '../wording/phrases.js'

interface Change {
  from: string
  to: string
  record: ScimRecord
  how: 'PATCH' | 'new create'
}

/** A change an owner made: a hand-made SCIM request, or any call of the SCIM identity API. */
function byOwner(record: ScimRecord): boolean {
  return manualClient(record) || record.api === 'identity'
}

export const externUidChanged: PersonRule = {
  id: 'extern-uid-changed',
  kind: 'person',
  versions: ALL_VERSIONS,
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
    const allManual = changes.every((c) => byOwner(c.record))
    // A change by hand is the guide's own fix (PATCH externalId, troubleshooting_scim.md); an identity
    // provider's later change back to an id the fix replaced undoes it (issue #13 §2).
    const manualFix = [...changes].reverse().find((c) => byOwner(c.record))
    const undone = manualFix
      ? changes.find(
          (c) =>
            c.record.timeMs > manualFix.record.timeMs &&
            !byOwner(c.record) &&
            c.to.toLowerCase() === manualFix.from.toLowerCase(),
        )
      : undefined
    const who = label(person)
    const group = person.scope
    const list = changes.map((c) => `${c.from} → ${c.to} (${c.how}, ${when(c.record.time)})`).join('; ')
    const kindChange =
      idKind(changes[0]?.from ?? '') !== idKind(last.to)
        ? ` The id changed from ${idKind(changes[0]?.from ?? '')} to ${idKind(last.to)}: the app's externalId mapping probably changed.`
        : ''
    const byHand =
      manualFix?.record.api === 'identity'
        ? `through the SCIM identity API (${describeClient('manual', manualFix.record.idpStrength, manualFix.record.userAgent, manualFix.record.remoteIp)})`
        : manualFix
          ? describeClient(
              'manual',
              manualFix.record.idpStrength,
              manualFix.record.userAgent,
              manualFix.record.remoteIp,
            )
          : ''
    if (undone && manualFix) {
      return [
        makeFinding({
          rule: 'extern-uid-changed',
          severity: 'warning',
          title: `The identity provider undid the fix made by hand: ${manualFix.from} → ${manualFix.to} (${byHand}, ${when(manualFix.record.time)}), then back to ${undone.to} (${when(undone.record.time)})`,
          why: `The extern_uid was corrected to ${manualFix.to} by hand, and a later ${undone.how} from the identity provider set it back to ${undone.to}; SAML sign-in works only while the extern_uid equals the NameId the identity provider sends.`,
          docs: DOCS.nameIdMismatch,
          remedy: [
            `Fix the identity provider rather than GitLab: make the app send ${manualFix.to} as externalId for ${who} (the attribute mapping, or the user's source attribute), so it stops writing ${undone.to} back.`,
            `Then apply the fix by hand again: PATCH ${apiGroup(group)}/scim/${encodeSegment(undone.to)} with extern_uid=${manualFix.to}.`,
          ],
          confirm: [
            `The identity provider's next update for ${who} leaves the extern_uid at ${manualFix.to}: GET ${apiGroup(group)}/scim/identities.`,
          ],
          person,
          context: [...context, ...changes.map((c) => c.record)],
        }),
      ]
    }
    return [
      makeFinding({
        rule: 'extern-uid-changed',
        severity: allManual ? 'info' : 'warning',
        title: allManual
          ? `extern_uid corrected by hand: ${list}`
          : `extern_uid changed: ${list}; SSO sign-in breaks unless the SAML NameId changed too`,
        why: allManual
          ? `The change was made ${byHand}, the fix GitLab's SCIM troubleshooting guide describes when the stored extern_uid and the NameId differ; ${who} now has ${last.to}.`
          : `GitLab updates the stored extern_uid whenever the SCIM id or externalId changes, and SAML sign-in works only while it equals the NameId the identity provider sends; ${who} now has ${last.to}.${kindChange}`,
        docs: DOCS.nameIdMismatch,
        // Never suggest reverting a fix made by hand: check it took, and keep the identity provider in line.
        remedy: allManual
          ? [
              `Nothing to undo. Check that the identity provider sends ${last.to} as externalId and as the NameId for ${who}, so its next update does not write the old id back.`,
            ]
          : [
              `Check that the NameId the identity provider sends for ${who} is ${last.to} (SAML tracer, or compare GET ${apiGroup(group)}/saml/identities with GET ${apiGroup(group)}/scim/identities; scimtrace report --scim-identities … --saml-identities … does the comparison).`,
              // No PATCH of an id the log shows answering 404 since (issue #13 §7).
              `If the NameId still is ${last.from}: map the NameId to the same attribute as externalId in the identity provider${goneSince(recordsOf(person), last.to, last.record.timeMs) ? '' : `, or put the old value back with PATCH ${apiGroup(group)}/scim/${encodeSegment(last.to)} with extern_uid=${last.from} and revert the externalId mapping`}.`,
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
