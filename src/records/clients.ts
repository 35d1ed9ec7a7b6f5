/**
 * Who sent a SCIM request, from its user agent: an identity provider we can name, or a person calling
 * the API by hand (issue #13 §1–2). Only the user agent names a provider with confidence; the request
 * shape (records/idp.ts) is weaker evidence and is consulted only when the user agent says nothing.
 *
 * Sources (see samples/README.md, "Identity providers and clients"):
 * - Okta: `Okta SCIM Client 1.0.0` in every example of okta/okta-developer-docs
 *   (…/reference/scim/scim-20/index.md) [doc].
 * - Entra ID: no document names it; third-party SCIM servers match "Microsoft Azure AD SCIM provisioning"
 *   (gitlab-scim-reference §4.2) [inferred].
 * - Google Workspace auto-provisioning: `Google-Auto-Provisioning` (pond/scimitar issue #142 and its
 *   controller spec, which special-case that exact agent) [code].
 * - authentik's SCIM provider: `authentik@<version>` (goauthentik/authentik authentik/lib/utils/http.py,
 *   `authentik_user_agent`) [code].
 * - OneLogin, JumpCloud, PingFederate/PingOne, Keycloak: no published user agent found; matched on the
 *   product name when the agent carries it [inferred].
 * - `Apache-HttpClient/…`: the Java HTTP client that PingFederate's SCIM connector and Keycloak SCIM
 *   plugins run on (justin-stephenson/scim-keycloak-user-storage-spi README: "the java Apache HTTP
 *   client"); it names no provider, so it is weak evidence [inferred].
 * - Hand-made requests: command-line tools and HTTP libraries send their own name and version
 *   (`curl/8.5.0`, `Wget/1.21`, `python-requests/2.31.0`, `Go-http-client/1.1`, `PostmanRuntime/7.36.0`,
 *   `HTTPie/3.2.2`, `node-fetch/1.0`, `Faraday v2.7.4`, …), as GitLab's troubleshooting page expects for
 *   the admin's own GET/PATCH calls (gitlab-scim-reference §5) [doc].
 */
import type { IdentityProvider } from './types.js'

/** The client named as precisely as the evidence allows. `manual`: a person with an HTTP tool. */
export type Provider =
  | 'okta'
  | 'entra'
  | 'onelogin'
  | 'pingfederate'
  | 'jumpcloud'
  | 'google'
  | 'keycloak'
  | 'authentik'
  | 'manual'
  | 'unknown'

export const PROVIDERS: readonly Provider[] = [
  'okta',
  'entra',
  'onelogin',
  'pingfederate',
  'jumpcloud',
  'google',
  'keycloak',
  'authentik',
  'manual',
  'unknown',
]

/** `strong`: the user agent names the client; `weak`: a generic agent, or the request's shape. */
export type EvidenceStrength = 'strong' | 'weak' | 'none'

export interface ClientMatch {
  provider: Provider
  /** The JSON contract's `idp` (okta/entra/other): every other provider and manual requests are `other`. */
  idp: IdentityProvider
  strength: EvidenceStrength
}

interface Pattern {
  test: RegExp
  provider: Provider
  strength: EvidenceStrength
}

// Order matters: a named provider wins over the HTTP library it runs on.
const PATTERNS: readonly Pattern[] = [
  { test: /okta/i, provider: 'okta', strength: 'strong' },
  // Not a bare "entra" (it would catch "Central…" agents and the reference's `<Entra UA - not confirmed>`).
  { test: /azure|microsoft|aad[^a-z]/i, provider: 'entra', strength: 'strong' },
  { test: /onelogin/i, provider: 'onelogin', strength: 'strong' },
  { test: /ping ?(federate|one|identity)/i, provider: 'pingfederate', strength: 'strong' },
  { test: /jumpcloud/i, provider: 'jumpcloud', strength: 'strong' },
  { test: /google/i, provider: 'google', strength: 'strong' },
  { test: /keycloak/i, provider: 'keycloak', strength: 'strong' },
  { test: /authentik/i, provider: 'authentik', strength: 'strong' },
  {
    test: /^(curl|wget|python-requests|python-urllib|python-httpx|httpx|aiohttp|go-http-client|postmanruntime|insomnia|httpie|node-fetch|undici|axios|got|faraday|ruby|rest-client|okhttp|powershell|mozilla\/5\.0 \(windows nt[^)]*\) windowspowershell|libwww-perl|guzzlehttp)\b/i,
    provider: 'manual',
    strength: 'strong',
  },
  { test: /^apache-httpclient\//i, provider: 'pingfederate', strength: 'weak' },
]

const IDP_OF: Record<Provider, IdentityProvider> = {
  okta: 'okta',
  entra: 'entra',
  onelogin: 'other',
  pingfederate: 'other',
  jumpcloud: 'other',
  google: 'other',
  keycloak: 'other',
  authentik: 'other',
  manual: 'other',
  unknown: 'other',
}

/** The client a user agent names, or undefined when it names none we know. */
export function clientFromUserAgent(ua: string | undefined): ClientMatch | undefined {
  if (!ua) return undefined
  for (const p of PATTERNS) {
    if (p.test.test(ua)) return { provider: p.provider, idp: IDP_OF[p.provider], strength: p.strength }
  }
  return undefined
}

export function idpOfProvider(provider: Provider): IdentityProvider {
  return IDP_OF[provider]
}

const NAMES: Record<Provider, string> = {
  okta: 'Okta',
  entra: 'Microsoft Entra ID',
  onelogin: 'OneLogin',
  pingfederate: 'PingFederate/PingOne',
  jumpcloud: 'JumpCloud',
  google: 'Google Workspace',
  keycloak: 'Keycloak (SCIM plugin)',
  authentik: 'authentik',
  manual: 'a person, by hand',
  unknown: 'an unknown client',
}

function shortName(provider: Provider): string {
  return provider === 'entra' ? 'Entra' : NAMES[provider]
}

export function providerName(provider: Provider): string {
  return NAMES[provider]
}

/**
 * How a reader should take the attribution: "Okta", "likely Entra from request shape", "likely
 * PingFederate/PingOne (Apache-HttpClient)", "by hand: curl/8.5.0 from 198.51.100.7".
 */
export function describeClient(
  provider: Provider,
  strength: EvidenceStrength,
  userAgent: string | undefined,
  remoteIp: string | undefined,
): string {
  if (provider === 'manual')
    return `by hand: ${(userAgent ?? 'unknown tool').slice(0, 60)}${remoteIp ? ` from ${remoteIp}` : ''}`
  if (provider === 'unknown') return 'unknown identity provider'
  if (strength === 'weak') {
    const ua = userAgent && /^apache-httpclient\//i.test(userAgent)
    return ua
      ? `likely ${shortName(provider)} (Apache-HttpClient)`
      : `likely ${shortName(provider)} from request shape`
  }
  return NAMES[provider]
}
