/**
 * `entra-matching-attribute`: Microsoft Entra ID looks people up by something other than externalId
 * first. GitLab's setup requires externalId (the objectId, equal to the SAML NameId) as matching
 * precedence 1; Entra queries matching attributes in precedence order, so a lookup on another attribute
 * not preceded by an externalId lookup for the same person shows the precedence is wrong.
 */

import { scopeKey } from '../../records/scope-key.js'
import type { ScimRecord } from '../../records/types.js'
import { DOCS } from '../docs.js'
import { personOf, pushTo } from '../facts/scope-facts.js'
import { makeFinding } from '../findings.js'
import type { Finding, GroupRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

/** How far back an externalId lookup for the same person counts as "tried first". */
const WINDOW_MS = 10 * 60 * 1000

function isIdLookup(record: ScimRecord): boolean {
  const attribute = record.body.filter?.attribute.toLowerCase()
  return record.scimId !== undefined || attribute === 'externalid' || attribute === 'id'
}

export const entraMatchingAttribute: GroupRule = {
  id: 'entra-matching-attribute',
  kind: 'group',
  versions: ALL_VERSIONS,
  check(timelines) {
    const owners = personOf(timelines)
    const byScope = new Map<string, ScimRecord[]>()
    for (const record of timelines.records) {
      if (
        record.idp !== 'entra' ||
        // An Entra-only rule needs Entra named by its user agent: request shapes alone (GUIDs, Replace ops)
        // are shared by OneLogin, PingFederate, JumpCloud and others (issue #13 §1).
        record.idpStrength !== 'strong' ||
        record.method !== 'GET' ||
        record.resource !== 'Users' ||
        !record.body.filter
      )
        continue
      if (record.status === 401 || record.status === 403 || isIdLookup(record)) continue
      const person = owners.get(record)
      const precededById = person?.timeline.some(
        (e) =>
          e.record !== record &&
          e.record.idp === 'entra' &&
          e.record.method === 'GET' &&
          isIdLookup(e.record) &&
          e.record.timeMs <= record.timeMs &&
          record.timeMs - e.record.timeMs <= WINDOW_MS,
      )
      if (precededById) continue
      const key = scopeKey(record)
      pushTo(byScope, key, record)
    }
    const findings: Finding[] = []
    for (const records of byScope.values()) {
      const first = records[0] as ScimRecord
      const attributes = [...new Set(records.map((r) => r.body.filter?.attribute ?? '?'))]
      findings.push(
        makeFinding({
          rule: 'entra-matching-attribute',
          severity: 'warning',
          title: `Entra ID matches users on ${attributes.join(', ')}, not externalId`,
          why: `GitLab's Entra setup needs externalId (the objectId, the same value as the SAML NameId) as matching precedence 1; Entra looks people up on ${attributes.join(', ')} first, so it can match the wrong account or none, then create duplicates (409) or update the wrong identity.`,
          docs: DOCS.entraVerify,
          remedy: [
            'In the Entra app → Provisioning → Mappings → "Provision Microsoft Entra ID Users": edit externalId (source objectId), set "Match objects using this attribute" to Yes and "Matching precedence" to 1; give other matching attributes a higher number or turn matching off for them.',
            'Save, then "Restart provisioning".',
          ],
          confirm: [
            'Provision on demand for one user: the step "Match user between source and target" shows externalId.',
            'The next lookups in api_json.log use filter=externalId eq "<objectId>".',
          ],
          scope: first.scope,
          failures: records,
        }),
      )
    }
    return findings
  },
}
