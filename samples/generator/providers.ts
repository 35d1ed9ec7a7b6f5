/**
 * Identity providers other than Okta and Entra, and people calling the SCIM API by hand (issue #13 §1–2).
 *
 * What is documented and what is not (also in samples/README.md):
 * - Google Workspace sends `Google-Auto-Provisioning` (pond/scimitar issue #142 and its controller spec) [code].
 * - authentik sends `authentik@<version>` (goauthentik/authentik authentik/lib/utils/http.py) [code].
 * - PingFederate's SCIM connector and Keycloak SCIM plugins run on Java's Apache HttpClient
 *   (`Apache-HttpClient/4.5.x (Java/…)`; justin-stephenson/scim-keycloak-user-storage-spi README) [inferred].
 * - OneLogin, JumpCloud and the Keycloak plugin's own agent are not published: these samples use agents
 *   that carry the product name, as scimtrace's matching expects [inferred].
 * - Request bodies follow RFC 7643/7644 (core + enterprise schema, `replace` ops with a `path`); the id
 *   formats are each product's own user ids: OneLogin numeric, JumpCloud 24-hex object ids, Google numeric,
 *   PingFederate/AD objectGUID, Keycloak and authentik UUIDs [inferred].
 * - A hand-made request is what GitLab's SCIM troubleshooting page tells an admin to send with curl:
 *   GET the user, PATCH `active` true, PATCH `externalId` with `"op":"Replace"` (gitlab-scim-reference §5) [doc].
 */
import { Scenario } from './dsl.js'
import { entra, type IdpStyle, okta, type Person, SCHEMA_ENTERPRISE, SCHEMA_USER } from './idp.js'
import type { Rng } from './prng.js'

function rfcCreate(enterprise: boolean) {
  return (p: Person): Record<string, unknown> => ({
    schemas: enterprise ? [SCHEMA_USER, SCHEMA_ENTERPRISE] : [SCHEMA_USER],
    externalId: p.externalId,
    userName: p.userName,
    name: { givenName: p.given, familyName: p.family },
    emails: [{ primary: true, type: 'work', value: p.email }],
    displayName: p.displayName,
    active: true,
  })
}

function rfcStyle(
  name: string,
  ua: string,
  ip: string,
  newExternalId: (rng: Rng) => string,
  enterprise: boolean,
): IdpStyle {
  return {
    name,
    ua,
    ip,
    newExternalId,
    userName: (_given, _family, email) => email,
    createBody: rfcCreate(enterprise),
    activeOps: (active) => [{ op: 'replace', path: 'active', value: active }],
    replaceOp: (path, value) => ({ op: 'replace', path, value }),
    lookupBy: 'userName',
    lookupParams: (filter) => [{ key: 'filter', value: filter }],
  }
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => String(rng.int(0, 9))).join('')

export const oneLogin = rfcStyle('onelogin', 'OneLogin SCIM', '52.4.17.90', (rng) => digits(rng, 9), true)
export const pingFederate = rfcStyle(
  'pingfederate',
  'Apache-HttpClient/4.5.13 (Java/11.0.21)',
  '198.51.100.61',
  (rng) => rng.guid(),
  false,
)
export const jumpCloud = rfcStyle(
  'jumpcloud',
  'JumpCloud SCIM Client',
  '34.74.11.2',
  (rng) => rng.hex(24),
  true,
)
export const google = rfcStyle(
  'google',
  'Google-Auto-Provisioning',
  '74.125.212.9',
  (rng) => `1${digits(rng, 20)}`,
  false,
)
export const keycloak = rfcStyle(
  'keycloak',
  'Keycloak-SCIM/2.1.0',
  '198.51.100.88',
  (rng) => rng.guid(),
  false,
)
export const authentik = rfcStyle(
  'authentik',
  'authentik@2024.8.3',
  '198.51.100.94',
  (rng) => rng.guid(),
  false,
)
/** An unnamed client that shapes requests as Entra does: only the shape speaks, weakly. */
export const entraShaped: IdpStyle = {
  ...entra,
  name: 'entra-shaped',
  ua: 'SCIM-Provisioner/2.1',
  ip: '20.44.0.77',
}

/** A group owner with curl, following GitLab's troubleshooting page. */
export const byHand: IdpStyle = {
  ...okta,
  name: 'by-hand',
  ua: 'curl/8.5.0',
  ip: '198.51.100.7',
  activeOps: (active) => [{ op: 'replace', path: 'active', value: active }],
  replaceOp: (path, value) => ({ op: 'Replace', path, value }),
  lookupParams: (filter) => [{ key: 'filter', value: filter }],
}

export const NAMED_PROVIDERS: readonly { style: IdpStyle; group: string }[] = [
  { style: oneLogin, group: 'aviato' },
  { style: pingFederate, group: 'bream-hall' },
  { style: jumpCloud, group: 'coleman-blair' },
  { style: google, group: 'goolybib' },
  { style: keycloak, group: 'hooli-xyz' },
  { style: authentik, group: 'intersite' },
  { style: entraShaped, group: 'maleant-data' },
]

/** Each provider's ordinary lifecycle in its own group: lookup → create, disable, enable. No findings. */
export function healthyProviders(): Scenario {
  const s = new Scenario({
    name: 'providers-healthy',
    group: 'aviato',
    idp: oneLogin,
    start: '2024-08-05T09:00:00Z',
  })
  for (const { style, group } of NAMED_PROVIDERS) {
    s.use(style)
    const a = s.person('Ada', group.replace(/[^a-z]/g, ''), { email: `ada@${group}.example` })
    const b = s.person('Ben', group.replace(/[^a-z]/g, ''), { email: `ben@${group}.example` })
    s.wait('5m').list({ group })
    s.wait('10s').lookup(a, { group }).create(a, { group })
    s.wait('20s').lookup(b, { group }).create(b, { group })
    s.wait('3d').deactivate(b, { group })
    s.wait('2d').lookup(b, { group }).reactivate(b, { group })
  }
  return s
}

/** An owner checks and reactivates a user by hand, as the troubleshooting page shows. No findings. */
export function manualSession(): Scenario {
  const s = new Scenario({
    name: 'manual-session',
    group: 'sliceline',
    idp: okta,
    start: '2024-09-09T10:00:00Z',
  })
  const gwen = s.person('Gwen', 'Ledbetter')
  s.lookup(gwen).create(gwen)
  s.wait('2d').deactivate(gwen)
  s.use(byHand)
  s.wait('1d').lookup(gwen).get(gwen).wait('2m').reactivate(gwen).wait('30s').get(gwen)
  s.use(okta)
  s.wait('1h').lookup(gwen)
  return s
}

/**
 * The guide's own fix by hand: PATCH externalId with "op":"Replace" so the extern_uid matches the NameId.
 * Jian's fix holds, but Entra keeps PATCHing the id the fix replaced (404: flagged). Nelson's fix is
 * undone: Entra PATCHes externalId back to the old id (flagged). Neither fix is ever called a mistake.
 */
export function manualExternUidFix(): Scenario {
  const s = new Scenario({ name: 'manual-fix', group: 'raviga', idp: entra, start: '2024-10-01T08:00:00Z' })
  const jian = s.person('Jian', 'Yang', { email: 'jian.yang@raviga.example' })
  const nelson = s.person('Nelson', 'Bighetti', { email: 'nelson.bighetti@raviga.example' })
  s.lookup(jian).create(jian)
  s.wait('30s').lookup(nelson).create(nelson)
  const jianOld = jian.externalId
  const nelsonOld = nelson.externalId
  s.at('2024-10-03T14:00:00Z').use(byHand)
  s.changeExternalId(jian, 'jian.yang@raviga.example')
  s.wait('3m').changeExternalId(nelson, 'nelson.bighetti@raviga.example')
  s.use(entra)
  // Entra still holds its own target ids: the next cycle PATCHes Jian's old id (404) …
  s.wait('40m').deactivate({ ...jian, externalId: jianOld }, { status: 404 })
  // … and writes Nelson's old id back over the fix.
  s.wait('5m').changeExternalId(nelson, nelsonOld)
  s.expect('extern-uid-changed', jian, { externalId: 'jian.yang@raviga.example' })
  s.expect('stale-id-in-identity-provider', jian, { externalId: jianOld })
  s.expect('extern-uid-changed', nelson)
  return s
}

/** The samples README section on clients: what each user agent is, and where the fact comes from. */
export const PROVIDERS_README = `## Identity providers and clients (\`providers/\`, \`manual/\`)

scimtrace names a request's client from its user agent (\`src/records/clients.ts\`); the request shape (GUIDs,
\`Replace\` ops, the enterprise schema) is used only when the user agent names nobody, and is reported as weaker
("likely Entra from request shape"). Entra-only rules (\`entra-matching-attribute\`) need Entra named by its user agent.

| client | user agent in these samples | recognised by | source |
| --- | --- | --- | --- |
| Okta | \`Okta SCIM Client 1.0.0\` | \`okta\` | okta/okta-developer-docs \`…/reference/scim/scim-20/index.md\` [doc] |
| Microsoft Entra ID | \`Microsoft Azure AD SCIM provisioning\` | \`azure\`, \`microsoft\`, \`aad\` | not documented; third-party SCIM servers match it [inferred] |
| Google Workspace | \`Google-Auto-Provisioning\` | \`google\` | pond/scimitar issue #142 and its controller spec [code] |
| authentik | \`authentik@2024.8.3\` | \`authentik\` | goauthentik/authentik \`authentik/lib/utils/http.py\` (\`authentik_user_agent\`) [code] |
| PingFederate / PingOne | \`Apache-HttpClient/4.5.13 (Java/11.0.21)\` | \`pingfederate\`, \`pingone\`, \`ping identity\`; \`Apache-HttpClient/\` only weakly | Java HTTP client of PingFederate's SCIM connector and of Keycloak SCIM plugins (justin-stephenson/scim-keycloak-user-storage-spi README) [inferred] |
| OneLogin | \`OneLogin SCIM\` | \`onelogin\` | no published user agent [inferred] |
| JumpCloud | \`JumpCloud SCIM Client\` | \`jumpcloud\` | no published user agent [inferred] |
| Keycloak SCIM plugin | \`Keycloak-SCIM/2.1.0\` | \`keycloak\` | no published user agent [inferred] |
| unnamed client | \`SCIM-Provisioner/2.1\` with Entra's shapes | request shape, weak | reference §6 |
| by hand | \`curl/8.5.0\` from 198.51.100.7 | \`curl\`, \`Wget\`, \`python-requests\`, \`Go-http-client\`, \`PostmanRuntime\`, \`HTTPie\`, \`node-fetch\`, \`Faraday\`, \`axios\`, \`okhttp\`, PowerShell, … at the start of the agent | GitLab's SCIM troubleshooting page has admins send GET/PATCH themselves (gitlab-scim-reference §5) [doc] |

Request bodies of the other providers follow RFC 7643/7644 (core + enterprise schema, \`replace\` ops with a \`path\`), with
each product's own id format (OneLogin numeric, JumpCloud 24-hex, Google numeric, PingFederate/AD objectGUID, Keycloak
and authentik UUIDs) [inferred]. The hand-made externalId fix is \`{"op":"Replace","path":"externalId",…}\` as GitLab's docs show.

In JSON, \`idp\` keeps its values (okta/entra/other); records add \`provider\` and \`idpStrength\` (\`search --format json\`),
people add \`clients\` (\`[{provider, strength, label}]\`) when it says more than \`idps\`, and timeline entries of hand-made
requests add \`actor\` ("by hand: curl/8.5.0 from 198.51.100.7").
`

/**
 * Entra's "Test Connection" twice (a lookup of a random GUID each time, answered 200 with no match) around
 * a healthy lifecycle: two people, not four; the probes are reported as the group's (info).
 */
export function entraConnectionTest(): Scenario {
  const s = new Scenario({
    name: 'connection-test',
    group: 'endframe-labs',
    idp: entra,
    start: '2024-07-08T08:00:00Z',
  })
  const laurie = s.person('Laurie', 'Bream', { email: 'laurie@endframe-labs.example' })
  const monica = s.person('Monica', 'Hall', { email: 'monica@endframe-labs.example' })
  s.search(`externalId eq "${s.rng.guid()}"`)
  s.wait('10m').lookup(laurie).create(laurie)
  s.wait('20s').lookup(monica).create(monica)
  s.wait('2d').search(`externalId eq "${s.rng.guid()}"`)
  s.wait('1d').deactivate(monica)
  s.expect('connection-test-probe', null)
  return s
}
