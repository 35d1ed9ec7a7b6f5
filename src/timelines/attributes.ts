/**
 * Which request gave the account each attribute (reference §3.1 POST parsing, §6 "A successful 201 sets").
 */
import { gitlabEmail, requestedExternUid, type ScimBody, type ScimRecord } from '../records/types.js'
import type { AttributeName, Attributes, IgnoredChange } from './types.js'
import { gitlabUsername } from './username.js'

/** GitLab's name: `name.formatted`, else given + family name, else `displayName` (only without `name`). */
export function gitlabName(body: ScimBody): { value: string; from: string } | undefined {
  const name = body.name
  // `name[:formatted]&.presence` (params_parser.rb): a blank formatted name falls through to given + family.
  if (name?.formatted !== undefined && name.formatted.trim() !== '')
    return { value: name.formatted, from: 'name.formatted' }
  if (name) {
    const parts = [name.givenName, name.familyName].filter((p): p is string => p !== undefined)
    return { value: parts.join(' '), from: 'name.givenName + name.familyName' }
  }
  if (body.displayName !== undefined) return { value: body.displayName, from: 'displayName' }
  return undefined
}

/** The attributes a successful create gives a new account. */
export function attributesFromCreate(record: ScimRecord): Attributes {
  // Named assignments in one order (not a setter closure with a computed key): one of the hottest
  // functions of a run, and it runs unoptimised (cli/main.ts).
  const attributes: Attributes = {}
  const body = record.body
  if (body.userName !== undefined) {
    const username = gitlabUsername(body.userName)
    const from = username === body.userName ? 'userName' : `userName "${body.userName}" (cleaned)`
    attributes.username = { value: username, setBy: record, from, ignored: [] }
  }
  const name = gitlabName(body)
  if (name) attributes.name = { value: name.value, setBy: record, from: name.from, ignored: [] }
  const email = gitlabEmail(body)
  if (email !== undefined) {
    const entry = body.emails.find((e) => e.value === email)
    const from = entry?.type === 'work' ? 'emails[type=work]' : 'emails[primary]'
    attributes.email = { value: email, setBy: record, from, ignored: [] }
  }
  const uid = requestedExternUid(body)
  if (uid !== undefined) {
    const from = body.externalId !== undefined ? 'externalId' : 'id'
    attributes.extern_uid = { value: uid, setBy: record, from, ignored: [] }
  }
  attributes.active = { value: true, setBy: record, from: 'created active', ignored: [] }
  return attributes
}

/**
 * Before 15.0: apply a PATCH's change of the name (`name.formatted`, `displayName`), email or userName, as
 * GitLab then did. Name parts alone are not applied: how 12.x combined them is not modelled [inferred].
 * Returns what changed (`email set to "…"`), or undefined when the change is not one of those.
 */
export function applyChange(
  attributes: Attributes,
  record: ScimRecord,
  change: { attribute: string; value: unknown },
): string | undefined {
  if (typeof change.value !== 'string' && !Array.isArray(change.value)) return undefined
  const name = attributeFor(change.attribute)
  let value: string | undefined
  if (name === 'name' && (change.attribute === 'name.formatted' || change.attribute === 'displayName'))
    value = typeof change.value === 'string' ? change.value : undefined
  else if (name === 'email') value = patchedEmail(change.value)
  else if (name === 'username' && typeof change.value === 'string') value = gitlabUsername(change.value)
  if (name === undefined || value === undefined) return undefined
  attributes[name] = { value, setBy: record, from: `PATCH ${change.attribute} (before 15.0)`, ignored: [] }
  return `${name} set to "${value}"`
}

/** The email in a PATCH value: a string, or the work/primary entry of an `emails` array. */
function patchedEmail(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim().toLowerCase()
  if (!Array.isArray(value)) return undefined
  const entries = value.filter(
    (e): e is { value: string; type?: unknown; primary?: unknown } =>
      typeof e === 'object' && e !== null && typeof (e as { value?: unknown }).value === 'string',
  )
  const entry = entries.find((e) => e.type === 'work') ?? entries.find((e) => e.primary === true)
  return entry?.value.trim().toLowerCase()
}

/** Map a SCIM attribute a PATCH names to the GitLab attribute it would have changed before 15.0. */
export function attributeFor(scimAttribute: string): AttributeName | undefined {
  if (scimAttribute === 'displayName' || scimAttribute.startsWith('name')) return 'name'
  if (scimAttribute.startsWith('emails')) return 'email'
  if (scimAttribute === 'userName') return 'username'
  if (scimAttribute === 'active') return 'active'
  if (scimAttribute === 'id' || scimAttribute === 'externalId') return 'extern_uid'
  return undefined
}

export function noteIgnored(attributes: Attributes, change: IgnoredChange): boolean {
  const name = attributeFor(change.attribute)
  const provenance = name ? attributes[name] : undefined
  if (!provenance) return false
  provenance.ignored.push(change)
  return true
}
