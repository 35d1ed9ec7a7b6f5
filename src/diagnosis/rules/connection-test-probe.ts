/**
 * `connection-test-probe` (informational): lookups of GUIDs that belong to nobody, in the pattern of an
 * identity provider's connection test (timelines/probes.ts). They are the group's probes, not people: this
 * finding says so, so that they are neither counted as people nor taken for failures.
 */

import type { ScimRecord } from '../../records/types.js'
import { DOCS } from '../docs.js'
import { recordsByScope } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import type { Finding, GroupRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { when } from '../wording/phrases.js'

export const connectionTestProbe: GroupRule = {
  id: 'connection-test-probe',
  kind: 'group',
  versions: ALL_VERSIONS,
  check(timelines) {
    const byScope = recordsByScope(timelines.probes ?? [], () => true)
    const findings: Finding[] = []
    for (const records of byScope.values()) {
      const first = records[0] as ScimRecord
      const last = records[records.length - 1] as ScimRecord
      findings.push(
        makeFinding({
          rule: 'connection-test-probe',
          severity: 'info',
          title: `${records.length} connection-test lookup${records.length === 1 ? '' : 's'} of ids that belong to nobody (${when(first.time)}${records.length > 1 ? ` … ${when(last.time)}` : ''})`,
          why: 'Each looks up a random GUID that no other request uses and gets 200 with no match: the pattern of a connection test (Entra\'s "Test Connection" queries a non-existent user with a random GUID). They are probes of the group, not people.',
          docs: DOCS.setup,
          remedy: ['Nothing to do.'],
          confirm: ['The identity provider reports the connection test as successful.'],
          scope: first.scope,
          context: records,
        }),
      )
    }
    return findings
  },
}
