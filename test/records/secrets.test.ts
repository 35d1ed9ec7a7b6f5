/**
 * D9 and D16 of the reliability probe: a catalogue of secrets (credential keys at every level, PATCH ops whose
 * path names a credential, token-shaped values under harmless keys, in filters and in the path) through every
 * command and format; none may appear in stdout or stderr. And JSON parse errors never quote the input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isSecretPath, maskSecretText } from '../../src/records/secrets.js'
import { scimtrace } from '../cli/run.js'

const dir = mkdtempSync(join(tmpdir(), 'scimtrace-secrets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Keys whose values are credentials whatever the value looks like. */
const SECRET_KEYS = [
  'password',
  'token',
  'private_token',
  'secret',
  'Authorization',
  'access_token',
  'client_secret',
  'api_key',
  'apiKey',
  'x-api-key',
  'credentials',
  'SAMLResponse',
  'RelayState',
  'assertion',
  'jwt',
  'cookie',
  'session_id',
  'otp_attempt',
  'passwd',
  'pwd',
  'pat',
  'privateKey',
  'ssh_key',
  'certificate',
  'signature',
  'sig',
  'code',
  'auth',
  'bearer',
  'refresh_token',
  'id_token',
  'encrypted_key',
  'sharedSecret',
  'mailgun_signing_key',
  'passphrase',
]
const keyed = SECRET_KEYS.map((key, i) => [key, `kv${i}Zq${key.length}Wx`] as const)

/** Token-shaped values, each under a harmless key. */
const TOKENS = [
  'glpat-AbCdEfGhIjKlMnOpQrSt',
  'glpat-SHORT1234',
  'gloas-0123456789abcdef0123',
  'gldt-Zz9Yy8Xx7Ww6Vv5Uu4',
  'glrt-t1_RuNnErToKeN0000',
  'glsoat-ScimOAuthToken12345',
  'glptt-0123456789abcdefabcd',
  'glft-FeedTokenValue1234',
  'glcbt-64_BuildTokenValue',
  'GR1348941RegistrationTok3n',
  'ghp_0123456789ABCDEFGHIJabcdefghij0123',
  'gho_ABCDEFGHIJ0123456789abcdefghij',
  'ghs_ServerToServer0123456789ab',
  'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
  'AKIAIOSFODNN7EXAMPLE',
  'ASIAY34FZKBOKMUTVV7A',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  'xoxb-123456789012-abcdefABCDEF',
  'AIzaSyA-1234567890abcdefghijklmnopqrs',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
]
const harmless = TOKENS.map((token, i) => [`field${i}`, token] as const)
const PROSE = [
  ['nickName', 'Bearer BeArErSeCrEt0123.xyz'],
  ['note2', 'Basic dXNlcjpwYXNzd29yZDEyMw=='], // user:password123
  ['website', 'https://jane:UrlPassw0rd@example.com/x'],
  ['sshPub', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA75\n-----END RSA PRIVATE KEY-----'],
] as const
const PATCH_SECRETS = ['OPSECRET1', 'OPSECRET2token', 'OPSECRET3nested']
const FILTER_TOKEN = 'glpat-FilterValue9876'
const PATH_TOKEN = 'glpat-PathIdValue5432'

/** What must never be printed: whole values, and a distinctive part of each. */
const CATALOGUE = [
  ...keyed.map(([, v]) => v),
  ...TOKENS,
  'BeArErSeCrEt0123',
  'dXNlcjpwYXNzd29yZDEyMw',
  'UrlPassw0rd',
  'MIIEpAIBAAKCAQEA75',
  ...PATCH_SECRETS,
  FILTER_TOKEN,
  PATH_TOKEN,
]

const g = '/api/scim/v2/groups/g/Users'
const lines = [
  {
    time: '2024-05-14T09:00:00Z',
    status: 201,
    method: 'POST',
    path: g,
    params: [
      { key: 'userName', value: 'jdoe' },
      { key: 'externalId', value: 'x1' },
      { key: 'emails', value: [{ primary: true, type: 'work', value: 'jdoe@ex.example' }] },
      { key: 'name', value: { givenName: 'J', familyName: 'Doe' } },
      ...keyed.slice(0, 20).map(([key, value]) => ({ key, value })),
      // nested and as a JSON string
      { key: 'extra', value: Object.fromEntries(keyed.slice(20, 28)) },
      { key: 'extraJson', value: JSON.stringify({ deeper: Object.fromEntries(keyed.slice(28)) }) },
      ...harmless.map(([key, value]) => ({ key, value })),
      ...PROSE.map(([key, value]) => ({ key, value })),
    ],
  },
  {
    time: '2024-05-14T09:01:00Z',
    status: 204,
    method: 'PATCH',
    path: `${g}/x1`,
    params: [
      {
        key: 'Operations',
        value: [
          { op: 'replace', path: 'password', value: PATCH_SECRETS[0] },
          {
            op: 'add',
            path: 'urn:ietf:params:scim:schemas:extension:acme:2.0:User:token',
            value: PATCH_SECRETS[1],
          },
          { op: 'replace', value: { displayName: 'New Name', password: PATCH_SECRETS[2] } },
        ],
      },
    ],
  },
  {
    time: '2024-05-14T09:02:00Z',
    status: 412,
    method: 'GET',
    path: g,
    params: [{ key: 'filter', value: `userName eq "${FILTER_TOKEN}"` }],
  },
  { time: '2024-05-14T09:03:00Z', status: 404, method: 'GET', path: `${g}/${PATH_TOKEN}`, params: [] },
]
const file = join(dir, 'secrets.log')
writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)

const RUNS: string[][] = [
  ['search'],
  ['search', '-f', 'json'],
  ['search', '-f', 'ndjson'],
  ['search', '--value', 'x1', '-f', 'json'],
  ['users'],
  ['users', '-f', 'json'],
  ['users', '-f', 'ndjson'],
  ['timeline', 'x1'],
  ['timeline', 'x1', '-f', 'json'],
  ['explain', 'x1'],
  ['explain', 'x1', '-f', 'json'],
  ['report'],
  ['report', '-f', 'markdown'],
  ['report', '-f', 'json'],
  ['report', '-f', 'markdown', '--redact'],
  ['report', '-f', 'json', '--redact'],
]

describe('a catalogue of secrets is never printed (D9)', () => {
  it('has 50+ secrets', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(50)
  })

  it.each(RUNS)('%s %s %s %s %s', (...args) => {
    const result = scimtrace([...args, file])
    expect(result.code).toBe(0)
    const out = result.stdout + result.stderr
    expect(out.length).toBeGreaterThan(0)
    expect(CATALOGUE.filter((secret) => out.includes(secret))).toEqual([])
  })

  it('still shows what is not a secret', () => {
    const out = scimtrace(['search', '-f', 'json', file]).stdout
    expect(out).toContain('jdoe@ex.example')
    expect(out).toContain('New Name')
    expect(out).toContain('[FILTERED]')
  })
})

describe('secrets.ts', () => {
  it('masks only the token in prose and keeps the scheme', () => {
    expect(maskSecretText('use Bearer abcdef123456 here')).toBe('use Bearer [FILTERED] here')
    expect(maskSecretText('Basic information about ghp_abcdefghij12')).toBe(
      'Basic information about [FILTERED]',
    )
    expect(maskSecretText('jane.doe@hooli.example')).toBe('jane.doe@hooli.example')
    expect(maskSecretText('00u1a2b3c4d5e6f7g8h9')).toBe('00u1a2b3c4d5e6f7g8h9')
  })

  it('masks a URL password only where the text has a URL, and every other shape without one', () => {
    expect(maskSecretText('see https://jane:UrlPassw0rd@example.com/x')).toBe(
      'see https://jane:[FILTERED]@example.com/x',
    )
    // A token as the URL password: the token's own shape wins, as with one pattern.
    expect(maskSecretText('https://u:glpat-abcdefgh@host')).toBe('https://u:[FILTERED]@host')
    // `user:password@host` without a scheme is not a URL password.
    expect(maskSecretText('jane:notapassword@example.com')).toBe('jane:notapassword@example.com')
    expect(maskSecretText('key AKIAABCDEFGHIJKLMNOP and eyJhbGciOi.eyJzdWIi.sig')).toBe(
      'key [FILTERED] and [FILTERED]',
    )
  })

  it('knows PATCH paths that name a credential', () => {
    expect(isSecretPath('password')).toBe(true)
    expect(isSecretPath('urn:ietf:params:scim:schemas:extension:x:2.0:User:apiToken')).toBe(true)
    expect(isSecretPath('name.formatted')).toBe(false)
    expect(isSecretPath('emails[type eq "work"].value')).toBe(false)
    expect(isSecretPath('active')).toBe(false)
  })
})

describe('error messages never quote input bytes (D16)', () => {
  it.each([
    ['glpat-SHORT1234', ['report', '--scim-identities']],
    ['[{"extern_uid":"a",\n"password":hunter2hunter2}]', ['report', '--saml-identities']],
    ['[{"a":1,"password":hunter2hunter2}]', ['users', '--input-format', 'es-json']],
  ])('%s', (content, args) => {
    const side = join(dir, `side-${args.length}.json`)
    writeFileSync(side, content)
    const result = scimtrace([...args, side, 'samples/okta-lifecycle/api_json.log'])
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/not valid JSON/)
    expect(result.stderr).not.toMatch(/glpat|hunter2|SHORT/)
  })
})
