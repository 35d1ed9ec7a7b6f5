/**
 * Views of one person inside the guard (`diagnosis/guard.ts`): a person whose view throws is shown as an
 * `internal-error` finding in its place, and the other people (or the other parts of this person's view)
 * are rendered as usual.
 */
import { guardView, type ViewPart } from '../diagnosis/guard.js'
import type { Finding } from '../diagnosis/types.js'
import type { Person } from '../timelines/types.js'
import type { Palette } from './color.js'
import { renderFinding } from './findings.js'
import { findingJson, type PersonJsonOptions, personJson } from './model.js'

/** `personJson(person, { findings, … })`, or the person's key, group and the internal error. */
export function guardedPersonJson(
  person: Person,
  findings: Finding[] | undefined,
  options: Omit<PersonJsonOptions, 'findings'> = {},
): Record<string, unknown> {
  return guardView(
    person,
    () => personJson(person, findings ? { ...options, findings } : options),
    (failure) => ({ key: person.key, group: person.scope, findings: [findingJson(failure)] }),
  )
}

/** One part of a person's text view, or the internal error in its place. */
export function guardedText(person: Person, part: ViewPart, render: () => string, colors: Palette): string {
  return guardView(person, render, (failure) => renderFinding(failure, colors), part)
}
