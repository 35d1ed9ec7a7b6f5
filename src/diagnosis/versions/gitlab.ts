/**
 * GitLab versions: how to write and compare them, and the releases where SCIM behaviour changed, each with
 * the public source it was read from. Rules declare the versions they apply to with `since`/`before`
 * (`VersionRange`); `infer.ts` decides which version a log came from.
 *
 * The changes, oldest first (GitLab's own code and docs; the commits are of the mirrors the code was read in):
 * - 11.10: group SCIM for GitLab.com (`ee/lib/api/scim.rb`, "This feature was introduced in GitLab 11.10").
 *   Until the `scim_identities` table (below) the identity was the group's SAML identity: PATCH active=false
 *   and DELETE destroyed it (`destroy_identity` → `GroupSaml::Identity::DestroyService`), so any later
 *   request on that id answered 404 "Resource <id> not found"; PATCH updated name, email and username through
 *   `Users::UpdateService`, and answered 409 "Email has already been taken" when another account had the email
 *   (`email_taken?`). Source: nickbrandt/GitLab ee/lib/api/scim.rb @ 6d156bf799cd and @ 04ab63a15bb3.
 * - 13.0: SCIM identities of their own (`scim_identities`, with `active`; post-migration
 *   20200310215714_migrate_saml_identities_to_scim_identities, March 2020): deprovisioning sets the identity
 *   inactive and removes the membership (`EE::Gitlab::Scim::DeprovisionService`, `identity.update!(active:
 *   false)`), and a PATCH on an inactive identity reprovisions it (`reprovisionable?`, `ReprovisionService`).
 *   PATCH still updated attributes and still answered 409 "Email has already been taken". Source:
 *   mehulagg/gitlab ee/lib/api/scim.rb @ b009f8d35899; nickbrandt/GitLab ee/lib/ee/gitlab/scim/
 *   deprovision_service.rb @ 71e99cfa52f7. The release is inferred from the migration's date (the first
 *   release after it that GitLab.com groups saw everywhere); no changelog line names it.
 *   The API log's formatter changed about then too: `duration`, `db`, `view` in milliseconds
 *   (nickbrandt/GitLab lib/gitlab/grape_logging/formatters/lograge_with_timestamp.rb @ 108e6fcdc24b) became
 *   `duration_s`, `db_duration_s`, `view_duration_s` in seconds (same file @ e5aeb0be38a3) [inferred: 13.0].
 * - 15.0: "With 15.0, we no longer allow modifying user attributes": PATCH of anything but `active` and the
 *   id answers 204 and changes nothing (`update_scim_user`, pavankalisetti009/gitlab
 *   ee/lib/api/helpers/scim_helpers.rb @ 5857c65b7a0c).
 * - 15.5: the group SCIM identity API `/api/v4/groups/:id/scim/…` (doc/api/scim.md, MR 98354) and the SAML
 *   API `/api/v4/groups/:id/saml/…` (doc/api/saml.md, issue 227841).
 * - 15.8: instance SCIM for self-managed, `/api/scim/v2/application` (doc/administration/settings/
 *   scim_setup.md, epic 8902).
 * - 16.4: the SAML identity survives a SCIM deprovision on self-managed (flag
 *   `skip_saml_identity_destroy_during_scim_deprovision`, 16.0, generally available 16.4, MR 121226); on
 *   GitLab.com from 2023-08-11 (troubleshooting_scim.md), kept as a date in `support.ts` (`SAML_KEPT_SINCE`).
 */

/** A version as a number, `major * 100 + minor` (15.5 → 1505), so that versions compare with `<`. */
export type Version = number

export function version(major: number, minor: number): Version {
  return major * 100 + minor
}

export function formatVersion(v: Version): string {
  return `${Math.floor(v / 100)}.${v % 100}`
}

/** `15.5`, `15.5.1`, `v15.5`, `16.11.2-ee` → 1505…; undefined for anything else. */
export function parseVersion(text: string): Version | undefined {
  const match = /^\s*v?(\d{1,2})\.(\d{1,2})(?:\.\d+)?(?:[-+][0-9a-z.]+)?\s*$/i.exec(text)
  if (!match) return undefined
  const major = Number(match[1])
  const minor = Number(match[2])
  if (major < 1 || minor > 99) return undefined
  return version(major, minor)
}

/** The releases where SCIM behaviour changed (see the file comment for the sources). */
export const CHANGES = {
  /** SCIM identities with `active`: a deprovision keeps the identity (inactive) and PATCH active=true reactivates it. */
  scimIdentities: version(13, 0),
  /** The API log writes `duration_s` (seconds) instead of `duration` (milliseconds) [inferred]. */
  timingSeconds: version(13, 0),
  /** A SCIM PATCH no longer changes name, email or username (204, unchanged). */
  patchIgnoresAttributes: version(15, 0),
  /** `/api/v4/groups/:id/scim/…` and `/api/v4/groups/:id/saml/…`. */
  identityApi: version(15, 5),
  /** `/api/scim/v2/application` on self-managed instances. */
  instanceScim: version(15, 8),
  /** Self-managed keeps the SAML identity on a SCIM deprovision. */
  samlKeptSelfManaged: version(16, 4),
} as const

/**
 * When each of those releases came out (ISO dates). GitLab released on the 22nd of every month until 2023
 * (release posts, e.g. about.gitlab.com/releases/2022/05/22/gitlab-15-0-released/).
 */
export const RELEASED: ReadonlyMap<Version, string> = new Map([
  [version(13, 0), '2020-05-22'],
  [version(15, 0), '2022-05-22'],
  [version(15, 5), '2022-10-22'],
  [version(15, 8), '2023-01-22'],
  [version(16, 4), '2023-09-22'],
])

/** The versions a rule or remedy applies to: `since` inclusive, `before` exclusive; both absent = every version. */
export interface VersionRange {
  since?: Version
  before?: Version
}

export const ALL_VERSIONS: VersionRange = {}

export function since(v: Version): VersionRange {
  return { since: v }
}

export function before(v: Version): VersionRange {
  return { before: v }
}

export function inRange(v: Version, range: VersionRange): boolean {
  return (range.since === undefined || v >= range.since) && (range.before === undefined || v < range.before)
}

/** `15.0 and later`, `before 15.0`, `13.0 to 14.x`, `every version`. */
export function describeRange(range: VersionRange): string {
  if (range.since !== undefined && range.before !== undefined)
    return `${formatVersion(range.since)} to before ${formatVersion(range.before)}`
  if (range.since !== undefined) return `${formatVersion(range.since)} and later`
  if (range.before !== undefined) return `before ${formatVersion(range.before)}`
  return 'every version'
}
