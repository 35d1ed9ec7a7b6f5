/**
 * Finding people by what a user types: an externalId/id, a userName, an email, a GitLab username or a name.
 */
import type { Person } from './types.js'

function names(person: Person): string[] {
  const list = [...person.externUids, ...person.userNames, ...person.emails]
  const username = person.attributes.username?.value
  if (typeof username === 'string') list.push(username)
  if (person.displayName) list.push(person.displayName)
  return list.map((n) => n.toLowerCase())
}

/**
 * A person's `key` (as `users`/`report --format json` print it) names exactly that person; otherwise exact
 * (case-insensitive) matches win; otherwise people any of whose names contain the text.
 */
export function findPeople(people: readonly Person[], who: string): Person[] {
  const trimmed = who.trim()
  const byKey = people.filter((p) => p.key === trimmed)
  if (byKey.length > 0) return byKey
  const needle = trimmed.toLowerCase()
  if (needle === '') return []
  const byKeyFolded = people.filter((p) => p.key.toLowerCase() === needle)
  if (byKeyFolded.length === 1) return byKeyFolded
  const exact = people.filter((p) => names(p).includes(needle))
  if (exact.length > 0) return exact
  return people.filter((p) => names(p).some((n) => n.includes(needle)))
}
