import type { ScimFilter } from './types.js'

/** The filters GitLab's finders answer (reference §3.1): everything else is a 412 "Unsupported Filter". */
const SUPPORTED_ATTRIBUTES = new Set(['id', 'externalid', 'username'])

/**
 * Parse a SCIM filter the way GitLab does: `attribute, operator, value = filter.split(' ')`, quotes
 * removed. We keep the whole quoted value (GitLab would cut it at a space) and note the difference
 * in `raw`, so a lookup for `userName eq "Jane Doe"` is still attributed to the right person.
 */
export function parseFilter(raw: string): ScimFilter {
  const text = raw.trim()
  // A value-path attribute (`emails[type eq "work"].value`) has spaces inside its brackets: keep it whole,
  // or its inner `eq "work"` would be read as the operator and value (and linked as an email).
  const match = /^((?:[^\s[]*\[[^\]]*\])+[^\s[]*|\S+)\s+(\S+)\s+(.*)$/s.exec(text)
  if (!match) return { raw: text, attribute: text, operator: '', value: '', supported: false }
  const [, attribute = '', operator = '', rest = ''] = match
  const value = rest
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .replaceAll('"', '')
  const supported = operator.toLowerCase() === 'eq' && SUPPORTED_ATTRIBUTES.has(attribute.toLowerCase())
  return { raw: text, attribute, operator, value, supported }
}

/** The kind of identifier a supported filter looks up, for linking lookups to people. */
export function filterKey(filter: ScimFilter): 'externUid' | 'userName' | undefined {
  if (!filter.supported) return undefined
  return filter.attribute.toLowerCase() === 'username' ? 'userName' : 'externUid'
}
