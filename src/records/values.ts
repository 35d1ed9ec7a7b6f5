/**
 * GitLab's value parsing (reference §3.1 `value_parser.rb`): quotes are removed, then `true`/`false`
 * in any case become booleans ("It also needs to accept capitalized True/False from Azure").
 */
export function scimBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value !== 'string') return undefined
  // No trim: GitLab compares `unquoted.downcase` exactly, so `" false"` stays a string (no deprovision).
  const text = value.replaceAll('"', '').toLowerCase()
  if (text === 'true') return true
  if (text === 'false') return false
  return undefined
}

/** A string value, or undefined for anything else (numbers are accepted as ids are sometimes numeric). */
export function scimString(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}
