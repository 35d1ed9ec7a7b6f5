/**
 * How each identity provider shapes its SCIM requests (reference §4, idp-request-shapes.md).
 * One style per client; the scenario builder asks the style for bodies, ops and lookups.
 */
import type { Param } from './logline.js'
import type { Rng } from './prng.js'

export interface Person {
  given: string
  family: string
  displayName: string
  email: string
  userName: string
  /** The externalId the identity provider currently uses for this person. */
  externalId: string
}

export interface PatchOp {
  op: string
  path?: string
  value?: unknown
}

export type LookupBy = 'userName' | 'externalId' | 'email' | 'displayName' | 'id'

export interface IdpStyle {
  /** okta, entra, entra-aadOptscim062020, admin-curl, or a provider of providers.ts. */
  name: string
  ua: string
  ip: string
  newExternalId(rng: Rng): string
  /** The userName this client sends for a person. */
  userName(given: string, family: string, email: string): string
  /** The request body as the client sends it (before GitLab's filtering). */
  createBody(person: Person, rng: Rng): Record<string, unknown>
  activeOps(active: boolean): PatchOp[]
  /** A `Replace` of one attribute by path. */
  replaceOp(path: string, value: unknown): PatchOp
  /** What the client looks a person up by, by default. */
  lookupBy: LookupBy
  lookupParams(filter: string): Param[]
}

export const SCHEMA_USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const SCHEMA_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const SCHEMA_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const SCHEMA_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'

export const OKTA_UA = 'Okta SCIM Client 1.0.0'
/** Not documented by Microsoft or GitLab (reference §4.2); a third-party SCIM server matches on this text. */
export const ENTRA_UA = 'Microsoft Azure AD SCIM provisioning'

export const okta: IdpStyle = {
  name: 'okta',
  ua: OKTA_UA,
  ip: '198.51.100.23',
  newExternalId: (rng) => rng.oktaId(),
  userName: (_given, _family, email) => email,
  createBody: (p, rng) => ({
    schemas: [SCHEMA_USER],
    userName: p.userName,
    name: { givenName: p.given, familyName: p.family },
    emails: [{ primary: true, value: p.email, type: 'work' }],
    displayName: p.displayName,
    locale: 'en-US',
    externalId: p.externalId,
    groups: [],
    password: rng.alnum(8),
    active: true,
  }),
  activeOps: (active) => [{ op: 'replace', value: { active } }],
  replaceOp: (path, value) => ({ op: 'replace', value: { [path]: value } }),
  lookupBy: 'userName',
  lookupParams: (filter) => [
    { key: 'filter', value: filter },
    { key: 'startIndex', value: '1' },
    { key: 'count', value: '100' },
  ],
}

function entraCreate(p: Person): Record<string, unknown> {
  return {
    schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE],
    externalId: p.externalId,
    userName: p.userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: p.email }],
    meta: { resourceType: 'User' },
    name: { formatted: p.displayName, familyName: p.family, givenName: p.given },
    roles: [],
  }
}

/** Entra ID's default `scim` job: capitalised ops with a path, `active` as the string `"False"`. */
export const entra: IdpStyle = {
  name: 'entra',
  ua: ENTRA_UA,
  ip: '20.44.0.10',
  newExternalId: (rng) => rng.guid(),
  userName: (_given, _family, email) => email.slice(0, email.indexOf('@')).replace(/\./g, ''),
  createBody: (p) => entraCreate(p),
  activeOps: (active) => [{ op: 'Replace', path: 'active', value: active ? 'True' : 'False' }],
  replaceOp: (path, value) => ({ op: 'Replace', path, value }),
  lookupBy: 'externalId',
  lookupParams: (filter) => [{ key: 'filter', value: filter }],
}

/** Entra ID with `?aadOptscim062020` in the tenant URL: RFC-style lowercase ops and booleans. */
export const entraFlag: IdpStyle = {
  ...entra,
  name: 'entra-aadOptscim062020',
  ip: '20.44.0.12',
  activeOps: (active) => [{ op: 'replace', path: 'active', value: active }],
  replaceOp: (path, value) => ({ op: 'replace', path, value }),
}

/** A group owner calling the SCIM API by hand, as the troubleshooting page suggests. */
export const adminCurl: IdpStyle = {
  ...okta,
  name: 'admin-curl',
  ua: 'curl/8.5.0',
  ip: '203.0.113.77',
  activeOps: (active) => [{ op: 'Replace', path: 'active', value: active }],
  lookupParams: (filter) => [{ key: 'filter', value: filter }],
}

/** The SCIM filter a client sends to find a person. */
export function lookupFilter(person: Person, by: LookupBy): string {
  switch (by) {
    case 'userName':
      return `userName eq "${person.userName}"`
    case 'externalId':
      return `externalId eq "${person.externalId}"`
    case 'id':
      return `id eq "${person.externalId}"`
    case 'email':
      return `emails[type eq "work"].value eq "${person.email}"`
    case 'displayName':
      return `displayName eq "${person.displayName}"`
  }
}
