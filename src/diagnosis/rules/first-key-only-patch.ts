/**
 * `first-key-only-patch`: a path-less PATCH operation whose value holds several attributes. GitLab reads
 * only the first key ("Azure uses path while Okta does not", reference §3.1), so the rest is lost. When the
 * lost key is `active` or the extern_uid, the change the identity provider meant did not happen (error);
 * when only attributes GitLab ignores anyway were lost, it is worth knowing (info). A single-key path-less
 * op (Okta's deactivate) is fine.
 */
import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import { DOCS } from '../docs.js'
import { label, makeFinding, patchActiveCall, quote, scimUserPath } from '../support.js'
import type { Finding, PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

const SIGNIFICANT = new Set(['active', 'externalid', 'id'])

/** The first key GitLab read from the path-less op(s) of a PATCH. */
function firstKeys(record: ScimRecord): string[] {
  const keys: string[] = []
  for (const op of record.body.operations) {
    if (op.path !== undefined || !op.value || typeof op.value !== 'object' || Array.isArray(op.value))
      continue
    const first = Object.keys(op.value)[0]
    if (first !== undefined) keys.push(first)
  }
  return keys
}

export const firstKeyOnlyPatch: PersonRule = {
  id: 'first-key-only-patch',
  kind: 'person',
  versions: ALL_VERSIONS,
  check(person) {
    const patches = person.timeline
      .map((e) => e.record)
      .filter((r) => r.method === 'PATCH' && succeeded(r) && (r.patch?.droppedKeys.length ?? 0) > 0)
    if (patches.length === 0) return []
    const findings: Finding[] = []
    const who = label(person)
    const lost = patches.filter((r) =>
      r.patch?.droppedKeys.some((k) => SIGNIFICANT.has(k.attribute.toLowerCase())),
    )
    const harmless = patches.filter((r) => !lost.includes(r))
    const fix =
      patches[0]?.idp === 'entra'
        ? 'In the Entra app, remove the aadOptscim062020 flag from the Tenant URL so Entra sends one operation per attribute with a path (GitLab reads every op that has a path).'
        : 'Configure the client to send one operation per attribute with a "path" (or, for Okta, only "active" in a deactivate/reactivate PATCH).'
    const describe = (r: ScimRecord) =>
      `read ${firstKeys(r).join(', ') || '(nothing)'}, dropped ${(r.patch?.droppedKeys ?? []).map((k) => `${k.attribute}=${quote(k.value)}`).join(', ')}`
    if (lost.length > 0) {
      const first = lost[0] as ScimRecord
      const droppedActive = first.patch?.droppedKeys.find((k) => k.attribute.toLowerCase() === 'active')
      const uid = first.scimId ?? ''
      findings.push(
        makeFinding({
          rule: 'first-key-only-patch',
          severity: 'error',
          title: droppedActive
            ? `PATCH lost "active": GitLab read only the first key, so ${who} was not ${droppedActive.value === false || droppedActive.value === 'False' || droppedActive.value === 'false' ? 'deactivated' : 'reactivated'}`
            : `PATCH lost the extern_uid change: GitLab read only the first key`,
          why: `Without a path, GitLab uses only the first key of an operation's value object and drops the rest; here it ${describe(first)}.`,
          docs: DOCS.setupMappings,
          remedy: [
            fix,
            ...(droppedActive && uid
              ? [
                  `Apply the lost change by hand: ${patchActiveCall(person.scope, person.scopeKind, uid).replace('"value":true', `"value":${droppedActive.value === false || String(droppedActive.value).toLowerCase() === 'false' ? 'false' : 'true'}`)}.`,
                ]
              : []),
          ],
          confirm: [
            `GET ${scimUserPath(person.scope, person.scopeKind, uid)} still shows the old "active" value / id.`,
          ],
          person,
          failures: lost,
        }),
      )
    }
    if (harmless.length > 0) {
      const first = harmless[0] as ScimRecord
      findings.push(
        makeFinding({
          rule: 'first-key-only-patch',
          severity: 'info',
          title: `Path-less PATCH with several attributes: GitLab applied only the first key`,
          why: `Without a path, GitLab uses only the first key of an operation's value object; here it ${describe(first)}. The dropped attributes are ones GitLab ignores anyway since 15.0, so nothing was lost, but an "active" key in such an op would be.`,
          docs: DOCS.setupMappings,
          remedy: [fix],
          confirm: ['The next lookups show the account unchanged.'],
          person,
          failures: harmless,
        }),
      )
    }
    return findings
  },
}
