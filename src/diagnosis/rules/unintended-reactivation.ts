/**
 * `unintended-reactivation` (beyond the minimum set): GitLab reactivates an inactive SCIM identity on ANY
 * successful PATCH that is not active=false (reference §3.3 step 2), so an attribute update sent after a
 * deprovision silently re-adds the user to the group.
 */
import { DOCS } from '../docs.js'
import { recordsOf } from '../facts/failure-runs.js'
import { makeFinding } from '../findings.js'
import { goneStep } from '../id-history.js'
import type { PersonRule } from '../types.js'
import { CHANGES, since } from '../versions/gitlab.js'
import { lookupCall, patchActiveCall } from '../wording/api-calls.js'
import { label, when } from '../wording/phrases.js'

export const unintendedReactivation: PersonRule = {
  id: 'unintended-reactivation',
  kind: 'person',
  versions: since(CHANGES.scimIdentities),
  check(person) {
    const hits = person.timeline.filter((entry) => entry.facts.implicitReactivation)
    if (hits.length === 0) return []
    const first = hits[0]
    if (!first) return []
    const removal = first.facts.lastDeprovision
    const who = label(person)
    // A PATCH that also renamed the id leaves the identity under the new one.
    const uid = first.record.patch?.externUid ?? first.record.scimId ?? ''
    const sent = [
      ...(first.record.patch?.ignored.map((c) => c.attribute) ?? []),
      ...(first.record.patch?.externUid ? ['externalId'] : []),
    ]
    return [
      makeFinding({
        rule: 'unintended-reactivation',
        severity: 'warning',
        title: `${who} was reactivated by an attribute update, not by active=true`,
        why: `GitLab reactivates an inactive SCIM identity on any PATCH that does not set active=false, even one that only changes ${sent.join(', ') || 'other attributes'}; this PATCH at ${when(first.record.time)} re-added ${who} to ${person.scope}${removal ? ` after the deprovision at ${when(removal.time)}` : ''}.`,
        docs: DOCS.setupRemoveAccess,
        remedy: [
          goneStep(
            recordsOf(person),
            uid,
            first.record.timeMs,
            lookupCall(person.scope, person.scopeKind, person.userNames[0] ?? who),
          ) ??
            `If ${who} should stay removed: ${patchActiveCall(person.scope, person.scopeKind, uid).replace('"value":true', '"value":false')}.`,
          first.record.idp === 'okta'
            ? 'Turn off "Update User Attributes" in the Okta app (GitLab needs only Create Users and Deactivate Users).'
            : 'Make the identity provider stop sending updates for deprovisioned users (keep them out of the app’s scope).',
        ],
        confirm: [`The user is a member of ${person.scope} again; the next lookup shows "active": true.`],
        person,
        failures: hits.map((h) => h.record),
        context: removal ? [removal] : [],
      }),
    ]
  },
}
