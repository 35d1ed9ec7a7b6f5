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
  // functions of a run, and it runs unoptimised (batch tuning, cli/startup.ts).
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
