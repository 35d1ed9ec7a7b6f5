/**
 * `scim-app-changed`: the identity provider sending SCIM requests to a group changed (Okta ↔ Entra, by
 * user agent or request shape), two providers provision the same group, or many people were created again
 * under new ids. Each app has its own ids, so the new app's creates clash with the stored extern_uids
 * (409) and SAML sign-in needs the NameId to follow.
 */
import { finish, type Steps } from '../../common/steps.js'
import { encodeSegment } from '../../common/uri.js'
import { providerName } from '../../records/clients.js'
import type { ScimRecord } from '../../records/types.js'
import type { Person, TimelineEntry, Timelines } from '../../timelines/types.js'
import { DOCS } from '../docs.js'
import { requestedUid } from '../facts/failure-runs.js'
import { pushTo, scopeFacts, scopeKey } from '../facts/scope-facts.js'
import { boundRun, makeFinding } from '../findings.js'
import type { Finding, GroupRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { idpName } from '../wording/idp-hints.js'
import { when } from '../wording/phrases.js'

/** People with a create under a new id after an earlier create (any outcome) under another. */
function* recreated(people: readonly Person[]): Steps<{ hits: ScimRecord[]; withCreates: number }> {
  const hits: ScimRecord[] = []
  let withCreates = 0
  // Indexed loops, no arrays per person: this runs over every person of the group.
  for (let p = 0; p < people.length; p++) {
    if (p % PEOPLE_PER_STEP === PEOPLE_PER_STEP - 1) yield
    const timeline = (people[p] as Person).timeline
    let firstUid: string | undefined
    let seenCreate = false
    for (let i = 0; i < timeline.length; i++) {
      const record = (timeline[i] as TimelineEntry).record
      if (record.action !== 'create') continue
      const uid = requestedUid(record)?.toLowerCase()
      if (!seenCreate) {
        seenCreate = true
        firstUid = uid
        withCreates++
      } else if (uid !== firstUid) {
        hits.push(record)
        break
      }
    }
  }
  return { hits, withCreates }
}

/** A named client's request: not hand-made, not an unknown client, and recognised by its agent or shape. */
function namedClient(r: ScimRecord): boolean {
  return (
    r.provider !== 'manual' &&
    r.provider !== 'unknown' &&
    (r.idpEvidence === 'user-agent' || r.idpEvidence === 'shape')
  )
}

/**
 * The requests of the first named client seen, and of the second (the first whose provider differs): all of
 * the second's requests come at or after its first one, so one pass finds both.
 */
function* firstTwoClients(records: readonly ScimRecord[]): Steps<[ScimRecord[], ScimRecord[]]> {
  const first: ScimRecord[] = []
  const second: ScimRecord[] = []
  let firstProvider: string | undefined
  let secondProvider: string | undefined
  for (let i = 0; i < records.length; i++) {
    if (i % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) yield
    const r = records[i] as ScimRecord
    if (!namedClient(r)) continue
    if (firstProvider === undefined) firstProvider = r.provider
    else if (secondProvider === undefined && r.provider !== firstProvider) secondProvider = r.provider
    if (r.provider === firstProvider) first.push(r)
    else if (r.provider === secondProvider) second.push(r)
  }
  return [first, second]
}

/** Okta and Entra by their usual names; other providers by theirs. */
function appName(record: ScimRecord): string {
  return record.idp !== 'other' ? idpName(record.idp) : providerName(record.provider)
}

/** Records, and people, between two pauses of the rule's steps (it passes over every request of a group). */
const RECORDS_PER_STEP = 16384
const PEOPLE_PER_STEP = 2048

export const scimAppChanged: GroupRule = {
  id: 'scim-app-changed',
  kind: 'group',
  versions: ALL_VERSIONS,
  check(timelines) {
    return finish(scimAppChangedSteps(timelines))
  },
  steps: scimAppChangedSteps,
}

function* scimAppChangedSteps(timelines: Timelines): Steps<Finding[]> {
  const { byScope } = scopeFacts(timelines)
  // People by scope once (not a pass over everyone per scope: GitLab.com logs hold thousands of groups).
  const peopleByScope = new Map<string, Person[]>()
  for (const person of timelines.people) pushTo(peopleByScope, scopeKey(person), person)
  const findings: Finding[] = []
  for (const [key, records] of byScope) {
    const scope = records[0]?.scope ?? ''
    // Any two named clients count (OneLogin → Entra is an app change too); hand-made requests and
    // unknown clients never do: an admin's curl is not a second SCIM app (issue #13 §1–2). One pass over
    // the group's records (they are most of the heap: each pass costs ~0.1 s per million).
    const [okta, entra] = yield* firstTwoClients(records)
    const { hits, withCreates } = yield* recreated(peopleByScope.get(key) ?? [])
    const mass = hits.length >= 3 && hits.length >= 0.2 * withCreates
    const remedy = [
      'Users follow "Change the identity provider" (they link SAML again through the new app).',
      'Or, as an identity-provider administrator: remove the users from the old SCIM app (on GitLab.com this removes them from the group), then turn on sync in the new app to link the existing users.',
      "Make the new app's externalId and the SAML NameId the same attribute, so GitLab's extern_uid matches both.",
    ]
    const recreatedNote = hits.length > 0 ? ` ${hits.length} people were created again under a new id.` : ''
    if (okta.length >= 2 && entra.length >= 2) {
      // `okta`/`entra` are the first and the second client seen (named so before other providers counted).
      const [old, neo] = [okta, entra]
      const lastOld = old[old.length - 1] as ScimRecord
      const firstNew = neo[0] as ScimRecord
      const oldName = appName(old[0] as ScimRecord)
      const newName = appName(firstNew)
      const switched = lastOld.timeMs < firstNew.timeMs
      findings.push(
        makeFinding({
          rule: 'scim-app-changed',
          severity: 'warning',
          title: switched
            ? `The SCIM app changed: ${oldName} until ${when(lastOld.time)}, ${newName} since ${when(firstNew.time)}`
            : `Two identity providers provision ${scope}: ${oldName} and ${newName}`,
          why: `Each app identifies people by its own ids, and GitLab keeps the extern_uid the first app set: the new app's creates clash with it (409 "User has already been taken") or its updates miss (404), and SSO sign-in works only while the SAML NameId matches the stored extern_uid.${recreatedNote}`,
          docs: DOCS.changeApp,
          remedy: switched
            ? remedy
            : [`Turn provisioning off in the app that should no longer manage ${scope}.`, ...remedy],
          confirm: [
            `GET /api/v4/groups/${encodeSegment(scope)}/scim/identities: the stored extern_uids are ${oldName} ids.`,
          ],
          scope,
          context: [...boundRun(old.slice(-2)), ...boundRun(neo), ...boundRun(hits)],
        }),
      )
      continue
    }
    if (mass) {
      findings.push(
        makeFinding({
          rule: 'scim-app-changed',
          severity: 'warning',
          title: `${hits.length} of ${withCreates} people were created again under new ids: the SCIM app or its externalId mapping changed`,
          why: `When the identity provider's ids change for many people at once, a new SCIM app (or a new externalId mapping) is sending them; GitLab keeps the extern_uids the old one set, so the creates clash (409) and SSO needs the NameId to follow.`,
          docs: DOCS.changeApp,
          remedy,
          confirm: [
            `GET /api/v4/groups/${encodeSegment(scope)}/scim/identities shows the old ids; the identity provider sends new ones.`,
          ],
          scope,
          failures: hits,
        }),
      )
    }
  }
  return findings
}
