/**
 * Failures that are not SCIM validation: 5xx (`server-error`), 429 (`rate-limited`) and requests GitLab
 * logged without a response (`no-response`, status "fail"). Identity providers retry them (Entra after
 * about 40 minutes), so a later success of the same request resolves them.
 */
import type { ScimRecord } from '../records/types.js'
import { DOCS } from './docs.js'
import {
  type IdpOperation,
  idpLogHint,
  label,
  laterSuccess,
  makeFinding,
  personFailureRuns,
  recordsOf,
  retryHint,
  uidOf,
  when,
} from './support.js'
import type { Finding, PersonRule } from './types.js'
import type { VersionRange } from './versions/gitlab.js'

const WRITES = new Set(['create', 'deactivate', 'reactivate', 'change-extern-uid', 'delete'])

function operation(record: ScimRecord): IdpOperation {
  switch (record.action) {
    case 'create':
      return 'create'
    case 'deactivate':
      return 'deactivate'
    case 'delete':
      return 'delete'
    case 'lookup':
    case 'list':
      return 'lookup'
    default:
      return 'update'
  }
}

interface TransientKind {
  id: string
  select: (record: ScimRecord) => boolean
  what: (record: ScimRecord) => string
  why: string
  extraRemedy: string
  entraCode: string
  /** The GitLab versions whose behaviour it describes (`PersonRule.versions`). */
  versions: VersionRange
}

export function transientRule(kind: TransientKind): PersonRule {
  return {
    id: kind.id,
    kind: 'person',
    versions: kind.versions,
    check(person, context) {
      const records = recordsOf(person)
      const runs = personFailureRuns(person, context.timelines, (r) => kind.select(r))
      const findings: Finding[] = []
      const who = label(person)
      for (const failures of runs) {
        const first = failures[0] as ScimRecord
        const last = failures[failures.length - 1] as ScimRecord
        const resolved = laterSuccess(
          records,
          last,
          (r) => r.method === first.method && uidOf(r) === uidOf(first),
        )
        const write = WRITES.has(first.action)
        const title = `${first.method} (${first.action}) ${kind.what(first)}${failures.length > 1 ? ` ${failures.length} times` : ''}`
        findings.push(
          makeFinding({
            rule: kind.id,
            severity: resolved ? 'info' : write ? 'error' : 'warning',
            title: resolved ? `${title}; succeeded on retry at ${when(resolved.time)}` : title,
            why: `${kind.why}${write && !resolved ? ` The ${first.action} for ${who} has not been applied as far as the log shows.` : ''}`,
            docs: DOCS.searchLogs,
            remedy: resolved
              ? ['Nothing to do: a retry succeeded.']
              : [
                  retryHint(first.idp).replace(/^Then /, ''),
                  `Look up the request in production_json.log or Sentry by correlation_id ${first.correlationId ?? '(none logged)'}.`,
                  kind.extraRemedy,
                ],
            confirm: [
              first.idp === 'entra'
                ? `Entra provisioning logs: status Failure for ${who} with error code ${kind.entraCode}, "will be retried"`
                : idpLogHint(first.idp, operation(first), who),
            ],
            person,
            failures,
            context: resolved ? [resolved] : [],
            ...(resolved ? { resolvedAt: resolved.time } : {}),
          }),
        )
      }
      return findings
    },
  }
}
