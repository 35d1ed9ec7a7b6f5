/**
 * `unexplained-failure`: failures no other rule accounted for, grouped per person (or group), method and
 * status, so that no failure passes silently. Run last, by the engine (`diagnosis/index.ts`).
 */

import { scopeKey } from '../../records/scope-key.js'
import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import type { Timelines } from '../../timelines/types.js'
import { DOCS } from '../docs.js'
import { personOf, pushTo } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import type { CatchAllRule, Finding } from '../types.js'
import { idpLogHint, idpOf } from '../wording/idp-hints.js'
import { when } from '../wording/phrases.js'

function unexplained(timelines: Timelines, covered: ReadonlySet<ScimRecord>): Finding[] {
  const owners = personOf(timelines)
  const groups = new Map<string, ScimRecord[]>()
  for (const record of timelines.records) {
    if (succeeded(record) || covered.has(record)) continue
    const owner = owners.get(record)
    const key = `${owner?.key ?? scopeKey(record)}\u0000${record.method}\u0000${record.action}\u0000${record.status}`
    pushTo(groups, key, record)
  }
  const findings: Finding[] = []
  for (const records of groups.values()) {
    const first = records[0] as ScimRecord
    const person = owners.get(first)
    const who = person ? (person.emails[0] ?? person.userNames[0] ?? person.key) : first.scope
    findings.push(
      makeFinding({
        rule: 'unexplained-failure',
        severity: 'warning',
        title: `${first.method} (${first.action}) failed with ${first.status ?? 'no response'}; no known situation matches`,
        why: `GitLab rejected ${records.length > 1 ? 'these requests' : 'this request'} first at ${when(first.time)}; its response text is not in api_json.log, so the reason is in the identity provider's log.`,
        docs: DOCS.searchLogs,
        remedy: [
          `Read GitLab's response in the identity provider's log, or search production_json.log for correlation_id ${first.correlationId ?? '(none logged)'}.`,
        ],
        confirm: [idpLogHint(idpOf(records), 'update', who)],
        ...(person ? { person } : { scope: first.scope }),
        failures: records,
      }),
    )
  }
  return findings
}

export const unexplainedFailure: CatchAllRule = {
  id: 'unexplained-failure',
  kind: 'catch-all',
  check: unexplained,
}
