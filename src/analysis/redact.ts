/**
 * `--redact`: every person and organisation value in an analysis replaced by a stable alias, so a report
 * can be shared. It runs after diagnosis, on the whole analysis (records, timelines, findings), and the
 * views only ever see its result.
 *
 * Why after diagnosis and not on the records: rules read the shape of real values (a group path with a
 * `/` or a `.`, two group paths a typo apart, the username GitLab derives from a userName, email domains
 * against `--allowed-domains`). Aliases given before diagnosis changed what it found: `group-1` and
 * `group-2` are one character apart and looked like a mistyped group path. Findings' text is written from
 * real values, so the rewrite reaches into every string, not only whole values.
 *
 * What is person or organisation data, taken from every record (`personValues`, `pathValues`):
 * - every string a person's requests carry in params: emails, userNames, names, externalIds and ids,
 *   filter values, PATCH op values (whatever their path: a new displayName, userName or email) and any
 *   other param, except the SCIM vocabulary (`schemas`, op names and paths, `type`, `primary`, `active`,
 *   `startIndex`, `count`, `attributes`, `excludedAttributes`, `meta.resourceType`) and values already
 *   masked as credentials;
 * - every path segment that is not a route word: group paths, SCIM and GitLab object ids (`/Users/:id`,
 *   `/Groups/:id`, `/groups/:id/scim/:uid`);
 * - correlation ids and remote IPs;
 * - the extern_uids and GitLab user ids of the identity files given to the cross-checks.
 * Kept: times, methods, statuses, user agents, route words, source file names, GitLab's own wording.
 *
 * One value gets one alias for the whole run, whoever carried it and wherever it is shown, so a redacted
 * report still reads as one story. Aliases are numbered, never derived from the value: no length, prefix
 * or domain survives (each email domain becomes `domain-N.example`).
 */
import { encodeSegment } from '../common/uri.js'
import { coveredRecords, setCoverage } from '../diagnosis/findings.js'
import type { DiagnosisOptions, Finding } from '../diagnosis/types.js'
import { FILTERED } from '../records/secrets.js'
import type { ScimRecord } from '../records/types.js'
import { linkPeople } from '../timelines/linking.js'
import type { Person } from '../timelines/types.js'
import { gitlabUsername } from '../timelines/username.js'
import type { Analysis } from './analyse.js'

const EMAIL = /^([^@\s]+)@([^@\s]+\.[^@\s]+)$/
const ALNUM = /[\p{L}\p{N}]/u
const HEX2 = /^%[0-9A-Fa-f]{2}$/

/** Values shorter than this are replaced only where they are a whole string, never inside text. */
const MIN_IN_TEXT = 3

/** Param keys and op paths whose values are SCIM vocabulary, not anyone's data. */
const VOCABULARY_KEYS = new Set(
  [
    'schemas',
    'op',
    'path',
    'type',
    'primary',
    'active',
    'startIndex',
    'count',
    'attributes',
    'excludedAttributes',
    'resourceType',
  ].map((k) => k.toLowerCase()),
)

/** Path segments that are route words, kept as they are. */
const ROUTE_WORDS = new Set(
  [
    'api',
    'scim',
    'v2',
    'v4',
    'groups',
    'users',
    'application',
    'identities',
    'schemas',
    'serviceproviderconfig',
    'resourcetypes',
    'me',
    'bulk',
    '.search',
  ].map((w) => w.toLowerCase()),
)

/** Keys of the analysis whose strings are scimtrace's own vocabulary (enums, times, rule ids): never rewritten. */
const KEPT_KEYS = new Set([
  'rule',
  'severity',
  'action',
  'state',
  'idp',
  'idpEvidence',
  'provider',
  'idpStrength',
  'api',
  'scopeKind',
  'resource',
  'method',
  'kind',
  'unit',
  'format',
  'time',
  'firstSeen',
  'lastSeen',
  'first',
  'last',
  'resolvedAt',
  'docs',
  'operator',
  'op',
  'userAgent',
  'origin',
  'filteredKeys',
  'schemas',
  'sources',
])

type Kind = 'email' | 'userName' | 'name' | 'given' | 'family' | 'id' | 'value'

/** What kind of value a param key or op path names (`name.givenName`, `emails[type eq "work"].value`, …). */
function kindOf(attribute: string): Kind | undefined {
  const a = attribute.toLowerCase()
  const last =
    a
      .replace(/\[[^\]]*\]/g, '')
      .split(/[.:]/)
      .pop() ?? a
  if (VOCABULARY_KEYS.has(last) && !a.includes('email')) return undefined
  if (a.includes('email')) return 'email'
  if (a.includes('username')) return 'userName'
  if (last === 'givenname') return 'given'
  if (last === 'familyname') return 'family'
  if (last === 'displayname' || last === 'formatted' || last === 'name' || last === 'nickname') return 'name'
  if (last === 'externalid' || last === 'id') return 'id'
  return 'value'
}

interface Candidate {
  lower: string
  length: number
  alias: string
  alnumStart: boolean
  alnumEnd: boolean
}

class Aliases {
  private readonly map = new Map<string, string>()
  /**
   * Candidates for replacement inside text: those that start with a letter or digit by their first word
   * (`jane` for `jane.doe@x.example`), the others by their first `MIN_IN_TEXT` characters, lower-cased. A
   * word, not a fixed prefix: a million `user…@…` values share `use`, and each position would try them all.
   */
  private readonly words = new Map<string, Candidate[]>()
  private readonly prefixes = new Map<string, Candidate[]>()
  /** Lists added to since they were sorted longest first. */
  private readonly unsorted = new Set<Candidate[]>()
  private readonly domains = new Map<string, string>()
  private readonly ips = new Map<string, string>()
  private readonly counters = new Map<string, number>()

  next(counter: string): number {
    const n = (this.counters.get(counter) ?? 0) + 1
    this.counters.set(counter, n)
    return n
  }

  has(value: string): boolean {
    return this.map.has(value.toLowerCase())
  }

  domain(domain: string): string {
    const key = domain.toLowerCase()
    let alias = this.domains.get(key)
    if (!alias) {
      alias = `domain-${this.domains.size + 1}.example`
      this.domains.set(key, alias)
      this.set(domain, alias)
    }
    return alias
  }

  ip(ip: string): string {
    const parts = ip.split(',').map((part) => {
      const key = part.trim()
      let alias = this.ips.get(key)
      if (!alias) {
        const n = this.ips.size + 1
        alias = `203.0.113.${n <= 254 ? n : `x${n}`}`
        this.ips.set(key, alias)
        this.set(key, alias)
      }
      return alias
    })
    return parts.join(', ')
  }

  /** `value` → `alias`, with the forms remedies write it in (percent-encoded, GitLab's username). */
  set(value: string, alias: string): void {
    this.add(value, alias)
    const encoded = encodeSegment(value)
    if (encoded !== value) this.add(encoded, encodeSegment(alias))
    // Too short to replace inside text as it is; quoted (a filter, a JSON body) or as a path segment
    // (`g/Users`, a person key `g/x1`, `/Users/x1`) it is unambiguous.
    if (value.length < MIN_IN_TEXT) {
      this.add(`"${value}"`, `"${alias}"`)
      this.add(`${encoded}/`, `${encodeSegment(alias)}/`)
      this.add(`/${encoded}`, `/${encodeSegment(alias)}`)
    }
  }

  private add(value: string, alias: string): void {
    const lower = value.toLowerCase()
    if (this.map.has(lower)) return
    this.map.set(lower, alias)
    if (value.length < MIN_IN_TEXT) return
    const alnumStart = ALNUM.test(value[0] as string)
    const [index, key] = alnumStart
      ? [this.words, firstWord(lower, 0)]
      : [this.prefixes, lower.slice(0, MIN_IN_TEXT)]
    let list = index.get(key)
    if (!list) {
      list = []
      index.set(key, list)
    }
    list.push({
      lower,
      length: value.length,
      alias,
      alnumStart,
      alnumEnd: ALNUM.test(value.at(-1) as string),
    })
    this.unsorted.add(list)
  }

  /**
   * Register a person's value under its kind's alias and the person's number (`person-3`, `Person 3`,
   * `id-3`), with a suffix (`person-3-2`) for each further value of the same kind; `number` is asked only
   * when the value is new, so requests of no one get a number only if they carry one of their own.
   */
  assign(value: string, kind: Kind, number: () => string, used: Set<string>): void {
    const trimmed = value.trim()
    if (trimmed === '' || trimmed.includes(FILTERED) || this.has(trimmed)) return
    const email = EMAIL.exec(trimmed)
    const base = email ? 'person' : BASES[kind]
    const n = number()
    let suffix = ''
    // One slot for `person-1@…` and `person-1`: GitLab's username of the one is the other.
    const slot = (suffix: string) => `${base}:${suffix}`
    for (let i = 2; used.has(slot(suffix)); i++) suffix = `-${i}`
    used.add(slot(suffix))
    const local =
      base === 'Person' || base === 'Given' || base === 'Family'
        ? `${base} ${n}${suffix}`
        : `${base}-${n}${suffix}`
    const alias = email ? `${local}@${this.domain(email[2] as string)}` : local
    this.set(trimmed, alias)
    if (kind === 'userName' || email) {
      const username = gitlabUsername(trimmed)
      if (username !== trimmed && username.length >= MIN_IN_TEXT) this.set(username, gitlabUsername(alias))
    }
  }

  /** A whole value's alias, or the value itself when it is no one's. */
  lookup(value: string): string {
    return this.map.get(value.toLowerCase()) ?? this.map.get(value.trim().toLowerCase()) ?? value
  }

  /** `text` with every registered value in it replaced, where it stands as a whole word. */
  rewrite(text: string): string {
    const whole = this.lookup(text)
    if (whole !== text) return whole
    if (text.length < MIN_IN_TEXT || (this.words.size === 0 && this.prefixes.size === 0)) return text
    // Longest first: `jane@x.example` before `jane`. Sorted once, when text is first rewritten.
    for (const list of this.unsorted) list.sort((a, b) => b.length - a.length)
    this.unsorted.clear()
    let out = ''
    let from = 0
    for (let i = 0; i + MIN_IN_TEXT <= text.length; ) {
      const match = this.matchAt(text, i)
      if (!match) {
        i++
        continue
      }
      out += text.slice(from, i) + match.alias
      i += match.length
      from = i
    }
    return from === 0 ? text : out + text.slice(from)
  }

  private matchAt(text: string, i: number): Candidate | undefined {
    let list: Candidate[] | undefined
    if (ALNUM.test(text[i] as string)) {
      // Only where a word starts (or right after a `%XX` escape, as in `%22jane%40x%22`).
      if (i > 0 && ALNUM.test(text[i - 1] as string) && !HEX2.test(text.slice(i - 3, i))) return undefined
      if (this.words.size === 0) return undefined
      list = this.words.get(firstWord(text, i).toLowerCase())
    } else if (this.prefixes.size > 0) {
      list = this.prefixes.get(text.slice(i, i + MIN_IN_TEXT).toLowerCase())
    }
    if (!list) return undefined
    for (const c of list) {
      if (text.slice(i, i + c.length).toLowerCase() !== c.lower) continue
      const after = text[i + c.length]
      if (c.alnumEnd && after !== undefined && ALNUM.test(after)) continue
      return c
    }
    return undefined
  }
}

const WORD = /[\p{L}\p{N}]+/uy

/** The run of letters and digits at `at`. */
function firstWord(text: string, at: number): string {
  WORD.lastIndex = at
  return WORD.exec(text)?.[0] ?? ''
}

const BASES: Record<Kind, string> = {
  email: 'person',
  userName: 'person',
  name: 'Person',
  given: 'Given',
  family: 'Family',
  id: 'id',
  value: 'value',
}

/** Every string leaf of `value` with the key or op path that names it. */
function leaves(value: unknown, attribute: string, out: [string, string][], depth = 0): void {
  if (depth > 64) return
  if (typeof value === 'string') out.push([attribute, value])
  else if (Array.isArray(value)) for (const item of value) leaves(item, attribute, out, depth + 1)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // `{ "value": "jane@x" }` inside `emails` is still an email.
      const named = k === 'value' && attribute !== '' ? attribute : attribute === '' ? k : `${attribute}.${k}`
      leaves(v, named, out, depth + 1)
    }
  }
}

/** The person values one request carries, each with what kind of value it is. */
function personValues(record: ScimRecord): [Kind, string][] {
  const b = record.body
  const found: [Kind, string][] = []
  const push = (kind: Kind | undefined, value: string | undefined) => {
    if (kind !== undefined && value !== undefined) found.push([kind, value])
  }
  for (const email of b.emails) push('email', email.value)
  push('userName', b.userName)
  for (const uid of [b.externalId, b.id, record.scimId, record.patch?.externUid]) push('id', uid)
  if (b.filter) push(kindOf(b.filter.attribute) ?? 'value', b.filter.value)
  push('name', b.displayName)
  push('name', b.name?.formatted)
  push('given', b.name?.givenName)
  push('family', b.name?.familyName)
  const rest: [string, string][] = []
  for (const op of b.operations) leaves(op.value, op.path ?? '', rest)
  for (const change of [...(record.patch?.ignored ?? []), ...(record.patch?.droppedKeys ?? [])])
    leaves(change.value, change.attribute, rest)
  for (const [key, value] of Object.entries(b.extra)) leaves(value, key, rest)
  for (const [attribute, value] of rest) push(kindOf(attribute), value)
  return found
}

/** Path segments that are not route words, each with whether it names a group (it follows `groups`). */
function pathValues(record: ScimRecord): [value: string, group: boolean][] {
  const values: [string, boolean][] = []
  let previous = ''
  for (const segment of record.path.split('?')[0]?.split('/') ?? []) {
    const word = segment.toLowerCase()
    const after = previous
    previous = word
    if (segment === '' || ROUTE_WORDS.has(word)) continue
    let decoded = segment
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      // A malformed escape: the segment as logged.
    }
    values.push([decoded, after === 'groups'])
  }
  return values
}

function registerGroup(aliases: Aliases, scope: string): void {
  if (scope === '' || aliases.has(scope)) return
  const parts = scope.split('/')
  for (const part of parts)
    if (part !== '' && !aliases.has(part)) aliases.set(part, `group-${aliases.next('group')}`)
  aliases.set(scope, parts.map((p) => aliases.lookup(p)).join('/'))
}

/** Register the values of one person's requests; `n` gives their number the first time it is needed. */
function registerRecords(aliases: Aliases, records: readonly ScimRecord[], n: () => string): void {
  const used = new Set<string>()
  for (const record of records) {
    if (record.scopeKind === 'group') registerGroup(aliases, record.scope)
    // userNames and emails first: a person's first values get the plain aliases.
    for (const [kind, value] of personValues(record))
      if (kind === 'email' || kind === 'userName') aliases.assign(value, kind, n, used)
  }
  for (const record of records) {
    for (const [kind, value] of personValues(record)) aliases.assign(value, kind, n, used)
    for (const [value, group] of pathValues(record)) {
      if (group) registerGroup(aliases, value)
      else aliases.assign(value, 'id', n, used)
    }
    const id = record.correlationId
    if (id !== undefined && id !== '' && !aliases.has(id))
      aliases.set(id, `correlation-${aliases.next('correlation')}`)
    if (record.remoteIp !== undefined) aliases.ip(record.remoteIp)
  }
}

/** The values a person is known by that no record of theirs registered (ids from counted paths). */
function registerPerson(aliases: Aliases, person: Person, n: () => string): void {
  const used = new Set<string>()
  if (person.scopeKind === 'group') registerGroup(aliases, person.scope)
  // `assign` passes over values already aliased (those their records carried).
  for (const email of person.emails) aliases.assign(email, 'email', n, used)
  for (const userName of person.userNames) aliases.assign(userName, 'userName', n, used)
  for (const id of person.externUids) aliases.assign(id, 'id', n, used)
}

/** The aliases for every value of the analysis: people numbered in order of their first request. */
function buildAliases(analysis: Analysis): Aliases {
  const aliases = new Aliases()
  const { people } = analysis.timelines
  const groups: ScimRecord[][] =
    people.length > 0
      ? people.map((p) => p.timeline.map((e) => e.record))
      : linkPeople(analysis.records).groups.map((g) => [...g])
  const ordered = groups
    .map((group, i) => ({ group: [...group].sort((a, b) => a.timeMs - b.timeMs), i }))
    .sort((a, b) => (a.group[0]?.timeMs ?? 0) - (b.group[0]?.timeMs ?? 0) || a.i - b.i)
  let count = 0
  const numbered = (): (() => string) => {
    let n: string | undefined
    return () => {
      n ??= String(++count)
      return n
    }
  }
  const seen = new Set<ScimRecord>()
  for (const { group, i } of ordered) {
    const n = numbered()
    registerRecords(aliases, group, n)
    // A person's own values, when no request read carries them: the server-side report's people from the
    // counts have the id of their paths only (`analysis/server-side.ts`). Values met in records are already
    // registered, so a report read in full is unchanged.
    const person = people[i]
    if (person) registerPerson(aliases, person, n)
    for (const record of group) seen.add(record)
  }
  // Requests of no one (lookups of people never created, probes, /Groups): a number each, if they need one.
  for (const record of analysis.records) if (!seen.has(record)) registerRecords(aliases, [record], numbered())
  return aliases
}

/** A deep copy of `value` with every string rewritten; shared objects stay shared (one copy each). */
class Rewriter {
  private readonly copies = new Map<object, unknown>()
  constructor(private readonly aliases: Aliases) {}

  copy<T>(value: T, depth = 0): T {
    if (typeof value === 'string') return this.aliases.rewrite(value) as T
    if (value === null || typeof value !== 'object') return value
    const seen = this.copies.get(value)
    if (seen !== undefined) return seen as T
    if (depth > 200) return value
    if (Array.isArray(value)) {
      const out: unknown[] = []
      this.copies.set(value, out)
      for (const item of value) out.push(this.copy(item, depth + 1))
      return out as T
    }
    if (value instanceof Map) {
      const out = new Map()
      this.copies.set(value, out)
      for (const [k, v] of value) out.set(this.copy(k, depth + 1), this.copy(v, depth + 1))
      return out as T
    }
    if (value instanceof Set) {
      const out = new Set()
      this.copies.set(value, out)
      for (const v of value) out.add(this.copy(v, depth + 1))
      return out as T
    }
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return value
    const out: Record<string, unknown> = {}
    this.copies.set(value, out)
    for (const [k, v] of Object.entries(value)) {
      out[k] = KEPT_KEYS.has(k)
        ? v
        : k === 'remoteIp' && typeof v === 'string'
          ? this.aliases.ip(v)
          : this.copy(v, depth + 1)
    }
    return out as T
  }

  /** The copy made of `value`, if any. */
  copyOf<T extends object>(value: T): T | undefined {
    return this.copies.get(value) as T | undefined
  }
}

export interface Redaction {
  analysis: Analysis
  /** The alias of one value (a `who` typed on the command line), or the value when it is no one's. */
  alias(value: string): string
}

/** The identities GitLab stores, given to the cross-checks (`--scim-identities`, `--saml-identities`). */
type Identities = DiagnosisOptions['identities']

/** Their values too: a SAML NameId or a GitLab user id may be in a cross-check's text and nowhere in the log. */
function registerIdentities(aliases: Aliases, identities: Identities): void {
  const all = [...(identities?.scim ?? []), ...(identities?.saml ?? [])]
  for (const identity of all) {
    if (!aliases.has(identity.extern_uid)) {
      aliases.assign(identity.extern_uid, 'id', () => `u${aliases.next('identity')}`, new Set())
    }
    const id = String(identity.user_id)
    if (aliases.has(`user ${id}`)) continue
    const alias = `user-${aliases.next('user')}`
    // Only in the phrases the cross-checks write: a bare number is also a count or a status.
    aliases.set(`user ${id}`, `user ${alias}`)
    aliases.set(`user_id ${id}`, `user_id ${alias}`)
  }
}

export function redactAnalysis(analysis: Analysis, identities?: Identities): Redaction {
  const aliases = buildAliases(analysis)
  registerIdentities(aliases, identities)
  const rewriter = new Rewriter(aliases)
  const copy = rewriter.copy(analysis)
  // A filter is shown as its raw text, which may hold more than the value GitLab reads: rebuilt from the
  // (aliased) parts, nothing else of it is shown.
  for (const record of copy.records) {
    const filter = record.body.filter
    if (filter) filter.raw = `${filter.attribute} ${filter.operator} "${filter.value}"`
  }
  // Which records a finding accounts for is kept beside it (`coveredRecords`): the copies need theirs.
  for (const finding of analysis.diagnosis.all) {
    const twin = rewriter.copyOf<Finding>(finding)
    if (twin)
      setCoverage(
        twin,
        coveredRecords(finding).map((r) => rewriter.copy(r)),
      )
  }
  return { analysis: copy, alias: (value) => aliases.lookup(value) }
}
