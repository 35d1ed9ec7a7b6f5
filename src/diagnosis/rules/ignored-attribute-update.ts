/**
 * `ignored-attribute-update`: a PATCH of name, email or userName returned 204, but since GitLab 15.0 SCIM
 * can only change `active` and the extern_uid, so the account keeps its older values. Informational, except
 * for an email: the guide requires the GitLab primary email to match the identity provider's (warning).
 * Only changes to a value different from the one GitLab holds are reported.
 */
import type { ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import { attributeFor } from '../../timelines/attributes.js'
import type { AttributeName } from '../../timelines/types.js'
import { gitlabUsername } from '../../timelines/username.js'
import { DOCS } from '../docs.js'
import { label, makeFinding, quote, scimUserPath, when } from '../support.js'
import type { PersonRule } from '../types.js'
import { CHANGES, since } from '../versions/gitlab.js'

interface Ignored {
  record: ScimRecord
  attribute: string
  target: AttributeName
  value: unknown
  held?: string
}

function differs(
  target: AttributeName,
  attribute: string,
  value: unknown,
  held: string | undefined,
): boolean {
  if (held === undefined) return true
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '')
  if (target === 'email') return text.trim().toLowerCase() !== held.toLowerCase()
  if (target === 'username') return gitlabUsername(text) !== held
  if (attribute === 'displayName' || attribute === 'name.formatted') return text !== held
  return !held.includes(text) // a name part: fine if the full name contains it
}

export const ignoredAttributeUpdate: PersonRule = {
  id: 'ignored-attribute-update',
  kind: 'person',
  versions: since(CHANGES.patchIgnoresAttributes),
  check(person) {
    const changes: Ignored[] = []
    for (const entry of person.timeline) {
      const record = entry.record
      if (record.method !== 'PATCH' || !succeeded(record) || !record.patch) continue
      for (const change of record.patch.ignored) {
        const target = attributeFor(change.attribute)
        if (target !== 'name' && target !== 'email' && target !== 'username') continue
        const heldValue = person.attributes[target]?.value
        const held = typeof heldValue === 'string' ? heldValue : undefined
        if (!differs(target, change.attribute, change.value, held)) continue
        const item: Ignored = { record, attribute: change.attribute, target, value: change.value }
        if (held !== undefined) item.held = held
        changes.push(item)
      }
    }
    if (changes.length === 0) return []
    const who = label(person)
    const emailChanged = changes.some((c) => c.target === 'email')
    const targets = [...new Set(changes.map((c) => c.target))]
    const records = [...new Set(changes.map((c) => c.record))]
    const details = targets.map((t) => {
      const last = [...changes].reverse().find((c) => c.target === t) as Ignored
      const provenance = person.attributes[t]
      return `${t}: sent ${quote(last.value)} (${last.attribute}), GitLab keeps ${provenance ? `${quote(provenance.value)} from ${provenance.from} at ${when(provenance.setBy.time)}` : 'its earlier value'}`
    })
    const uid = records[records.length - 1]?.scimId ?? ''
    return [
      makeFinding({
        rule: 'ignored-attribute-update',
        severity: emailChanged ? 'warning' : 'info',
        title: `GitLab ignored ${targets.join(', ')} update${records.length > 1 ? 's' : ''} (204 but unchanged)`,
        why: `Since GitLab 15.0 a SCIM PATCH can change only "active" and the extern_uid; GitLab answers 204 and keeps the values ${who} was provisioned with. ${details.join('; ')}.${emailChanged ? ' The guide requires the GitLab primary email to match the email in the identity provider, or later creates and lookups by email go wrong.' : ''}`,
        docs: DOCS.searchLogs,
        remedy: [
          emailChanged
            ? `Change the email in GitLab itself: ${who} adds the new address under User settings → Emails and makes it primary (or an administrator does).`
            : `Change the value in GitLab itself (the user's profile, or an administrator); SCIM cannot change it.`,
        ],
        confirm: [
          `GET ${scimUserPath(person.scope, person.scopeKind, uid)} still shows the old ${targets.join(', ')}.`,
        ],
        person,
        failures: records,
        context: targets
          .map((t) => person.attributes[t]?.setBy)
          .filter((r): r is ScimRecord => r !== undefined),
      }),
    ]
  },
}
