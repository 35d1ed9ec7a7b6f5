/**
 * Building the SCIM body from decoded params: the fields GitLab reads (reference §3.1).
 */
import { kept, keptObject } from '../common/arrays.js'
import { sharedFilter } from './filter.js'
import { recordStrings as strings } from './intern.js'
import { setOwn } from './params.js'
import { readOperations } from './patch.js'
import type { ScimBody, ScimEmail, ScimName } from './types.js'
import { scimBoolean, scimString } from './values.js'

/** Params that become named body fields; everything else is kept (bounded) in `extra`. */
const KNOWN = new Set([
  'externalId',
  'id',
  'userName',
  'emails',
  'name',
  'displayName',
  'active',
  'schemas',
  'Operations',
  'operations',
  'filter',
  'name.formatted',
  'name.givenName',
  'name.familyName',
])

function readEmails(value: unknown): ScimEmail[] {
  if (!Array.isArray(value)) return kept([])
  const emails: ScimEmail[] = []
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i]
    if (!item || typeof item !== 'object') continue
    const { value: address, type, primary } = item as Record<string, unknown>
    const text = scimString(address)
    if (text === undefined) continue
    const email: ScimEmail = { value: strings.intern(text) }
    if (typeof type === 'string') email.type = strings.intern(type)
    const isPrimary = scimBoolean(primary)
    if (isPrimary !== undefined) email.primary = isPrimary
    emails.push(email)
  }
  return kept(emails)
}

function readName(params: Record<string, unknown>): ScimName | undefined {
  const name: ScimName = {}
  const nested = params.name
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    const { formatted, givenName, familyName } = nested as Record<string, unknown>
    if (typeof formatted === 'string') name.formatted = formatted
    if (typeof givenName === 'string') name.givenName = givenName
    if (typeof familyName === 'string') name.familyName = familyName
  } else if (nested !== undefined && !(nested && typeof nested === 'object')) {
    return undefined
  }
  // Some exports (and GitLab's own docs) flatten `name.formatted` into a dotted key.
  const formatted = params['name.formatted']
  if (typeof formatted === 'string' && name.formatted === undefined) name.formatted = formatted
  const givenName = params['name.givenName']
  if (typeof givenName === 'string' && name.givenName === undefined) name.givenName = givenName
  const familyName = params['name.familyName']
  if (typeof familyName === 'string' && name.familyName === undefined) name.familyName = familyName
  return nested !== undefined ||
    name.formatted !== undefined ||
    name.givenName !== undefined ||
    name.familyName !== undefined
    ? name
    : undefined
}

export function buildBody(params: Record<string, unknown>): ScimBody {
  // All fields in one order, absent ones `undefined`: one shape for every body (see `normalise`).
  const body: ScimBody = {
    externalId: strings.intern(scimString(params.externalId)),
    id: strings.intern(scimString(params.id)),
    userName: strings.intern(scimString(params.userName)),
    emails: readEmails(params.emails),
    name: readName(params),
    displayName: typeof params.displayName === 'string' ? strings.intern(params.displayName) : undefined,
    active: scimBoolean(params.active),
    schemas: Array.isArray(params.schemas)
      ? kept(params.schemas.filter((s): s is string => typeof s === 'string').map((s) => strings.intern(s)))
      : kept([]),
    operations: readOperations(params.Operations ?? params.operations),
    filter: typeof params.filter === 'string' ? sharedFilter(params.filter) : undefined,
    extra: {},
  }
  const keys = Object.keys(params)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    if (!KNOWN.has(key)) setOwn(body.extra, key, params[key])
  }
  body.extra = keptObject(body.extra)
  return body
}
