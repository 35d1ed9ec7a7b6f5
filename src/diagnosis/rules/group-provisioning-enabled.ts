/**
 * `group-provisioning-enabled`: requests to `/Groups` on a group SCIM endpoint. GitLab.com group SCIM
 * supports only Users, so these fail; Entra ID shows "Failed to match an entry in the source and target
 * systems Group 'Group-Name'". Harmless for users, but every cycle logs failures: turn group sync off.
 * (Instance SCIM on self-managed can accept `/Groups` behind a feature flag: only its failures count.)
 */

import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import { DOCS } from '../docs.js'
import { recordsByScope } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import type { Finding, GroupRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { idpLogHint, idpOf } from '../wording/idp-hints.js'

export const groupProvisioningEnabled: GroupRule = {
  id: 'group-provisioning-enabled',
  kind: 'group',
  versions: ALL_VERSIONS,
  check(timelines) {
    // Instance SCIM serves /Groups: only its failures count there.
    const byScope = recordsByScope(
      timelines.records,
      (r) => r.resource === 'Groups' && !(r.scopeKind === 'instance' && succeeded(r)),
    )
    const findings: Finding[] = []
    for (const records of byScope.values()) {
      const first = records[0] as ScimRecord
      const idp = idpOf(records)
      findings.push(
        makeFinding({
          rule: 'group-provisioning-enabled',
          severity: 'warning',
          title: `Group provisioning is turned on: ${records.length} request${records.length > 1 ? 's' : ''} to /Groups (harmless, but each fails)`,
          why: 'GitLab group SCIM provisions users only and neither supports nor needs /Groups; the identity provider pushes groups anyway because group sync is enabled, and records a failure each cycle.',
          docs: DOCS.entraGroupMatch,
          remedy: [
            idp === 'okta'
              ? 'In the Okta app, stop pushing groups (Push Groups tab: remove the pushed groups), and leave Group Push off.'
              : 'In the Entra app → Provisioning → Mappings, set "Provision Microsoft Entra ID Groups" (Synchronize Azure Active Directory Groups) to No, then Save.',
          ],
          confirm: [
            idp === 'entra'
              ? `Entra provisioning logs show "Failed to match an entry in the source and target systems Group '<name>'" (the response may include the HTML of https://gitlab.com/users/sign_in); after the change, no more /Groups requests in api_json.log`
              : idpLogHint(idp, 'group', 'the pushed groups'),
          ],
          scope: first.scope,
          failures: records,
        }),
      )
    }
    return findings
  },
}
