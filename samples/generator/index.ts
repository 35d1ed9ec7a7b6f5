/**
 * Every committed sample, built in memory (so tests can compare) and written to disk by `writeSamples`.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { longLines, toCriSplit, toDockerJson, toGitlabLogger } from './containers.js'
import type { Expectation, Scenario } from './dsl.js'
import { identityApiRename } from './identity-api.js'
import { type MixedExpected, mixedSample } from './mixed.js'
import { hashSeed, Rng } from './prng.js'
import * as pv from './providers.js'
import * as sc from './scenarios.js'
import * as vs from './versions.js'
import {
  gzip,
  toDocsJson,
  toEsHits,
  toK8s,
  toKibanaCsv,
  toKibanaFields,
  toKibanaNdjson,
  toNdjson,
} from './writers.js'

/**
 * The rules the generated scenarios exercise (checked against their findings in test/samples): a subset of
 * the diagnosis catalogue (`RULE_IDS` in src/diagnosis), whose other rules are tested in test/diagnosis.
 */
export const SCENARIO_RULES = [
  'user-already-taken',
  'email-domain-not-allowed',
  'inactive-or-unlinked-identity',
  're-added-after-removal',
  'extern-uid-changed',
  'missing-required-attributes',
  'unsupported-filter',
  'group-provisioning-enabled',
  'authentication-failure',
  'scim-app-changed',
  'last-owner-deprovision',
  'ignored-attribute-update',
  'stale-id-in-identity-provider',
  'entra-matching-attribute',
  'first-key-only-patch',
  'connection-test-probe',
  'email-already-taken',
  'deprovision-destroyed-identity',
] as const

export interface SampleDef {
  /** Path under `samples/`. */
  file: string
  scenario: string
  idp: string
  conclusion: string
  build: () => Scenario
  /** Rules that may also fire without being wrong. */
  mayAlso?: string[]
  /** No finding other than `findings` may be reported (checks for false alarms). */
  exclusive?: boolean
}

export const SCENARIO_SAMPLES: readonly SampleDef[] = [
  {
    file: 'okta-lifecycle/api_json.log',
    scenario: 'Import (list), then lookup → create → deactivate → reactivate for 3 people',
    idp: 'okta',
    conclusion: 'no findings; 3 people reactivated',
    build: sc.oktaLifecycle,
    exclusive: true,
  },
  {
    file: 'entra-lifecycle/api_json.log',
    scenario:
      'lookup by externalId → create; name.formatted PATCH; disable with "False"; externalId change, GET on the old id → 404; hard DELETE',
    idp: 'entra',
    conclusion: 'ignored-attribute-update and extern-uid-changed for john.smith; Dinesh deleted',
    build: sc.entraLifecycle,
    mayAlso: ['stale-id-in-identity-provider'],
  },
  {
    file: 'healthy/api_json.log',
    scenario: '5 people created, some deactivated/reactivated, single-key path-less PATCHes; no errors',
    idp: 'okta',
    conclusion: 'no findings at all (false-alarm check)',
    build: sc.healthy,
    exclusive: true,
  },
  {
    file: 'errors/user-already-taken.log',
    scenario: 'Same email re-created under a new GUID → 409, Entra retries every ~40 min (5×)',
    idp: 'entra',
    conclusion: 'user-already-taken',
    build: sc.userAlreadyTaken,
  },
  {
    file: 'errors/email-domain-not-allowed.log',
    scenario: '412 on POST for @partner.example while the other creates (@hooli.example) succeed; retried',
    idp: 'okta',
    conclusion: 'email-domain-not-allowed',
    build: sc.emailDomainNotAllowed,
    mayAlso: ['inactive-or-unlinked-identity'],
  },
  {
    file: 'errors/inactive-identity.log',
    scenario: 'Deactivated, then POST with a new externalId and the same email → 412',
    idp: 'okta',
    conclusion: 'inactive-or-unlinked-identity (inactive SCIM identity)',
    build: sc.inactiveIdentity,
  },
  {
    file: 'errors/unlinked-account.log',
    scenario: '412 on POST for an email never provisioned, same domain as the successes (ambiguous)',
    idp: 'okta',
    conclusion: 'inactive-or-unlinked-identity (not linked to SAML, most likely)',
    build: sc.unlinkedAccount,
    mayAlso: ['email-domain-not-allowed'],
  },
  {
    file: 'errors/re-added-after-removal.log',
    scenario:
      'Removed (DELETE, 2023-06-12: before 2023-08-11) then re-added 201; disabled 2023-10-02 then re-added 201',
    idp: 'entra',
    conclusion: 're-added-after-removal for both (SAML identity destroyed for the first)',
    build: sc.reAddedAfterRemoval,
  },
  {
    file: 'errors/extern-uid-changed.log',
    scenario:
      'Entra PATCH externalId → 204 (group bachmanity); Okta person re-created with a new id → 201 (hooli-hr)',
    idp: 'entra + okta',
    conclusion: 'extern-uid-changed for both',
    build: sc.externUidChanged,
  },
  {
    file: 'errors/missing-required-attributes.log',
    scenario: 'POST 412 without name, without a work/primary email, without userName (each retried once)',
    idp: 'entra',
    conclusion: 'missing-required-attributes for the 3 people',
    build: sc.missingRequiredAttributes,
  },
  {
    file: 'errors/unsupported-filter.log',
    scenario: 'GET with displayName eq, emails[type eq "work"].value eq, userName ne → 412',
    idp: 'entra',
    conclusion: 'unsupported-filter',
    build: sc.unsupportedFilter,
    mayAlso: ['entra-matching-attribute'],
  },
  {
    file: 'errors/group-provisioning.log',
    scenario: 'GET/POST/PATCH on /api/scim/v2/groups/yao-net/Groups → 404 (no such route)',
    idp: 'entra',
    conclusion: 'group-provisioning-enabled',
    build: sc.groupProvisioning,
  },
  {
    file: 'errors/authentication-failure.log',
    scenario: '401 streak after successes; 404 for a group path that does not exist; a group path with a "."',
    idp: 'entra',
    conclusion: 'authentication-failure (token, unknown group, dotted group path)',
    build: sc.authenticationFailure,
  },
  {
    file: 'errors/scim-app-changed.log',
    scenario: 'Okta for weeks, then Entra for the same group: same people under GUID ids → 409s',
    idp: 'okta → entra',
    conclusion: 'scim-app-changed',
    build: sc.scimAppChanged,
    mayAlso: ['user-already-taken'],
  },
  {
    file: 'errors/last-owner-deprovision.log',
    scenario: 'PATCH active "False" → 412 (twice), DELETE → 412 for the same person',
    idp: 'entra',
    conclusion: 'last-owner-deprovision',
    build: sc.lastOwnerDeprovision,
  },
  {
    file: 'errors/ignored-attribute-update.log',
    scenario: 'PATCH of name.formatted, emails[type eq "work"].value, userName → 204',
    idp: 'entra',
    conclusion: 'ignored-attribute-update',
    build: sc.ignoredAttributeUpdate,
  },
  {
    file: 'errors/stale-id.log',
    scenario: 'PATCH, GET and DELETE on ids GitLab never saw → 404',
    idp: 'entra',
    conclusion: 'stale-id-in-identity-provider',
    build: sc.staleId,
  },
  {
    file: 'errors/entra-matching-attribute.log',
    scenario: 'Entra lookups by userName eq / emails[type eq "work"].value eq instead of externalId',
    idp: 'entra',
    conclusion: 'entra-matching-attribute',
    build: sc.entraMatchingAttribute,
    mayAlso: ['unsupported-filter'],
  },
  {
    file: 'errors/first-key-only-patch.log',
    scenario:
      'Path-less {"op":"replace","value":{"displayName":…,"active":false}} → 204 (active lost); aadOptscim062020 dotted keys',
    idp: 'entra (aadOptscim062020)',
    conclusion: 'first-key-only-patch',
    build: sc.firstKeyOnlyPatch,
    mayAlso: ['ignored-attribute-update'],
  },
  {
    file: 'providers/healthy.log',
    scenario:
      'OneLogin, PingFederate (Apache-HttpClient), JumpCloud, Google Workspace, Keycloak, authentik and an unnamed Entra-shaped client, one group each: list, lookup by userName → create, disable, enable',
    idp: 'other (named by user agent) + likely entra from shape',
    conclusion: 'no findings at all: none of them is taken for Entra by its GUIDs or path-ful ops',
    build: pv.healthyProviders,
    exclusive: true,
  },
  {
    file: 'manual/healthy-session.log',
    scenario: 'Okta provisions; an owner GETs the user and PATCHes active=true with curl, as the guide shows',
    idp: 'okta + by hand (curl)',
    conclusion: 'no findings at all; the curl requests are shown as by hand',
    build: pv.manualSession,
    exclusive: true,
  },
  {
    file: 'manual/extern-uid-fix.log',
    scenario:
      'An owner PATCHes externalId with "op":"Replace" by curl for two people; Entra then PATCHes one old id (404) and writes the other old id back',
    idp: 'entra + by hand (curl)',
    conclusion:
      'extern-uid-changed (the fix, info) and stale-id-in-identity-provider for jian.yang; extern-uid-changed (fix undone) for nelson; no remedy reverts a fix',
    build: pv.manualExternUidFix,
  },
  {
    file: 'errors/identity-api.log',
    scenario:
      'An owner GETs and PATCHes extern_uid through the SCIM identity API; Entra deprovisions the old id (404), then the new one a second later (204)',
    idp: 'entra + identity API by hand (curl)',
    conclusion:
      'one person, not two; extern-uid-changed (the fix, info); the 404 is resolved by the deprovision on the new id, not "not applied"',
    build: identityApiRename,
    mayAlso: ['stale-id-in-identity-provider'],
  },
  {
    file: 'providers/connection-test.log',
    scenario:
      'Entra "Test Connection" twice (a lookup of a random GUID, 200, never seen again) around 2 people',
    idp: 'entra',
    conclusion: '2 people, not 4; connection-test-probe (info) for the group; nothing else',
    build: pv.entraConnectionTest,
  },
  {
    file: 'versions/gitlab-12-healthy.log',
    scenario:
      'GitLab 12.x lines (2019, duration/db/view in ms): 3 creates, a name and an email changed by PATCH (204, applied before 15.0), a deprovision',
    idp: 'entra',
    conclusion:
      'era "before 13.0" from the timing fields and the dates; no findings at all (no ignored-attribute-update: the PATCHes changed the values then)',
    build: vs.gitlab12Healthy,
    exclusive: true,
  },
  {
    file: 'versions/gitlab-12-errors.log',
    scenario:
      'GitLab 12.x lines (2019): PATCH of an email another account has → 409 (twice); PATCH active=true on a deprovisioned id → 404 (twice); create under a new objectId → 409',
    idp: 'entra',
    conclusion:
      'email-already-taken, deprovision-destroyed-identity (not stale-id), user-already-taken; no remedy names the SCIM identity or SAML API (15.5)',
    build: vs.gitlab12Errors,
  },
  {
    file: 'versions/gitlab-14-healthy.log',
    scenario:
      'GitLab 14.x (2021, duration_s): 2 creates, an email changed by a path-less PATCH (applied before 15.0), a deprovision',
    idp: 'okta',
    conclusion: 'era "13.0 to before 15.0" from the timing fields and the dates; no findings at all',
    build: vs.gitlab14Healthy,
    exclusive: true,
  },
]

/** The rotated files and where okta-lifecycle's 13 lines are split between them (oldest first). */
export const ROTATED_PARTS = [
  { file: 'rotated/api_json.log.1.gz', from: 0, to: 5, gzip: true },
  { file: 'rotated/@400000006650a1f20c1b2a3c.s', from: 5, to: 10, gzip: true },
  { file: 'rotated/current', from: 10, to: 13, gzip: false },
] as const

export interface SampleSet {
  files: Map<string, Buffer>
  mixed: MixedExpected
}

/** Build every sample in memory. Deterministic: same bytes on every run. */
export function buildSamples(): SampleSet {
  const files = new Map<string, Buffer>()
  const put = (file: string, data: string | Buffer) =>
    files.set(file, typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
  const expected: Record<string, unknown> = {}

  let oktaDocs: Scenario['docs'] = []
  for (const def of SCENARIO_SAMPLES) {
    const scenario = def.build()
    if (def.file === 'okta-lifecycle/api_json.log') oktaDocs = scenario.docs
    put(def.file, toNdjson(scenario.docs))
    const findings: Expectation[] = scenario.expectations
    const groups = [...new Set(scenario.docs.map((d) => /\/groups\/([^/]+)/.exec(String(d.path))?.[1] ?? ''))]
    expected[def.file] = {
      scenario: def.scenario,
      idp: def.idp,
      groups,
      lines: scenario.docs.length,
      rules: [...new Set(findings.map((f) => f.rule))],
      findings,
      mayAlso: def.mayAlso ?? [],
      exclusive: def.exclusive ?? false,
    }
  }

  // The same requests as okta-lifecycle in every other input format.
  const rng = new Rng(hashSeed('exports'))
  put('exports/okta-lifecycle.kibana.csv', toKibanaCsv(oktaDocs))
  put('exports/okta-lifecycle.es-hits.json', toEsHits(oktaDocs, rng))
  put('exports/okta-lifecycle.fields.json', toKibanaFields(oktaDocs, rng))
  put('exports/okta-lifecycle.kibana.ndjson', toKibanaNdjson(oktaDocs))
  put('exports/okta-lifecycle.docs.json', toDocsJson(oktaDocs))
  for (const part of ROTATED_PARTS) {
    const text = toNdjson(oktaDocs.slice(part.from, part.to))
    put(part.file, part.gzip ? gzip(text) : text)
  }
  put('k8s/api_json.log', toK8s(oktaDocs, rng))
  // A scenario with a line over 16 KiB, plain and as container runtimes and gitlab-logger write it.
  const long = longLines().docs
  const crng = new Rng(hashSeed('containers'))
  put('k8s/long-lines.log', toNdjson(long))
  put('k8s/cri-partial.log', toCriSplit(long, crng))
  put('k8s/docker-json.log', toDockerJson(long, crng))
  put('k8s/gitlab-logger.log', toGitlabLogger(long, crng))

  const mixed = mixedSample()
  put('mixed/api_json.log', mixed.data)
  put('answers/mixed.json', `${JSON.stringify(mixed.expected, null, 2)}\n`)
  put('answers/scenarios.json', `${JSON.stringify(expected, null, 2)}\n`)
  put('README.md', readme(mixed.expected, mixed.where, oktaDocs.length))
  return { files, mixed: mixed.expected }
}

/** Write every sample under `dir` (normally the repository's `samples/`). Returns the relative paths. */
export async function writeSamples(dir: string): Promise<string[]> {
  const { files } = buildSamples()
  for (const [file, data] of files) {
    await mkdir(dirname(join(dir, file)), { recursive: true })
    await writeFile(join(dir, file), data)
  }
  return [...files.keys()]
}

function readme(mixed: MixedExpected, where: Record<string, number>, oktaLines: number): string {
  const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
  const scenarioRows = SCENARIO_SAMPLES.map((d) =>
    row([
      `\`${d.file}\``,
      d.scenario,
      d.idp,
      d.conclusion + (d.mayAlso?.length ? ` (may also: ${d.mayAlso.join(', ')})` : ''),
    ]),
  )
  const formatRows = [
    [
      'exports/okta-lifecycle.kibana.csv',
      'Kibana Discover CSV report (newest first, formatted dates/numbers, `-` for empty)',
    ],
    [
      'exports/okta-lifecycle.es-hits.json',
      'Elasticsearch `_search` response, `_source.json` = the log line (ascending)',
    ],
    [
      'exports/okta-lifecycle.fields.json',
      'Kibana Inspect response: `rawResponse.hits.hits[].fields`, dotted keys, arrays (newest first)',
    ],
    [
      'exports/okta-lifecycle.kibana.ndjson',
      'one document per line with dotted keys (`json.path`, `json.meta.caller_id`)',
    ],
    ['exports/okta-lifecycle.docs.json', 'JSON array of `{"json": {…}}` documents'],
    ['rotated/api_json.log.1.gz', `lines 1–5 of okta-lifecycle (gzip, logrotate name)`],
    ['rotated/@400000006650a1f20c1b2a3c.s', 'lines 6–10 (gzip content without a .gz name, as svlogd writes)'],
    ['rotated/current', `lines 11–${oktaLines} (plain, newest)`],
    ['k8s/api_json.log', 'the same lines with CRI prefixes: `<RFC3339Nano> stdout F {…}`'],
    [
      'k8s/long-lines.log',
      'plain NDJSON of another scenario (group `tres-comas`) with one line over 16 KiB (a PATCH answered 500, with `exception.backtrace`)',
    ],
    [
      'k8s/cri-partial.log',
      'long-lines as CRI lines: the long one in `P` parts and an `F` part with a stderr line between them, the last request on `stderr` (containerd splits at 16 KiB)',
    ],
    [
      'k8s/docker-json.log',
      'long-lines as Docker json-file lines `{"log":"…","stream":"stdout","time":"…"}`, the long one split (parts without the final `\\n`)',
    ],
    [
      'k8s/gitlab-logger.log',
      'long-lines as the Helm chart\'s gitlab-logger writes them (`{"date":…,"component": "gitlab","subcomponent":"api_json",…,"message":{…}}`) inside CRI lines, the long one split',
    ],
  ].map(([file, what]) => row([`\`${file}\``, what ?? '']))
  const specials = Object.entries(where)
    .sort((a, b) => a[1] - b[1])
    .map(([what, line]) => `- line ${line}: ${what}`)
  return `# scimtrace samples

Synthetic GitLab \`api_json.log\` files (and exports) for scimtrace's tests and demos. **Generated — do not edit by hand.**
Regenerate with \`npm run samples\` (= \`npm run build && node dist/samples/generate.js\`); the output is byte-for-byte
identical on every run (seeded PRNG per scenario, fixed dates), and \`test/samples\` fails if the committed files drift.

Lines follow reference §1.2 field order. Okta sends \`ua\` \`${'Okta SCIM Client 1.0.0'}\`; Entra ID has no documented UA, so
these samples use \`Microsoft Azure AD SCIM provisioning\` **and** Entra's request shapes (\`Replace\` ops with \`path\`, \`"False"\`,
enterprise schema and \`roles: []\` in POST, GUID externalIds). Okta lookups send \`filter\`, \`startIndex\`, \`count\`; Entra
lookups send only \`filter\` (as in reference §8). Every scenario uses its own group path and people, so \`samples/\` can be read
as a whole; the files under \`exports/\`, \`rotated/\` and \`k8s/\` repeat okta-lifecycle's requests (same correlation ids).

## Scenarios

The rule ids are the diagnosis rules; \`answers/scenarios.json\` lists, per file, the rules that must fire and the person (email,
\`null\` for group-wide findings) with group and externalId. \`exclusive: true\` means no other finding may be reported.

${row(['file', 'scenario', 'IdP', 'scimtrace should conclude'])}
${row(['---', '---', '---', '---'])}
${scenarioRows.join('\n')}

Notes: requests to a group path with a \`.\` (\`acme.corp\`) and to \`…/Groups\` match no Grape route (\`:group\` excludes \`.\`;
group SCIM has no Groups resource), so those 404 lines have no \`route\`, \`meta.caller_id\` or \`meta.root_namespace\` [inferred].
A 404 for an unknown group (\`slice-line\`) matches the route but has no \`meta.root_namespace\`.

${pv.PROVIDERS_README}
${vs.VERSIONS_README}## Input formats (same requests as \`okta-lifecycle/api_json.log\`)

${row(['file', 'format'])}
${row(['---', '---'])}
${formatRows.join('\n')}

Every format carries the same ${oktaLines} requests, so timelines and findings must be identical. Two format facts to keep in
mind: the CSV formats numbers with Kibana's default \`0,0.[000]\` (so \`duration_s\` has 3 decimals there), and in CSV/fields
param values that are objects or arrays are JSON strings; in the CSV, \`json.params.key\` and \`json.params.value\` are
two cells joined with \`", "\` whose elements align by position.

## \`mixed/api_json.log\` — accounting

A SCIM lifecycle (group \`hooli-labs\`) inside ordinary API traffic (runners, gitlab-shell, API clients; some of it mentions
\`scim\` in a project name or param value, one has \`docs/api/scim/users.md\` as a param — none of them are SCIM requests),
plus malformed lines. \`answers/mixed.json\`:

\`\`\`json
${JSON.stringify(mixed)}
\`\`\`

- **lines ${mixed.lines}** — every line, the blank one and the malformed ones included (the file ends with a newline).
- **scim ${mixed.scim}** — valid SCIM requests that must become records (including the three odd-but-valid ones below).
- **other ${mixed.other}** — valid non-SCIM API lines (${mixed.other - 1}) plus the blank line.
- **skipped** — all of them contain \`/api/scim/\`: \`invalid-json\` ${mixed.skipped['invalid-json']} (a SCIM line cut off), \`binary\` ${mixed.skipped.binary} (NUL bytes and
  invalid UTF-8 after a SCIM-looking start), \`too-long\` ${mixed.skipped['too-long']} (a 1.2 MB SCIM line), \`bad-field-type\` ${mixed.skipped['bad-field-type']} (\`"status":"abc"\` and \`"params":"x"\` on SCIM paths).

Where they are:

${specials.join('\n')}

## Big files (benchmarks)

\`node dist/samples/generate.js --big <path> --bytes 1073741824 [--gzip <path>] [--seed N] [--people N] [--scim-ratio 0.01]\`
streams a realistic \`api_json.log\` of about that size (~1% SCIM lines over up to 20,000 people, in time order). From code:
\`writeBigLog({ path, bytes, scimRatio?, people?, seed?, gzipPath? })\` in \`samples/generator/big.ts\`.
`
}
