/**
 * `authentication-failure`: the group's SCIM endpoint refuses the client as a whole.
 * - 401 streaks: the Bearer token is wrong; after earlier successes, it was regenerated in GitLab and not
 *   updated in the identity provider (reference §6 "Reading 401 streaks").
 * - 403: SAML is not enabled for the group (checked before anything else).
 * - 404 for the group itself: every request to the group path 404s, including creates and lists, which
 *   cannot 404 for a missing user: the path is wrong (typo, renamed, subgroup), the group has no SAML SSO,
 *   or the path contains characters such as `.` (Entra "invalid credentials", Okta "Error authenticating: null").
 */
import type { IdentityProvider, ScimRecord } from '../../records/types.js'
import { succeeded } from '../../records/types.js'
import { DOCS, GITLAB_TEXT } from '../docs.js'
import { personOf, scopeFacts, workingGroups } from '../facts/scope-facts.js'
import { makeFinding, rank } from '../findings.js'
import type { CandidateCause, Finding, GroupRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'
import { scimBase } from '../wording/api-calls.js'
import { idpName, idpOf } from '../wording/idp-hints.js'
import { when } from '../wording/phrases.js'

interface Streak {
  status: number
  records: ScimRecord[]
  before?: ScimRecord
  after?: ScimRecord
}

function docsFor(idp: IdentityProvider): string {
  return idp === 'entra'
    ? DOCS.entraInvalidCredentials
    : idp === 'okta'
      ? DOCS.oktaAuthNull
      : DOCS.setupGitlab
}

function testHint(idp: IdentityProvider): string {
  if (idp === 'entra')
    return 'In Entra, "Test Connection" answers "You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account"; provisioning logs show Failure with InsufficientRights/Unauthorized.'
  if (idp === 'okta')
    return 'In Okta, "Test API Credentials" answers "Error authenticating: null"; the System Log shows application.integration.authentication_failure events.'
  return "The client's own log shows the failed authentication."
}

function affected(records: readonly ScimRecord[], owners: Map<ScimRecord, unknown>): string {
  const people = new Set(records.map((r) => owners.get(r)).filter((p) => p !== undefined)).size
  return `${records.length} request${records.length > 1 ? 's' : ''}${people > 0 ? ` for ${people} ${people === 1 ? 'person' : 'people'}` : ''}`
}

/**
 * The latest record of each client (user agent and address), in maps keyed by the records' own strings:
 * every success of a group passes here, and a key string made per record cost ~0.3 s on a million.
 */
class LastByClient {
  private readonly byAgent = new Map<string, Map<string, ScimRecord>>()

  set(record: ScimRecord): void {
    const agent = record.userAgent ?? ''
    let byAddress = this.byAgent.get(agent)
    if (!byAddress) {
      byAddress = new Map()
      this.byAgent.set(agent, byAddress)
    }
    byAddress.set(record.remoteIp ?? '', record)
  }

  get(record: ScimRecord): ScimRecord | undefined {
    return this.byAgent.get(record.userAgent ?? '')?.get(record.remoteIp ?? '')
  }
}

export const authenticationFailure: GroupRule = {
  id: 'authentication-failure',
  kind: 'group',
  versions: ALL_VERSIONS,
  check(timelines, context) {
    const facts = scopeFacts(timelines)
    const working = context.options.workingGroups ?? workingGroups(timelines.records)
    const owners = personOf(timelines)
    const findings: Finding[] = []
    for (const records of facts.byScope.values()) {
      const scope = records[0]?.scope ?? ''
      const scopeKind = records[0]?.scopeKind ?? 'group'
      const base = scimBase(scope, scopeKind)
      const tokenSteps = (idp: IdentityProvider) => [
        `In GitLab: group ${scope} → Settings → SAML SSO → "Generate a SCIM token" (or use the current one if you saved it); copy it.`,
        idp === 'okta'
          ? 'In Okta: the app → Provisioning → Integration → API Token: paste it, "Test API Credentials", Save.'
          : idp === 'entra'
            ? 'In Entra: the app → Provisioning → Admin credentials → Secret Token: paste it, "Test Connection", Save.'
            : 'Put the token in the client as the Bearer token.',
      ]
      const catchUp = (idp: IdentityProvider) =>
        idp === 'entra'
          ? 'Then "Restart provisioning" so Entra re-sends what failed meanwhile.'
          : idp === 'okta'
            ? 'Then retry the failed tasks (Dashboard → Tasks), so the changes made meanwhile reach GitLab.'
            : 'Then re-send the requests that failed meanwhile.'

      // 401 and 403 streaks, per client (user agent and address): a success of the same client ends one.
      const open = new Map<string, Streak>()
      const lastOk = new LastByClient()
      const streaks: Streak[] = []
      const clientOf = (record: ScimRecord) => `${record.userAgent ?? ''}\u0000${record.remoteIp ?? ''}`
      for (const record of records) {
        if (record.status === 401 || record.status === 403) {
          const client = clientOf(record)
          const key = `${client}\u0000${record.status}`
          let streak = open.get(key)
          if (!streak) {
            streak = { status: record.status, records: [] }
            const before = lastOk.get(record)
            if (before) streak.before = before
            open.set(key, streak)
            streaks.push(streak)
          }
          streak.records.push(record)
        } else if (succeeded(record)) {
          lastOk.set(record)
          if (open.size === 0) continue
          const client = clientOf(record)
          for (const status of [401, 403]) {
            const streak = open.get(`${client}\u0000${status}`)
            if (streak) {
              streak.after = record
              open.delete(`${client}\u0000${status}`)
            }
          }
        }
      }
      for (const streak of streaks) {
        const first = streak.records[0] as ScimRecord
        const last = streak.records[streak.records.length - 1] as ScimRecord
        const idp = idpOf(streak.records) === 'other' ? first.idp : idpOf(streak.records)
        const others = records.filter(
          (r) =>
            succeeded(r) &&
            r.timeMs >= first.timeMs &&
            r.timeMs <= last.timeMs &&
            `${r.userAgent ?? ''}\u0000${r.remoteIp ?? ''}` !==
              `${first.userAgent ?? ''}\u0000${first.remoteIp ?? ''}`,
        )
        const resolved = streak.after
        const span = resolved
          ? `from ${when(first.time)} until ${when(resolved.time)}`
          : `since ${when(first.time)}`
        if (streak.status === 403) {
          findings.push(
            makeFinding({
              rule: 'authentication-failure',
              severity: resolved ? 'warning' : 'error',
              title: `SCIM requests to ${scope} rejected with 403 (Group SAML not enabled) ${span}`,
              why: `GitLab checks that SAML SSO is enabled for the group before anything else; with it off, every SCIM request gets 403 (${affected(streak.records, owners)}).`,
              docs: DOCS.setupGitlab,
              remedy: [
                `Enable SAML SSO for ${scope} (Settings → SAML SSO) before SCIM; SCIM needs it.`,
                catchUp(idp),
              ],
              confirm: [
                testHint(idp),
                `GET ${base}/Users?count=1 with the SCIM token returns 403 ${GITLAB_TEXT.forbidden}.`,
              ],
              scope,
              failures: streak.records,
              context: [...(streak.before ? [streak.before] : []), ...(resolved ? [resolved] : [])],
              errorText: GITLAB_TEXT.forbidden,
              ...(resolved ? { resolvedAt: resolved.time } : {}),
            }),
          )
          continue
        }
        const candidates: CandidateCause[] = [
          {
            cause: streak.before
              ? `the SCIM token was regenerated in GitLab between ${when(streak.before.time)} and ${when(first.time)} and not updated in ${idpName(idp)}`
              : 'the token in the identity provider is wrong (mistyped, or from another group)',
            rule: 'authentication-failure',
            likelihood: streak.before ? 0.85 : 0.75,
            for: streak.before
              ? [`the same client succeeded until ${when(streak.before.time)}`]
              : ['no request from this client ever succeeded'],
            against: [],
            check: `GET ${base}/Users?count=1 with the token configured in the identity provider returns 401`,
          },
        ]
        if (others.length > 0)
          candidates.push({
            cause: `a second client (${first.userAgent ?? 'unknown agent'} from ${first.remoteIp ?? 'unknown address'}) still uses an old token while another works`,
            rule: 'authentication-failure',
            likelihood: 0.6,
            for: [`${others.length} requests from other clients succeeded meanwhile`],
            against: [],
            check: 'look for a second, forgotten SCIM app in the identity provider',
          })
        const { ranked } = rank(candidates)
        findings.push(
          makeFinding({
            rule: 'authentication-failure',
            severity: resolved ? 'warning' : 'error',
            title: `401 Unauthorized for every request ${span}: ${streak.before ? 'SCIM token regenerated' : 'wrong SCIM token'}${others.length > 0 ? ' (one client)' : ''}`,
            why: `GitLab compares the Bearer token with the group's SCIM token; a 401 means the token the client sends is missing or no longer valid, so nothing was applied (${affected(streak.records, owners)}).${streak.before ? ' The same client worked before, which is what regenerating the token in GitLab looks like: the old token stops working at once.' : ''}`,
            docs: docsFor(idp),
            remedy: resolved
              ? [
                  `Fixed at ${when(resolved.time)}. Check that the changes made ${span} reached GitLab.`,
                  catchUp(idp),
                ]
              : [...tokenSteps(idp), catchUp(idp)],
            confirm: [testHint(idp), `GET ${base}/Users?count=1 with the new token returns 200.`],
            scope,
            failures: streak.records,
            context: [...(streak.before ? [streak.before] : []), ...(resolved ? [resolved] : [])],
            candidates: ranked.length > 1 ? ranked : undefined,
            errorText: GITLAB_TEXT.unauthorized,
            ...(resolved ? { resolvedAt: resolved.time } : {}),
          }),
        )
      }

      // 404 for the group itself.
      const notFound = records.filter((r) => facts.groupLevel.get(r) === 'group-not-found')
      if (notFound.length === 0) continue
      const first = notFound[0] as ScimRecord
      const last = notFound[notFound.length - 1] as ScimRecord
      const resolved = records.find((r) => r.timeMs > last.timeMs && succeeded(r))
      const idp = idpOf(notFound) === 'other' ? first.idp : idpOf(notFound)
      const similar = working.find((s) => s !== scope && similarPath(s, scope))
      const candidates: CandidateCause[] = []
      const subgroup = scope.includes('/')
      const dotted = /[.]/.test(scope)
      candidates.push({
        cause: subgroup
          ? `${scope} is a subgroup: SCIM works only on top-level groups`
          : `the SCIM URL names a group that does not exist (typo, renamed or transferred group)`,
        rule: 'authentication-failure',
        likelihood: subgroup ? 0.85 : similar ? 0.85 : 0.55,
        for: [
          `every request to ${base}, including collection requests (creates, lists) that cannot 404 for a missing user, got 404`,
          ...(similar ? [`requests to the group ${similar} succeed`] : []),
        ],
        against: [],
        check: `compare ${scope} with the SCIM API endpoint URL shown in the group's Settings → SAML SSO`,
      })
      candidates.push({
        cause: `the group ${scope} exists but has no SAML SSO configured`,
        rule: 'authentication-failure',
        likelihood: 0.3,
        for: ['GitLab answers 404 "does not have SAML SSO configured" in that case'],
        against: similar ? ['a similar group path works, which points to a wrong path instead'] : [],
        check: `open ${scope} → Settings → SAML SSO: is SAML configured and enabled?`,
      })
      if (dotted)
        candidates.push({
          cause: `the group path contains "." which the identity provider mishandles in the URL`,
          rule: 'authentication-failure',
          likelihood: idp === 'entra' ? 0.6 : 0.4,
          for: [`${scope} contains "."`],
          against: [],
          check: 'URL-encode the "." as %2E in the Tenant URL / Base URL and test again',
        })
      const { ranked, confident } = rank(candidates)
      const top = ranked[0] as CandidateCause
      findings.push(
        makeFinding({
          rule: 'authentication-failure',
          severity: resolved ? 'warning' : 'error',
          title: `Every request to group ${scope} gets 404${confident ? `: ${top.cause}` : `, best guess: ${top.cause}`}`,
          why: `GitLab looks the group up before checking the token and answers 404 "Group ${scope} not found" (or "does not have SAML SSO configured"), so nothing reaches the Users API (${affected(notFound, owners)}).${confident ? '' : ' The log cannot tell the causes apart; see candidates.'}`,
          docs: docsFor(idp),
          remedy: [
            `Use the SCIM URL shown in the top-level group's Settings → SAML SSO: https://gitlab.com/api/scim/v2/groups/<top-level-group-path>${similar ? ` (for example ${similar})` : ''}.`,
            ...(dotted
              ? [
                  `If the path really contains ".", URL-encode it (%2E) in the identity provider's URL, or change the group path.`,
                ]
              : []),
            `Make sure SAML SSO is configured and enabled for the group.`,
            catchUp(idp),
          ],
          confirm: [
            testHint(idp),
            `curl -H "Authorization: Bearer <token>" https://gitlab.com${base}/Users?count=1 answers 404 with "${GITLAB_TEXT.groupNotFound(scope)}" or "${GITLAB_TEXT.groupNoSaml(scope)}".`,
          ],
          scope,
          failures: notFound,
          context: resolved ? [resolved] : [],
          candidates: ranked,
          errorText: GITLAB_TEXT.groupNotFound(scope),
          ...(resolved ? { resolvedAt: resolved.time } : {}),
        }),
      )
    }
    return findings
  },
}

/** Paths that differ by case, punctuation or one edit look like the same group mistyped. */
function similarPath(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')
  if (norm(a) === norm(b)) return true
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  if (Math.abs(x.length - y.length) > 1) return false
  let i = 0
  while (i < x.length && x[i] === y[i]) i++
  return x.slice(i + (x.length >= y.length ? 1 : 0)) === y.slice(i + (y.length >= x.length ? 1 : 0))
}
