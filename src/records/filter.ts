import type { ScimFilter } from './types.js'

/**
 * The filters GitLab's finders answer (reference §3.1): everything else is a 412 "Unsupported Filter".
 * GitLab compares both exactly (`FILTER_OPERATORS.include?(operator)`, `MAPPINGS.key?(attribute)`), so
 * `username EQ "x"` is unsupported; for linking, `filterKey` still reads such a lookup case-insensitively.
 */
const SUPPORTED_ATTRIBUTES = new Set(['id', 'externalId', 'userName'])
const LOOKUP_ATTRIBUTES = new Set(['id', 'externalid', 'username'])

/**
 * Parse a SCIM filter the way GitLab does: `attribute, operator, value = filter.split(' ')`, quotes
 * removed. We keep the whole quoted value (GitLab would cut it at a space) and note the difference
 * in `raw`, so a lookup for `userName eq "Jane Doe"` is still attributed to the right person.
 */
/** Distinct filter texts kept parsed; past this many the cache starts again (only sharing is lost). */
const MAX_SHARED_FILTERS = 1 << 16
const sharedFilters = new Map<string, ScimFilter>()

/**
 * `parseFilter`, one object per distinct text: an identity provider looks the same person up again and again
 * (Okta on every push), and each parsed filter with its strings is ~170 bytes of a record. The objects are
 * never changed once made. On dense-200k-1g: 48,114 lookups, 20,000 distinct filters.
 */
export function sharedFilter(raw: string): ScimFilter {
  let filter = sharedFilters.get(raw)
  if (filter === undefined) {
    if (sharedFilters.size >= MAX_SHARED_FILTERS) sharedFilters.clear()
    filter = parseFilter(raw)
    sharedFilters.set(raw, filter)
  }
  return filter
}

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
  const supported = operator === 'eq' && SUPPORTED_ATTRIBUTES.has(attribute)
  return { raw: text, attribute, operator, value, supported }
}

/**
 * The kind of identifier an `eq` lookup names, for linking lookups to people. Case-insensitive on purpose:
 * a `username EQ "x"` lookup (412 from GitLab) is still about the person called x.
 */
export function filterKey(filter: ScimFilter): 'externUid' | 'userName' | undefined {
  if (filter.operator.toLowerCase() !== 'eq') return undefined
  const attribute = filter.attribute.toLowerCase()
  if (!LOOKUP_ATTRIBUTES.has(attribute)) return undefined
  return attribute === 'username' ? 'userName' : 'externUid'
}
