import type { Person } from './types.js'

/** How to name a person, in a sentence or a list: email, else userName, else first id, else the key. */
export function personLabel(person: Person): string {
  return person.emails[0] ?? person.userNames[0] ?? person.externUids[0] ?? person.key
}
