/**
 * Views of one person inside the guard (`diagnosis/guard.ts`): a person whose view throws is shown as an
 * `internal-error` finding in its place, and the other people are rendered as usual.
 */
import { guardView } from '../diagnosis/guard.js'
import type { Finding } from '../diagnosis/types.js'
import type { Person } from '../timelines/types.js'
import { findingJson, personJson } from './model.js'

/** `personJson(person, { findings })`, or the person's key, group and the internal error. */
export function guardedPersonJson(person: Person, findings: Finding[]): Record<string, unknown> {
  return guardView(
    person,
    () => personJson(person, { findings }),
    (failure) => ({ key: person.key, group: person.scope, findings: [findingJson(failure)] }),
  )
}
