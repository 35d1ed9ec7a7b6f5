/**
 * The username GitLab derives from a SCIM `userName` (reference §3.2: `ExternalUsernameSanitizer` and
 * `Namespace.clean_path`). GitLab may then add a numeric suffix if the name is taken; the log cannot
 * show that, so callers say "may be suffixed".
 */
const TRAILING_VIOLATIONS = ['.git', '.atom', '.']

export function gitlabUsername(userName: string): string {
  let path = userName.replace(/@.*$/s, '') // everything from `@` on goes: emails become their local part
  path = path.replace(/[^a-zA-Z0-9_.-]/g, '')
  path = path.replace(/([_.-])[_.-]+/g, '$1') // a run of special characters keeps its first
  path = path.replace(/^[_.-]+|[_.-]+$/g, '')
  for (let changed = true; changed; ) {
    changed = false
    for (const ext of TRAILING_VIOLATIONS) {
      if (path.endsWith(ext)) {
        path = path.slice(0, -ext.length)
        changed = true
      }
    }
  }
  return path === '' ? 'blank' : path
}
