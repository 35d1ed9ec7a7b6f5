/**
 * Which GitLab version wrote a log: the one given (`--gitlab-version`), or an era inferred from what the
 * records show, with the evidence, so that a report says which rules it applied and why. The clues:
 * - the timing fields: `duration` in milliseconds before 13.0, `duration_s` after (`gitlab.ts`) [inferred];
 * - the SCIM identity API in the log (`/api/v4/groups/:id/scim/…`): 15.5 or later;
 * - instance SCIM (`/api/scim/v2/application`): 15.8 or later;
 * - a PATCH answered 409 (only `Users::UpdateService`'s email clash gave one): before 15.0;
 * - dates: no line can come from a release made after it was written (a month's slack: GitLab.com runs a
 *   release's code before its date); group SCIM is GitLab.com's ("SCIM provisioning using SAML SSO for
 *   GitLab.com groups", doc/user/group/saml_sso/scim_setup.md), and GitLab.com had every release made
 *   before a line was written.
 * Without evidence of an upper bound the newest behaviour is assumed, as the rules were written for it.
 */
import type { ScimRecord } from '../../records/types.js'
import {
  CHANGES,
  describeRange,
  formatVersion,
  inRange,
  RELEASED,
  type Version,
  type VersionRange,
} from './gitlab.js'

export type EvidenceKind = 'timing-fields' | 'identity-api' | 'instance-scim' | 'patch-409' | 'dates'

export interface VersionEvidence {
  kind: EvidenceKind
  /** The versions this clue allows. */
  range: VersionRange
  /** What the log shows, in a sentence. */
  seen: string
  /** How many requests show it. */
  requests: number
}

export interface GitLabEra {
  /** `--gitlab-version`, when given. */
  given?: Version
  /** The versions the evidence allows (empty bounds: unknown). */
  range: VersionRange
  /** The version the rules are applied for: the one given, else the newest the evidence allows. */
  assumed: Version
  evidence: VersionEvidence[]
  /** Evidence the given version contradicts (said in the report; the given version still wins). */
  conflicts: VersionEvidence[]
}

/** Newer than any release: "the newest behaviour". */
export const LATEST: Version = 9999

/** The era when nothing is known: today's rules. */
export const UNKNOWN_ERA: GitLabEra = Object.freeze({
  range: {},
  assumed: LATEST,
  evidence: [],
  conflicts: [],
}) as GitLabEra

const DAY_MS = 86_400_000
/** GitLab.com runs a release's code up to a month before its date. */
const PRERELEASE_SLACK_MS = 31 * DAY_MS

function day(iso: string): string {
  return iso.slice(0, 10)
}

function intersect(ranges: readonly VersionRange[]): VersionRange {
  const out: VersionRange = {}
  for (const r of ranges) {
    if (r.since !== undefined && (out.since === undefined || r.since > out.since)) out.since = r.since
    if (r.before !== undefined && (out.before === undefined || r.before < out.before)) out.before = r.before
  }
  return out
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

/** The clues in `records` (any order). */
export function versionEvidence(records: readonly ScimRecord[]): VersionEvidence[] {
  let seconds = 0
  let millis = 0
  let identityApi = 0
  let instance = 0
  let patch409 = 0
  let firstGroupMs = Number.POSITIVE_INFINITY
  let lastMs = Number.NEGATIVE_INFINITY
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as ScimRecord
    if (r.timingFields === 'seconds') seconds++
    else if (r.timingFields === 'milliseconds') millis++
    if (r.api === 'identity') identityApi++
    else if (r.scopeKind === 'instance') instance++
    else if (r.timeMs < firstGroupMs) firstGroupMs = r.timeMs
    if (r.api === 'scim' && r.method === 'PATCH' && r.status === 409) patch409++
    if (r.timeMs > lastMs) lastMs = r.timeMs
  }
  const evidence: VersionEvidence[] = []
  const change = formatVersion(CHANGES.timingSeconds)
  // Both field sets: the log spans the change (an upgrade), so the fields bound nothing.
  if (millis > 0 && seconds === 0)
    evidence.push({
      kind: 'timing-fields',
      range: { before: CHANGES.timingSeconds },
      seen: `timings in milliseconds (duration, db, view) on ${plural(millis, 'request')}: GitLab wrote duration_s from about ${change}`,
      requests: millis,
    })
  else if (seconds > 0 && millis === 0)
    evidence.push({
      kind: 'timing-fields',
      range: { since: CHANGES.timingSeconds },
      seen: `timings in seconds (duration_s) on ${plural(seconds, 'request')}: GitLab ${change} or later`,
      requests: seconds,
    })
  else if (seconds > 0 && millis > 0)
    evidence.push({
      kind: 'timing-fields',
      range: {},
      seen: `both duration (milliseconds, ${millis}) and duration_s (seconds, ${seconds}): the log spans an upgrade across about ${change}`,
      requests: seconds + millis,
    })
  if (identityApi > 0)
    evidence.push({
      kind: 'identity-api',
      range: { since: CHANGES.identityApi },
      seen: `the SCIM identity API (/api/v4/groups/:id/scim) on ${plural(identityApi, 'request')}: added in ${formatVersion(CHANGES.identityApi)}`,
      requests: identityApi,
    })
  if (instance > 0)
    evidence.push({
      kind: 'instance-scim',
      range: { since: CHANGES.instanceScim },
      seen: `instance SCIM (/api/scim/v2/application) on ${plural(instance, 'request')}: added in ${formatVersion(CHANGES.instanceScim)}`,
      requests: instance,
    })
  if (patch409 > 0)
    evidence.push({
      kind: 'patch-409',
      range: { before: CHANGES.patchIgnoresAttributes },
      seen: `${plural(patch409, 'PATCH')} answered 409: only a PATCH that changed the email answered 409 ("Email has already been taken"), which ended in ${formatVersion(CHANGES.patchIgnoresAttributes)}`,
      requests: patch409,
    })
  if (records.length > 0) for (const e of dateEvidence(lastMs, firstGroupMs, records.length)) evidence.push(e)
  return evidence
}

function dateEvidence(lastMs: number, firstGroupMs: number, requests: number): VersionEvidence[] {
  const out: VersionEvidence[] = []
  // The earliest change released (with the slack) after the last line: the log predates it.
  let before: [Version, string] | undefined
  let since: [Version, string] | undefined
  for (const [v, date] of RELEASED) {
    const ms = Date.parse(`${date}T00:00:00Z`)
    if (ms - PRERELEASE_SLACK_MS > lastMs && (before === undefined || v < before[0])) before = [v, date]
    if (ms <= firstGroupMs && (since === undefined || v > since[0])) since = [v, date]
  }
  const last = day(new Date(lastMs).toISOString())
  if (before)
    out.push({
      kind: 'dates',
      range: { before: before[0] },
      seen: `the last request is of ${last}, before ${formatVersion(before[0])} (released ${before[1]})`,
      requests,
    })
  if (since && Number.isFinite(firstGroupMs))
    out.push({
      kind: 'dates',
      range: { since: since[0] },
      seen: `group SCIM runs on GitLab.com, which had ${formatVersion(since[0])} (released ${since[1]}) by the first group request, of ${day(new Date(firstGroupMs).toISOString())}`,
      requests,
    })
  return out
}

/** The era of `records`, or the version given. */
export function inferEra(records: readonly ScimRecord[], given?: Version): GitLabEra {
  const evidence = versionEvidence(records)
  let range = intersect(evidence.map((e) => e.range))
  // Clues that disagree (a log across an upgrade, a proxy's rewritten fields): keep the lower bounds, the
  // newer behaviour, rather than an empty era.
  if (range.since !== undefined && range.before !== undefined && range.since >= range.before)
    range = { since: range.since }
  const era: GitLabEra = {
    range,
    assumed: given ?? (range.before !== undefined ? range.before - 1 : LATEST),
    evidence,
    conflicts: given === undefined ? [] : evidence.filter((e) => !inRange(given, e.range)),
  }
  if (given !== undefined) era.given = given
  return era
}

/** `GitLab 14.10 (given)`, `GitLab before 13.0 (inferred)`, `GitLab 15.5 and later (inferred)`, `unknown`. */
export function describeEra(era: GitLabEra): string {
  if (era.given !== undefined) return `GitLab ${formatVersion(era.given)} (--gitlab-version)`
  if (era.range.since === undefined && era.range.before === undefined)
    return 'GitLab version unknown (newest behaviour assumed)'
  return `GitLab ${describeRange(era.range)} (inferred)`
}

/** Whether the era's version has the change released in `v`. */
export function hasChange(era: GitLabEra, v: Version): boolean {
  return era.assumed >= v
}

/** How timelines replay requests for the era (`TimelineOptions`). */
export function timelineOptions(era: GitLabEra): { patchAppliesAttributes: boolean } {
  return { patchAppliesAttributes: !hasChange(era, CHANGES.patchIgnoresAttributes) }
}

/** The era as the report's JSON gives it (`summary.gitlab`). */
export function eraJson(era: GitLabEra) {
  return {
    given: era.given === undefined ? null : formatVersion(era.given),
    since: era.range.since === undefined ? null : formatVersion(era.range.since),
    before: era.range.before === undefined ? null : formatVersion(era.range.before),
    rulesFor: describeEra(era),
    evidence: era.evidence.map((e) => ({
      kind: e.kind,
      since: e.range.since === undefined ? null : formatVersion(e.range.since),
      before: e.range.before === undefined ? null : formatVersion(e.range.before),
      seen: e.seen,
      requests: e.requests,
    })),
    conflicts: era.conflicts.map((e) => e.seen),
  }
}
