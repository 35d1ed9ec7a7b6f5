/**
 * `put-not-supported` (beyond the minimum set): PUT /Users/:id, which Okta sends for profile updates when
 * "Update User Attributes" is on. GitLab has no PUT route (reference §2.1), so each is rejected; GitLab
 * would ignore the profile change anyway. One group-wide finding: it is the app's configuration.
 */

import type { ScimRecord } from '../../records/types.js'
import { DOCS } from '../docs.js'
import { failedOnItsOwn, personOf, recordsByScope } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import type { Finding, GroupRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { idpLogHint, idpOf } from '../wording/idp-hints.js'

export const putNotSupported: GroupRule = {
  id: 'put-not-supported',
  kind: 'group',
  versions: ALL_VERSIONS,
  check(timelines) {
    const byScope = recordsByScope(timelines.records, (r) => r.method === 'PUT' && failedOnItsOwn(r))
    const owners = personOf(timelines)
    const findings: Finding[] = []
    for (const records of byScope.values()) {
      const first = records[0] as ScimRecord
      const idp = idpOf(records)
      const people = new Set(records.map((r) => owners.get(r)).filter((p) => p !== undefined)).size
      findings.push(
        makeFinding({
          rule: 'put-not-supported',
          severity: 'warning',
          title: `${records.length} PUT request${records.length > 1 ? 's' : ''} rejected (${first.status}): GitLab has no PUT route${people > 0 ? ` (${people} people)` : ''}`,
          why: 'Okta sends profile updates as PUT /Users/:id when "Update User Attributes" is enabled; GitLab group SCIM has no PUT route, so every push fails (and GitLab would ignore name, email or username changes anyway).',
          docs: DOCS.setupOkta,
          remedy: [
            idp === 'okta' || idp === 'other'
              ? 'In the Okta app → Provisioning → To App: enable only "Create Users" and "Deactivate Users"; turn off "Update User Attributes".'
              : 'Configure the client to use PATCH for updates.',
          ],
          confirm: [
            idpLogHint(idp, 'update', 'the updated users'),
            'After the change, no PUT requests appear in api_json.log.',
          ],
          scope: first.scope,
          failures: records,
        }),
      )
    }
    return findings
  },
}
