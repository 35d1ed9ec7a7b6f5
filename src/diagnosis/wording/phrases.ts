/**
 * Words for findings: how to name a person, a time, a value, an id's kind, an email's domain.
 */
import type { Person } from '../../timelines/types.js'

export function domainOf(email: string | undefined): string | undefined {
  if (!email) return undefined
  const at = email.lastIndexOf('@')
  if (at < 0 || at === email.length - 1) return undefined
  return email.slice(at + 1).toLowerCase()
}

/** How to name a person in a sentence (the same name the views give them). */
export { personLabel as label } from '../../timelines/person-label.js'

/** The extern_uid GitLab holds for the person now, as far as the log shows. */
export function currentUid(person: Person): string | undefined {
  const held = person.attributes.extern_uid?.value
  if (typeof held === 'string') return held
  const live = person.identities.filter((i) => !i.rejected && i.state !== 'not-seen' && !i.renamedTo)
  return live[live.length - 1]?.externUid ?? person.externUids[person.externUids.length - 1]
}

export function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value)
}

/** `2024-05-14 09:12:03` (UTC) for sentences. */
export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

/** What kind of value an id looks like, to spot mapping changes (objectId → mail, Okta id → email). */
export function idKind(uid: string): string {
  if (/^00u[0-9A-Za-z]{10,}$/.test(uid)) return 'an Okta user id'
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uid))
    return 'a GUID (Entra objectId)'
  if (/^[^@\s]+@[^@\s]+$/.test(uid)) return 'an email address or UPN'
  return 'an opaque id'
}
