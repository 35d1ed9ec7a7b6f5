/**
 * Remedies and confirm steps for the version the log came from: a step that names an endpoint the version
 * lacks is rewritten with what that version had. The endpoints, each with the release that added it
 * (`gitlab.ts`):
 * - the group SCIM identity API, `/api/v4/groups/:id/scim/…` (15.5): its PATCH of `extern_uid` becomes the
 *   SCIM PATCH of `externalId`, which every version has (`identity.update(extern_uid:)` in ee/lib/api/scim.rb
 *   since 11.10); its GET of the identities becomes the SCIM list, whose `id`s are the stored extern_uids;
 *   its DELETE has no equivalent (a SCIM DELETE deprovisions, it does not free the id);
 * - the SAML API, `/api/v4/groups/:id/saml/…` (15.5): the NameId is read with a SAML tracer, and changed by
 *   the user unlinking and relinking SAML SSO.
 * The rules write today's steps; this runs on their findings (`diagnose`), so each rule stays one version's
 * text and the version logic stays here.
 */
import type { Finding } from '../types.js'
import { CHANGES, formatVersion } from './gitlab.js'
import { type GitLabEra, hasChange } from './infer.js'

/** The SCIM path of a group's user, from the parts of an identity API path (both URL-encoded as written). */
function scimUser(group: string, uid: string): string {
  return `/api/scim/v2/groups/${safeDecode(group)}/Users/${uid}`
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

const IDENTITY_API = formatVersion(CHANGES.identityApi)

interface Rewrite {
  pattern: RegExp
  replace: (...groups: string[]) => string
}

/** A path segment as the rules write it: encoded, or a placeholder such as `<stored id>`. */
const SEGMENT = String.raw`(<[^>]+>|[^\s<]+)`
/** A value at the end of a clause: a placeholder, or up to the sentence's punctuation. */
const VALUE = String.raw`(<[^>]+>|[^\s,;()]+?(?=[.,;)]?(?:\s|$)))`

const REWRITES: readonly Rewrite[] = [
  {
    // Both ways of moving an identity offered: keep the SCIM one.
    pattern: new RegExp(
      String.raw`PATCH /api/v4/groups/[^/\s]+/scim/${SEGMENT} with extern_uid=${VALUE}(?: \(personal access token of a group Owner\))?, or (PATCH /api/scim/\S+ with \{.*?\}\]\})`,
      'g',
    ),
    replace: (_m, _uid, _value, scim = '') => `${scim} (the SCIM identity API came in ${IDENTITY_API})`,
  },
  {
    // PATCH /api/v4/groups/G/scim/OLD with extern_uid=NEW …
    pattern: new RegExp(
      String.raw`PATCH /api/v4/groups/([^/\s]+)/scim/${SEGMENT} with extern_uid=${VALUE}(?: \(personal access token of a group Owner\))?`,
      'g',
    ),
    replace: (_m, group = '', uid = '', value = '') =>
      `PATCH ${scimUser(group, uid)} with {"Operations":[{"op":"replace","path":"externalId","value":"${value}"}]} (the group's SCIM token; the SCIM identity API came in ${IDENTITY_API})`,
  },
  {
    pattern: new RegExp(String.raw`DELETE /api/v4/groups/[^/\s]+/scim/${SEGMENT}(?=[.,;)]?(?:\s|$))`, 'g'),
    replace: () =>
      `ask GitLab Support to remove that identity (before ${IDENTITY_API} there is no SCIM identity API, and a SCIM DELETE only deprovisions)`,
  },
  {
    pattern: new RegExp(
      String.raw`PATCH /api/v4/groups/[^/\s]+/saml/${SEGMENT} with extern_uid=${VALUE}`,
      'g',
    ),
    replace: () =>
      `have the user unlink SAML SSO and sign in with it again (the SAML API came in ${IDENTITY_API})`,
  },
  {
    pattern: /GET \/api\/v4\/groups\/([^/\s]+)\/scim\/identities/g,
    replace: (_m, group = '') =>
      `GET /api/scim/v2/groups/${safeDecode(group)}/Users (each user's id is the stored extern_uid; the SCIM identity API came in ${IDENTITY_API})`,
  },
  {
    pattern: /GET \/api\/v4\/groups\/([^/\s]+)\/saml\/identities/g,
    replace: () => `the NameId in a SAML tracer at sign-in (the SAML API came in ${IDENTITY_API})`,
  },
  {
    pattern: /GET …\/scim\/identities/g,
    replace: () => 'the SCIM list of users',
  },
  {
    // The cross-check reads files the identity API writes.
    pattern: /; scimtrace report --scim-identities … --saml-identities … does the comparison/g,
    replace: () => '',
  },
]

/** An endpoint the era lacks, named in `text` (what the consistency test checks). */
export function lackingEndpoint(text: string, era: GitLabEra): string | undefined {
  if (hasChange(era, CHANGES.identityApi)) return undefined
  return /\/api\/v4\/groups\/[^/\s]+\/(?:scim|saml)\b|--(?:scim|saml)-identities/.exec(text)?.[0]
}

function adaptStep(step: string): string {
  let out = step
  for (const rewrite of REWRITES) out = out.replace(rewrite.pattern, rewrite.replace)
  return out
}

/** The finding with steps the era's GitLab can follow (the same object when nothing changes). */
export function adaptFinding(finding: Finding, era: GitLabEra): Finding {
  if (hasChange(era, CHANGES.identityApi)) return finding
  const remedy = finding.remedy.map(adaptStep)
  const confirm = finding.confirm.map(adaptStep)
  const candidates = finding.candidates?.map((c) => ({ ...c, check: adaptStep(c.check) }))
  const changed =
    remedy.some((s, i) => s !== finding.remedy[i]) ||
    confirm.some((s, i) => s !== finding.confirm[i]) ||
    candidates?.some((c, i) => c.check !== finding.candidates?.[i]?.check)
  if (!changed) return finding
  // Mutated in place: `coveredRecords` keys on the finding object.
  finding.remedy = remedy
  finding.confirm = confirm
  if (candidates) finding.candidates = candidates
  return finding
}
