/**
 * `unsupported-endpoint` (beyond the minimum set): requests to SCIM resources GitLab does not serve
 * (`/Schemas`, `/ServiceProviderConfig`, `/ResourceTypes`, …), which SCIM validators and some clients
 * probe. They fail and change nothing; informational.
 */

import type { ScimRecord } from '../../records/types.js'
import { DOCS } from '../docs.js'
import { failedOnItsOwn, recordsByScope } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import type { Finding, GroupRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const unsupportedEndpoint: GroupRule = {
  id: 'unsupported-endpoint',
  kind: 'group',
  versions: ALL_VERSIONS,
  check(timelines) {
    const byScope = recordsByScope(timelines.records, (r) => r.resource === 'other' && failedOnItsOwn(r))
    const findings: Finding[] = []
    for (const records of byScope.values()) {
      const first = records[0] as ScimRecord
      const paths = [...new Set(records.map((r) => r.path.replace(/^.*\/(groups\/[^/]+|application)\//, '')))]
      findings.push(
        makeFinding({
          rule: 'unsupported-endpoint',
          severity: 'info',
          title: `Requests to SCIM endpoints GitLab does not serve: ${paths.slice(0, 4).join(', ')}${paths.length > 4 ? ', …' : ''}`,
          why: 'GitLab SCIM serves only /Users (and, on self-managed instance SCIM, /Groups); discovery endpoints such as /Schemas or /ServiceProviderConfig return 404. Clients usually carry on without them.',
          docs: DOCS.setup,
          remedy: ['Nothing to fix in GitLab; if a SCIM validator sent these, ignore them.'],
          confirm: ['The users themselves are provisioned normally.'],
          scope: first.scope,
          failures: records,
        }),
      )
    }
    return findings
  },
}
