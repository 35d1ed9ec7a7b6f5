/**
 * Picking one person for `timeline`/`explain`: nobody or several matches are user errors that say how
 * to narrow down.
 */
import type { Analysis } from '../analysis/analyse.js'
import { EXIT, UserError } from '../common/errors.js'
import { findPeople } from '../timelines/find.js'
import type { Person, Timelines } from '../timelines/types.js'
import { PLAIN } from '../views/color.js'
import { safe } from '../views/escape.js'
import { renderUsersTable } from '../views/person.js'

/**
 * `pickPerson` in an analysis that may be redacted: the person and group the user typed are real values,
 * matched as their aliases (an alias typed as such matches too).
 */
export function pickRedacted(analysis: Analysis, who: string, group: string | undefined): Person {
  const alias = analysis.alias
  if (!alias) return pickPerson(analysis.timelines, who, group)
  return pickPerson(analysis.timelines, alias(who), group === undefined ? undefined : alias(group))
}

export function pickPerson(timelines: Timelines, who: string, group: string | undefined): Person {
  const candidates = findPeople(timelines.people, who).filter(
    (p) => group === undefined || p.scope.toLowerCase() === group.toLowerCase(),
  )
  if (candidates.length === 1) return candidates[0] as Person
  if (candidates.length === 0) {
    throw new UserError(
      `nobody matches '${safe(who, 80)}' among ${timelines.people.length} people in the log; \`scimtrace users\` lists them`,
      EXIT.noMatch,
    )
  }
  const list = renderUsersTable(candidates.slice(0, 20), PLAIN)
  throw new UserError(
    `${candidates.length} people match '${safe(who, 80)}'; give a full externalId, userName or email, or add --group:\n${list}`,
    EXIT.noMatch,
  )
}
