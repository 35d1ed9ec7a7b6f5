/**
 * One bad value never costs the report. A rule, remedy text or view that throws for one person (a lone
 * surrogate in `encodeURIComponent`, a PATCH op of an unforeseen shape) becomes an `internal-error` finding
 * for that person, naming the rule and the message, and the rest of the report is produced; the CLI then
 * exits with `EXIT.incomplete` (5) so a script knows a finding may be missing.
 *
 * `SCIMTRACE_FAULT=<rule id>` makes that rule throw, `SCIMTRACE_FAULT=<part>` every person's view of that
 * part (`ViewPart`: a report section, a table row, the timeline, …) and `<part>:<person key>` one person's
 * only: the test hook for this path, since a rule that fails on real input is a bug that gets fixed.
 */
import type { Steps } from '../common/steps.js'
import { maskSecretText } from '../records/secrets.js'
import type { Person } from '../timelines/types.js'
import type { Finding } from './types.js'

export const INTERNAL_ERROR = 'internal-error'

/** The guide the other findings point to: the person's problem may still be one it describes. */
const GUIDE = 'https://docs.gitlab.com/user/group/saml_sso/troubleshooting_scim/'

/** The injected fault, if any (`SCIMTRACE_FAULT`). */
export function injectedFault(): string | undefined {
  return typeof process === 'undefined' ? undefined : process.env.SCIMTRACE_FAULT || undefined
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  // Bounded and masked: a message may quote a value (the views escape it when printing).
  return maskSecretText(text.length > 300 ? `${text.slice(0, 299)}…` : text)
}

/** The finding that stands for what `rule` could not work out, for one person or (without one) a group. */
export function internalErrorFinding(rule: string, error: unknown, person?: Person, scope?: string): Finding {
  const message = messageOf(error)
  const finding: Finding = {
    rule: INTERNAL_ERROR,
    severity: 'error',
    title: `scimtrace could not finish ${rule === 'view' ? 'showing' : `rule ${rule} for`} ${person ? 'this person' : 'this group'}: ${message}`,
    why: `An internal error in scimtrace (a bug) stopped ${rule === 'view' ? 'this part of the report' : `the rule ${rule}`}; its findings here may be missing. Everything else in the report is complete.`,
    docs: GUIDE,
    evidence: [],
    remedy: [
      'Run again with SCIMTRACE_DEBUG=1 and report the message with the log line that causes it (redacted).',
    ],
    confirm: [],
  }
  if (person) {
    finding.personKey = person.key
    finding.scope = person.scope
    finding.time = person.firstSeen
  } else if (scope !== undefined) finding.scope = scope
  return finding
}

/** `check()`'s findings, or, if it throws, one `internal-error` finding in their place. */
export function guardRule(
  rule: string,
  fault: string | undefined,
  check: () => Finding[],
  person?: Person,
): Finding[] {
  try {
    if (fault === rule) throw new Error(`injected fault in ${rule} (SCIMTRACE_FAULT)`)
    return check()
  } catch (error) {
    return [internalErrorFinding(rule, error, person)]
  }
}

/** `guardRule` for a rule's steps: its findings, or, if a step throws, one `internal-error` finding. */
export function* guardSteps(
  rule: string,
  fault: string | undefined,
  steps: () => Steps<Finding[]>,
): Steps<Finding[]> {
  try {
    if (fault === rule) throw new Error(`injected fault in ${rule} (SCIMTRACE_FAULT)`)
    return yield* steps()
  } catch (error) {
    return [internalErrorFinding(rule, error)]
  }
}

/** How many views failed in this thread (the CLI reads it to choose the exit code). */
let viewFailures = 0

export function viewFailureCount(): number {
  return viewFailures
}

/**
 * The parts of the output drawn per person, each guarded on its own: `view` is a person's section of a
 * report (or JSON object), `row` their row of a people table, the others the parts of `explain`/`timeline`.
 */
export type ViewPart = 'view' | 'row' | 'header' | 'timeline' | 'attributes' | 'finding'

/** `render()`, or, if it throws, `fallback` given the `internal-error` finding for the person. */
export function guardView<T>(
  person: Person,
  render: () => T,
  fallback: (finding: Finding) => T,
  part: ViewPart = 'view',
): T {
  try {
    const fault = injectedFault()
    if (fault === part || fault === `${part}:${person.key}`)
      throw new Error(`injected fault in ${part} (SCIMTRACE_FAULT)`)
    return render()
  } catch (error) {
    viewFailures++
    return fallback(internalErrorFinding('view', error, person))
  }
}

/** Whether findings include an `internal-error` (the report is incomplete). */
export function hasInternalError(findings: Iterable<Finding>): boolean {
  for (const finding of findings) if (finding.rule === INTERNAL_ERROR) return true
  return false
}
