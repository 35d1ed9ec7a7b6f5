/**
 * Credentials never leave scimtrace: the one place that decides what is a secret, applied where params are
 * decoded (`params.ts`) and to the request path (`normalise.ts`), so every view, format and finding works
 * from masked values. GitLab masks many of these itself before logging, but exports, older versions and
 * other pipelines do not, and an identity provider may put a token where no key says so.
 *
 * Two tests:
 * - by name: a key, or a PATCH operation's `path`, that names a credential. The list covers GitLab's own
 *   `filter_parameters` (config/application.rb: `token$`, `password`, `secret`, `key$`, `^body$`,
 *   `^description$`, `^note$`, `^text$`, `^title$`, `^hook$`, and certificate, encrypted_key, import_url,
 *   elasticsearch_url, search, jwt, mailgun_signing_key, otp_attempt, sentry_dsn, trace, variables, content,
 *   sharedSecret, redirect, question, SAMLResponse, selectedText) and the usual names for credentials
 *   elsewhere (cookie, session ids, RelayState, assertions, signatures, OAuth codes, private and SSH keys);
 * - by shape: a value that looks like a well-known token, wherever it is (GitLab `glpat-` and its other token
 *   prefixes, GitHub `ghp_`/`gho_`/`github_pat_`…, AWS access key ids, JWTs, `Bearer`/`Basic` credentials,
 *   Slack, Google and Stripe keys, PEM private keys, passwords in URLs). The matched part becomes `[FILTERED]`.
 */

export const FILTERED = '[FILTERED]'

const SECRET_NAME = new RegExp(
  [
    // GitLab's filter_parameters (partial matches, as Rails applies them)
    'token',
    'passw',
    'secret',
    'key$',
    '^body$',
    '^description$',
    '^note$',
    '^text$',
    '^title$',
    '^hook$',
    'certificate',
    'import_url',
    'elasticsearch_url',
    '^search$',
    'jwt',
    'otp',
    'sentry_dsn',
    '^trace$',
    '^variables$',
    '^content$',
    '^redirect$',
    '^question$',
    'saml',
    'selectedtext',
    // other credentials' usual names
    '^pwd$',
    'authori[sz]ation',
    '^auth$',
    'bearer',
    'api[_-]?key',
    'credential',
    'cookie',
    'session',
    'relaystate',
    'assertion',
    'private[_-]?key',
    'ssh[_-]?key',
    '^cert$',
    'signature',
    '^sig$',
    '^code$',
    '^pat$',
    '^pin$',
    'salt',
    'crypt',
    '^ssn$',
    'passphrase',
  ].join('|'),
  'i',
)

const names = new Map<string, boolean>()

/** Whether a key names a credential (remembered: the same few dozen keys come back on every request). */
export function isSecretName(key: string): boolean {
  let secret = names.get(key)
  if (secret === undefined) {
    secret = SECRET_NAME.test(key)
    if (names.size < 10_000) names.set(key, secret)
  }
  return secret
}

/**
 * Whether a PATCH operation's `path` names a credential: the whole path (`password`) or its last segment
 * (`urn:…:User:token`, `credentials.secret`).
 */
export function isSecretPath(path: string): boolean {
  if (isSecretName(path)) return true
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf(':'))
  return cut !== -1 && isSecretName(path.slice(cut + 1))
}

const GITLAB_PREFIXES =
  'glpat|gloas|gldt|glrt|glrtr|glcbt|glptt|glft|glimt|glagent|glsoat|glffct|glwt|gltst|glsa|glcst|gloat|glist'

/** Well-known token shapes. Each alternative is anchored on a prefix, so ordinary text is never scanned long. */
const TOKEN_SHAPES = [
  `\\b(?:${GITLAB_PREFIXES})-[\\w.-]+`,
  '\\bGR1348941[\\w-]+', // GitLab runner registration tokens
  '\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{8,}',
  '\\bgithub_pat_\\w{8,}',
  '\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{12,}',
  '\\beyJ[\\w-]{2,}\\.[\\w-]{2,}\\.?[\\w-]*', // JWT (and a JWS without its signature)
  '\\b(?:[Bb]earer|BEARER)\\s+[\\w+/=.~-]{6,}',
  '\\b(?:[Bb]asic|BASIC)\\s+[A-Za-z0-9+/]{6,}={0,2}',
  '\\bxox[abposr]-[\\w-]+', // Slack
  '\\bAIza[\\w-]{20,}', // Google API keys
  '\\b[rs]k_(?:live|test)_\\w{8,}', // Stripe
  '-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)',
]

/**
 * The password in scheme://user:password@host. Last, so a token used as the password is matched by its own
 * shape first. It can match only in text holding `://`, and its look-behind, tried at every position, made
 * the whole test 8× slower on ordinary values (200,000 userNames, emails and paths: 81–109 ms against 10 ms),
 * so other text is tested without it (`TOKEN_SHAPE_NO_URL`).
 */
const URL_PASSWORD = '(?<=\\b[a-z][a-z0-9+.-]*://[^\\s:@/]+:)[^\\s@/]+(?=@)'

const TOKEN_SHAPE = new RegExp([...TOKEN_SHAPES, URL_PASSWORD].join('|'), 'g')
const TOKEN_SHAPE_NO_URL = new RegExp(TOKEN_SHAPES.join('|'), 'g')

/** `Basic dXNlcjpwYXNz` is a credential only if it decodes to `user:password` ("Basic information" is not). */
function isBasicCredential(match: string): boolean {
  const encoded = match.replace(/^\S+\s+/, '')
  return Buffer.from(encoded, 'base64').toString('latin1').includes(':')
}

function mask(match: string): string {
  const scheme = /^(bearer|basic)\s+/i.exec(match)
  if (!scheme) return FILTERED
  if (/^basic/i.test(match) && !isBasicCredential(match)) return match
  return `${scheme[0]}${FILTERED}`
}

/** `text` with every token-shaped part replaced by `[FILTERED]`. */
export function maskSecretText(text: string): string {
  if (text.length < 8) return text
  const shape = text.includes('://') ? TOKEN_SHAPE : TOKEN_SHAPE_NO_URL
  shape.lastIndex = 0
  if (!shape.test(text)) return text
  shape.lastIndex = 0
  return text.replace(shape, mask)
}

/**
 * A decoded object (a level of a param's value) with its credentials masked: keys that name one, and the
 * `value` of a PATCH operation whose `path` does (`{"op":"replace","path":"password","value":"…"}`).
 * Returns the same object when nothing is masked.
 */
export function maskSecretFields(object: Record<string, unknown>): Record<string, unknown> {
  const path = object.path
  if (typeof path === 'string' && 'value' in object && object.value !== FILTERED && isSecretPath(path)) {
    return { ...object, value: FILTERED }
  }
  return object
}
