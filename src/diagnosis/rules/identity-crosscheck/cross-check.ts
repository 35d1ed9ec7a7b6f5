/**
 * Cross-checks with GitLab's identity APIs: the comparison the troubleshooting guide asks admins to make
 * by hand ("Unsure if user's SAML NameId matches the SCIM externalId").
 *
 * Inputs are the JSON saved from `GET /api/v4/groups/:id/scim/identities` (`[{"extern_uid","user_id",
 * "active"}]`) and `GET /api/v4/groups/:id/saml/identities` (`[{"extern_uid","user_id"}]`, maybe with
 * `saml_provider_id`). Rule ids produced (part of the JSON contract):
 * - `identity-mismatch`: the SCIM extern_uid and the SAML extern_uid (NameId) of one user_id differ.
 * - `saml-identity-missing`: an active SCIM identity whose user has no SAML identity (cannot sign in with SSO).
 * - `identity-missing-in-gitlab`: the extern_uid the log says GitLab holds is not among the SCIM identities.
 * - `identity-state-mismatch`: the log and GitLab disagree on whether the identity is active.
 */
import { InputError } from '../../../common/errors.js'
import { jsonErrorPlace } from '../../../common/json-error.js'
import { encodeSegment } from '../../../common/uri.js'
import type { ScimRecord } from '../../../records/types.js'
import { succeeded } from '../../../records/types.js'
import type { Person, Timelines } from '../../../timelines/types.js'
import { DOCS } from '../../docs.js'
import { pushTo } from '../../facts/scope-facts.js'
import { makeFinding } from '../../findings.js'
import type { Finding } from '../../types.js'
import { apiGroup, patchActiveCall, scimUserPath } from '../../wording/api-calls.js'
import { currentUid, label } from '../../wording/phrases.js'

/** One identity from either API (SCIM identities carry `active`; SAML ones may carry `saml_provider_id`). */
export interface IdentityRecord {
  extern_uid: string
  user_id: number
  active?: boolean
  saml_provider_id?: number
}

export interface ScimIdentity extends IdentityRecord {
  active: boolean
}

export type SamlIdentity = IdentityRecord

function parseArray(text: string, source: string, api: string): Record<string, unknown>[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new InputError(
      `${source}: ${jsonErrorPlace(error, text)}; expected the array saved from GET ${api}`,
    )
  }
  if (!Array.isArray(data))
    throw new InputError(`${source}: expected a JSON array as returned by GET ${api}, got ${typeof data}`)
  return data.map((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new InputError(
        `${source}: item ${index + 1} is not an object; expected the array saved from GET ${api}`,
      )
    return item as Record<string, unknown>
  })
}

function readUid(item: Record<string, unknown>, index: number, source: string): string {
  const value = item.extern_uid
  if (typeof value === 'string' && value !== '') return value
  if (typeof value === 'number') return String(value)
  throw new InputError(`${source}: item ${index + 1} has no "extern_uid" string`)
}

function readUserId(item: Record<string, unknown>, index: number, source: string): number {
  const value = item.user_id
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  throw new InputError(`${source}: item ${index + 1} has no integer "user_id"`)
}

/** Parse `GET /groups/:id/scim/identities` output. Throws `InputError` with the reason on a malformed file. */
export function parseScimIdentities(text: string, source = 'SCIM identities file'): ScimIdentity[] {
  const api = '/api/v4/groups/:id/scim/identities ([{"extern_uid","user_id","active"}])'
  return parseArray(text, source, api).map((item, index) => {
    const active = item.active
    let flag: boolean
    if (typeof active === 'boolean') flag = active
    else if (active === 'true' || active === 'false') flag = active === 'true'
    else {
      const hint =
        'saml_provider_id' in item || !('active' in item)
          ? ' (this looks like SAML identities: pass it as the SAML identities file)'
          : ''
      throw new InputError(`${source}: item ${index + 1} has no boolean "active"${hint}`)
    }
    return {
      extern_uid: readUid(item, index, source),
      user_id: readUserId(item, index, source),
      active: flag,
    }
  })
}

/** Parse `GET /groups/:id/saml/identities` output. Throws `InputError` with the reason on a malformed file. */
export function parseSamlIdentities(text: string, source = 'SAML identities file'): SamlIdentity[] {
  const api = '/api/v4/groups/:id/saml/identities ([{"extern_uid","user_id"}])'
  return parseArray(text, source, api).map((item, index) => {
    const identity: SamlIdentity = {
      extern_uid: readUid(item, index, source),
      user_id: readUserId(item, index, source),
    }
    const provider = item.saml_provider_id
    if (typeof provider === 'number') identity.saml_provider_id = provider
    return identity
  })
}

/** Parse either file: `kind` says which API it was saved from. Throws `InputError` on a malformed file. */
export function parseIdentities(text: string, kind: 'scim' | 'saml', source?: string): IdentityRecord[] {
  return kind === 'scim' ? parseScimIdentities(text, source) : parseSamlIdentities(text, source)
}

const lower = (s: string) => s.toLowerCase()

/** The group the identity files were saved from: the one whose people share most ids with them. */
function pickScope(timelines: Timelines, uids: Set<string>): string | undefined {
  const counts = new Map<string, number>()
  for (const person of timelines.people) {
    if (person.scopeKind !== 'group') continue
    const hits = person.externUids.filter((u) => uids.has(lower(u))).length
    counts.set(person.scope, (counts.get(person.scope) ?? 0) + hits)
  }
  let best: string | undefined
  let most = 0
  for (const [scope, count] of counts)
    if (count > most) {
      best = scope
      most = count
    }
  if (best === undefined && counts.size === 1) best = [...counts.keys()][0]
  return best
}

/** The records that show what the log believes about the person's identity. */
function identityEvidence(person: Person): ScimRecord[] {
  const records = [person.attributes.extern_uid?.setBy, person.attributes.active?.setBy].filter(
    (r): r is ScimRecord => r !== undefined,
  )
  if (records.length > 0) return [...new Set(records)]
  const last = [...person.timeline].reverse().find((e) => succeeded(e.record))
  return last ? [last.record] : []
}

export function crossCheck(
  timelines: Timelines,
  scimIdentities: readonly IdentityRecord[] | undefined,
  samlIdentities: readonly IdentityRecord[] | undefined,
): Finding[] {
  const findings: Finding[] = []
  const scim = scimIdentities ?? []
  const saml = samlIdentities ?? []
  const uids = new Set([...scim, ...saml].map((i) => lower(i.extern_uid)))
  const scope = pickScope(timelines, uids)
  const people = timelines.people.filter((p) => p.scopeKind === 'group' && p.scope === scope)
  const personByUid = new Map<string, Person>()
  for (const person of people) for (const uid of person.externUids) personByUid.set(lower(uid), person)
  const group = scope ?? '<group>'

  // SCIM extern_uid vs SAML NameId, per user.
  if (scimIdentities && samlIdentities) {
    const samlByUser = new Map<number, IdentityRecord[]>()
    for (const identity of saml) pushTo(samlByUser, identity.user_id, identity)
    for (const identity of scim) {
      const samls = samlByUser.get(identity.user_id)
      const person = personByUid.get(lower(identity.extern_uid))
      const who = person ? label(person) : `user ${identity.user_id}`
      if (!samls || samls.length === 0) {
        if (identity.active === false) continue
        findings.push(
          makeFinding({
            rule: 'saml-identity-missing',
            severity: 'warning',
            title: `${who} (user ${identity.user_id}) has an active SCIM identity but no SAML identity`,
            why: 'SSO sign-in needs a SAML identity whose extern_uid equals the NameId; this user has none in the group (never linked, or destroyed by a SCIM deprovision before 2023-08-11), so they get "User is not linked to a SAML account".',
            docs: DOCS.cannotSignIn,
            remedy: [
              `Have the user link SAML to their existing account: sign in to GitLab, then open https://gitlab.com/groups/${group}/-/saml/sso.`,
            ],
            confirm: [`GET ${apiGroup(group)}/saml/identities lists user_id ${identity.user_id} afterwards.`],
            ...(person ? { person } : { scope: group }),
            context: person ? identityEvidence(person) : [],
          }),
        )
        continue
      }
      if (samls.some((s) => lower(s.extern_uid) === lower(identity.extern_uid))) continue
      const nameId = (samls[0] as IdentityRecord).extern_uid
      findings.push(
        makeFinding({
          rule: 'identity-mismatch',
          severity: 'error',
          title: `SCIM extern_uid ${identity.extern_uid} and SAML NameId ${nameId} differ for ${who} (user ${identity.user_id})`,
          why: 'GitLab signs users in by matching the SAML NameId with the stored extern_uid, and SCIM finds them by the same value; with the two identities apart, SSO sign-in or SCIM updates fail for this user.',
          docs: DOCS.nameIdMismatch,
          remedy: [
            `Decide which value the identity provider sends for both (externalId and NameId must map to the same attribute).`,
            `If the NameId is right: PATCH ${apiGroup(group)}/scim/${encodeSegment(identity.extern_uid)} with extern_uid=${nameId}.`,
            `If the SCIM value is right: PATCH ${apiGroup(group)}/saml/${encodeSegment(nameId)} with extern_uid=${identity.extern_uid}, or have the user unlink and relink SAML.`,
            'Never assign a value that belongs to another user.',
          ],
          confirm: [
            `GET ${apiGroup(group)}/scim/identities and GET ${apiGroup(group)}/saml/identities show the same extern_uid for user_id ${identity.user_id}; the user signs in with SSO.`,
          ],
          ...(person ? { person } : { scope: group }),
          context: person ? identityEvidence(person) : [],
        }),
      )
    }
  }

  // The log's view of each person vs the stored SCIM identities.
  if (scimIdentities && scope !== undefined) {
    const stored = new Map(scim.map((i) => [lower(i.extern_uid), i]))
    for (const person of people) {
      if (person.state === 'not-seen') continue
      const uid = currentUid(person)
      if (uid === undefined) continue
      const who = label(person)
      const identity = stored.get(lower(uid))
      const live = person.state === 'provisioned' || person.state === 'reactivated'
      if (!identity) {
        findings.push(
          makeFinding({
            rule: 'identity-missing-in-gitlab',
            severity: live ? 'error' : 'warning',
            title: `${who}: the log's extern_uid ${uid} is not among GitLab's SCIM identities`,
            why: `The log shows GitLab holding ${uid} for ${who} (${person.state}), but GET …/scim/identities does not list it: it was changed or removed after the log (or outside SCIM), so the identity provider's updates and deprovisions for ${uid} will get 404.`,
            docs: DOCS.nameIdUnsure,
            remedy: [
              `Find the id GitLab holds for the user in the SCIM identities file (by user_id), and make the identity provider use it, or store ${uid}: PATCH ${apiGroup(group)}/scim/<stored id> with extern_uid=${uid}.`,
            ],
            confirm: [`GET ${scimUserPath(group, 'group', uid)} returns 404.`],
            person,
            context: identityEvidence(person),
          }),
        )
        continue
      }
      if (live && identity.active === false) {
        findings.push(
          makeFinding({
            rule: 'identity-state-mismatch',
            severity: 'error',
            title: `${who}: the log says active, GitLab stores the SCIM identity ${uid} as inactive`,
            why: 'An inactive SCIM identity means the user is not a member and, under SSO enforcement, any new create for their email fails with 412; the log ends with the identity active, so it was deprovisioned after the log or outside it.',
            docs: DOCS.notLinked,
            remedy: [`If the user should have access: ${patchActiveCall(group, 'group', uid)}.`],
            confirm: [`GET ${scimUserPath(group, 'group', uid)} shows "active": false.`],
            person,
            context: identityEvidence(person),
          }),
        )
      } else if (!live && identity.active === true) {
        findings.push(
          makeFinding({
            rule: 'identity-state-mismatch',
            severity: 'warning',
            title: `${who}: the log says ${person.state}, GitLab stores the SCIM identity ${uid} as active`,
            why: 'The log ends with this identity deprovisioned, but GitLab holds it active: it was reactivated after the log or outside it (an administrator, or any later PATCH, reactivates it).',
            docs: DOCS.reAdded,
            remedy: [
              `If the user should not have access, deprovision again from the identity provider, or ${patchActiveCall(group, 'group', uid).replace('"value":true', '"value":false')}.`,
            ],
            confirm: [`GET ${scimUserPath(group, 'group', uid)} shows "active": true.`],
            person,
            context: identityEvidence(person),
          }),
        )
      }
    }
  }
  return findings
}
