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

/** Exact (case-insensitive) matches win; otherwise people any of whose names contain the text. */
export function findPeople(people: readonly Person[], who: string): Person[] {
  const needle = who.trim().toLowerCase()
  if (needle === '') return []
  const exact = people.filter((p) => names(p).includes(needle))
  if (exact.length > 0) return exact
  return people.filter((p) => names(p).some((n) => n.includes(needle)))
}
