/**
 * A small builder for SCIM scenarios: people, and the requests an identity provider sends for them.
 *
 *   const s = new Scenario({ name: 'okta-lifecycle', group: 'hooli', idp: okta, start: '2024-05-14T09:12:00Z' })
 *   const jane = s.person('Jane', 'Doe')
 *   s.lookup(jane).create(jane).wait('7d').deactivate(jane)
 *
 * Each request advances the scenario's clock, so lines come out in time order. The logged `time` is
 * when the request ended (reference §1.2).
 */
import { type IdpStyle, type LookupBy, lookupFilter, type PatchOp, type Person, SCHEMA_PATCH } from './idp.js'
import { bodyToParams, buildDoc, type LogDoc, type Param, type RequestSpec } from './logline.js'
import { hashSeed, Rng } from './prng.js'

export interface ScenarioOptions {
  name: string
  group: string
  idp: IdpStyle
  /** ISO-8601 UTC start time. */
  start: string
  /** Email domain for people made with `person()`; default `<group>.example`. */
  domain?: string
}

/** A finding the scenario must make scimtrace report. */
export interface Expectation {
  /** Diagnosis rule id. */
  rule: string
  /** The person's email, or null for a group-wide finding (or an id nobody is known by). */
  person: string | null
  externalId?: string
  group: string
}

export interface RequestOptions {
  status?: number | string
  /** Send this request to another group path. */
  group?: string
  /** Send this request as another client. */
  idp?: IdpStyle
  /** A group path GitLab does not know: 404 without `meta.root_namespace`. */
  unknownGroup?: boolean
}

export interface CreateOptions extends RequestOptions {
  /** Change the body the client sends (drop keys, change emails, …). */
  body?: (body: Record<string, unknown>) => Record<string, unknown>
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `'40m'`, `'3d'`, `'1h30m'`, `'2s'`, or milliseconds. */
export function parseDuration(spec: string | number): number {
  if (typeof spec === 'number') return spec
  let total = 0
  for (const match of spec.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) {
    total += Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 0)
  }
  if (total === 0) throw new Error(`bad duration: ${spec}`)
  return total
}

export class Scenario {
  readonly name: string
  readonly group: string
  readonly docs: LogDoc[] = []
  readonly rng: Rng
  readonly expectations: Expectation[] = []
  idp: IdpStyle
  private clock: number
  private readonly domain: string

  constructor(options: ScenarioOptions & { seed?: number }) {
    this.name = options.name
    this.group = options.group
    this.idp = options.idp
    this.clock = Date.parse(options.start)
    if (Number.isNaN(this.clock)) throw new Error(`bad start time: ${options.start}`)
    this.domain = options.domain ?? `${options.group}.example`
    this.rng = new Rng(options.seed ?? hashSeed(options.name))
  }

  /** A person as the current identity provider knows them. */
  person(
    given: string,
    family: string,
    options: { email?: string; userName?: string; externalId?: string; idp?: IdpStyle } = {},
  ): Person {
    const idp = options.idp ?? this.idp
    const email = options.email ?? `${asciiLocal(given)}.${asciiLocal(family)}@${this.domain}`
    return {
      given,
      family,
      displayName: `${given} ${family}`,
      email,
      userName: options.userName ?? idp.userName(given, family, email),
      externalId: options.externalId ?? idp.newExternalId(this.rng),
    }
  }

  /** Declare a finding scimtrace must report for this scenario (written to `answers/scenarios.json`). */
  expect(rule: string, person: Person | null, options: { group?: string; externalId?: string } = {}): this {
    const externalId = options.externalId ?? person?.externalId
    this.expectations.push({
      rule,
      person: person?.email ?? null,
      ...(externalId === undefined ? {} : { externalId }),
      group: options.group ?? this.group,
    })
    return this
  }

  /** Switch the client for the following requests. */
  use(idp: IdpStyle): this {
    this.idp = idp
    return this
  }

  wait(spec: string | number): this {
    this.clock += parseDuration(spec)
    return this
  }

  /** Jump to a time (must not go backwards). */
  at(iso: string): this {
    const t = Date.parse(iso)
    if (Number.isNaN(t) || t < this.clock) throw new Error(`${this.name}: cannot go back to ${iso}`)
    this.clock = t
    return this
  }

  /** Move the clock to `ms` unless it is already later (big files keep one clock for all traffic). */
  atMs(ms: number): this {
    if (ms > this.clock) this.clock = ms
    return this
  }

  /** The scenario clock, in epoch milliseconds. */
  now(): number {
    return this.clock
  }

  /** Take the lines built so far (big files stream them out as they go). */
  drain(): LogDoc[] {
    return this.docs.splice(0, this.docs.length)
  }

  /** GET of the collection without a filter (an import or a connection test). */
  list(options: RequestOptions = {}): this {
    const idp = options.idp ?? this.idp
    const params =
      idp.name === 'okta'
        ? [
            { key: 'startIndex', value: '1' },
            { key: 'count', value: '100' },
          ]
        : [
            { key: 'startIndex', value: '1' },
            { key: 'count', value: '1' },
          ]
    return this.request('GET', '', params, options, { durationS: 0.09 })
  }

  /** GET with a filter: by the client's usual attribute, another one, or a raw filter string. */
  lookup(person: Person, options: RequestOptions & { by?: LookupBy; filter?: string } = {}): this {
    const idp = options.idp ?? this.idp
    const filter = options.filter ?? lookupFilter(person, options.by ?? idp.lookupBy)
    return this.request('GET', '', idp.lookupParams(filter), options, { durationS: 0.03 })
  }

  /** GET with a raw filter not tied to a person. */
  search(filter: string, options: RequestOptions = {}): this {
    const idp = options.idp ?? this.idp
    return this.request('GET', '', idp.lookupParams(filter), options, { durationS: 0.03 })
  }

  create(person: Person, options: CreateOptions = {}): this {
    const idp = options.idp ?? this.idp
    let body = idp.createBody(person, this.rng)
    if (options.body) body = options.body(body)
    const status = options.status ?? 201
    return this.request('POST', '', bodyToParams(body), options, {
      durationS: status === 201 ? 0.4 : 0.12,
      dbCount: status === 201 ? this.rng.int(50, 70) : this.rng.int(15, 35),
      contentLength: Buffer.byteLength(JSON.stringify(body)),
    })
  }

  /** PATCH with the given ops on the person's current externalId (or `options.id`). */
  patch(person: Person | null, ops: PatchOp[], options: RequestOptions & { id?: string } = {}): this {
    const id = options.id ?? person?.externalId
    if (id === undefined) throw new Error(`${this.name}: patch needs a person or an id`)
    const body = { schemas: [SCHEMA_PATCH], Operations: ops }
    return this.request('PATCH', `/${id}`, bodyToParams(body), options, {
      durationS: 0.05,
      contentLength: Buffer.byteLength(JSON.stringify(body)),
    })
  }

  deactivate(person: Person, options: RequestOptions = {}): this {
    return this.patch(person, (options.idp ?? this.idp).activeOps(false), options)
  }

  reactivate(person: Person, options: RequestOptions = {}): this {
    return this.patch(person, (options.idp ?? this.idp).activeOps(true), options)
  }

  /** PATCH `externalId`; on success the person is known under the new id from then on. */
  changeExternalId(person: Person, newId: string, options: RequestOptions = {}): this {
    const idp = options.idp ?? this.idp
    this.patch(person, [idp.replaceOp('externalId', newId)], options)
    if ((options.status ?? 204) === 204) person.externalId = newId
    return this
  }

  /** GET of one user by id. */
  get(person: Person | null, options: RequestOptions & { id?: string } = {}): this {
    const id = options.id ?? person?.externalId
    if (id === undefined) throw new Error(`${this.name}: get needs a person or an id`)
    return this.request('GET', `/${id}`, [], options, { durationS: 0.025 })
  }

  /** DELETE of one user (Entra's hard delete). */
  remove(person: Person | null, options: RequestOptions & { id?: string } = {}): this {
    const id = options.id ?? person?.externalId
    if (id === undefined) throw new Error(`${this.name}: remove needs a person or an id`)
    return this.request('DELETE', `/${id}`, [], options, { durationS: 0.11 })
  }

  /** A request to a SCIM resource GitLab does not have (`Groups`): no route matches. */
  groupsRequest(method: string, suffix: string, params: Param[], options: RequestOptions = {}): this {
    const group = options.group ?? this.group
    const idp = options.idp ?? this.idp
    this.advance()
    this.docs.push(
      buildDoc(
        {
          timeMs: this.clock,
          status: options.status ?? 404,
          method,
          path: `/api/scim/v2/groups/${group}/Groups${suffix}`,
          params,
          remoteIp: idp.ip,
          ua: idp.ua,
          durationS: 0.008,
          dbCount: 0,
          contentLength:
            method === 'GET' ? undefined : Buffer.byteLength(JSON.stringify(paramsToBody(params))),
        },
        this.rng,
      ),
    )
    return this
  }

  /** Append a line built elsewhere, at the scenario clock. */
  raw(spec: Omit<RequestSpec, 'timeMs'>): this {
    this.advance()
    this.docs.push(buildDoc({ ...spec, timeMs: this.clock }, this.rng))
    return this
  }

  /** Move the clock on by the gap between two requests of one client. */
  private advance(): void {
    this.clock += this.rng.int(350, 2900)
  }

  private request(
    method: string,
    suffix: string,
    params: Param[],
    options: RequestOptions,
    hints: { durationS: number; dbCount?: number; contentLength?: number },
  ): this {
    const group = options.group ?? this.group
    const idp = options.idp ?? this.idp
    const status = options.status ?? (method === 'GET' ? 200 : method === 'POST' ? 201 : 204)
    // A path with a `.` in the group does not match Grape's `:group` (no route, no SCIM context).
    const routed = !group.includes('.')
    const route = `/api/scim/:version/groups/:group/Users${suffix ? '/:id' : ''}`
    const failedEarly = status === 401 || status === 403 || options.unknownGroup === true || !routed
    this.advance()
    this.docs.push(
      buildDoc(
        {
          timeMs: this.clock,
          status,
          method,
          path: `/api/scim/v2/groups/${group}/Users${suffix}`,
          params,
          remoteIp: idp.ip,
          ua: idp.ua,
          route: routed ? route : undefined,
          featureCategory: routed ? 'system_access' : undefined,
          rootNamespace: options.unknownGroup || !routed ? undefined : group,
          contentLength: hints.contentLength,
          durationS: failedEarly ? 0.009 : hints.durationS,
          dbCount: failedEarly ? this.rng.int(1, 4) : hints.dbCount,
          urgency: 'default',
        },
        this.rng,
      ),
    )
    return this
  }
}

function paramsToBody(params: Param[]): Record<string, unknown> {
  return Object.fromEntries(params.map((p) => [p.key, p.value]))
}

/** A plain ASCII email local part for a name (`Zoë` → `zoe`, `O'Brien` → `obrien`). */
export function asciiLocal(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}
