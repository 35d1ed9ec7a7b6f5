/**
 * One API log document → one normalised SCIM record, or the reason it is not one.
 */
import type { DocSelection, LogDoc, Origin, SkipReason } from '../sources/types.js'
import { classifyAction } from './action.js'
import { buildBody } from './body.js'
import { clientFromUserAgent, type EvidenceStrength, type Provider } from './clients.js'
import { IDENTITY_API_MARK, identityPatch, parseIdentityApiPath } from './identity-api.js'
import { idpFromShape } from './idp.js'
import { recordStrings as strings } from './intern.js'
import { decodeParams } from './params.js'
import { interpretPatch } from './patch.js'
import { parseScimPath, type ScimPath } from './path.js'
import { maskSecretText } from './secrets.js'
import { parseRfc3339 } from './time.js'
import type { IdentityProvider, IdpEvidence, ScimRecord } from './types.js'

export type NormaliseResult =
  | { kind: 'scim'; record: ScimRecord }
  | { kind: 'other' }
  | { kind: 'skip'; reason: SkipReason; detail: string }

const OTHER: NormaliseResult = { kind: 'other' }

function skip(detail: string): NormaliseResult {
  return { kind: 'skip', reason: 'bad-field-type', detail }
}

function optionalString(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (Array.isArray(value) && typeof value[0] === 'string') return value.join(', ')
  return undefined
}

/** `status` is an integer; exports may give a numeric string; GitLab writes `"fail"` when there was no response. */
function readStatus(value: unknown): number | null | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string') {
    if (/^\d{3}$/.test(value.trim())) return Number(value)
    if (value === 'fail') return null
  }
  if (value === undefined || value === null) return null
  return undefined
}

/** Current logs write `duration_s`; older ones `duration` in milliseconds (reference §1.1). */
function readDuration(doc: LogDoc): number | undefined {
  if (typeof doc.duration_s === 'number') return doc.duration_s
  if (typeof doc.duration === 'number') return doc.duration / 1000
  return undefined
}

/** Which of the two timing field sets the line has (`diagnosis/versions/infer.ts` reads it). */
function timingFields(doc: LogDoc): 'seconds' | 'milliseconds' | undefined {
  if (typeof doc.duration_s === 'number') return 'seconds'
  if (typeof doc.duration === 'number') return 'milliseconds'
  return undefined
}

/**
 * Everything `normalise` reads of a document: a reader may drop the rest, and documents whose path lacks
 * `/scim/v` (which `parseScimPath` requires), before they reach this stage (`readEntries`' `selection`).
 */
export const RECORD_SELECTION: DocSelection = {
  fields: [
    'time',
    '@timestamp',
    'method',
    'path',
    'status',
    'params',
    'ua',
    'remote_ip',
    'correlation_id',
    'duration_s',
    'duration',
    'meta.root_namespace',
  ],
  // `/scim/` rather than `/scim/v`: the SCIM identity API (`/api/v4/groups/:id/scim/:uid`) is read too.
  pathIncludes: IDENTITY_API_MARK,
}

export function normalise(doc: LogDoc, origin: Origin): NormaliseResult {
  const rawPath = doc.path
  if (typeof rawPath !== 'string') return rawPath === undefined ? OTHER : skip('path is not a string')
  // A token where an id belongs (`/Users/glpat-…`) is masked like one in the params (`secrets.ts`).
  const path = strings.intern(maskSecretText(rawPath))
  const identityApi = parseScimPath(path) ? undefined : parseIdentityApiPath(path, doc['meta.root_namespace'])
  const scimPath: ScimPath | undefined =
    parseScimPath(path) ??
    (identityApi
      ? {
          scope: identityApi.scope,
          scopeKind: 'group',
          resource: 'Users',
          ...(identityApi.uid !== undefined ? { scimId: identityApi.uid } : {}),
        }
      : undefined)
  if (!scimPath) return OTHER

  const method = doc.method
  // An HTTP method is a short token; anything else is not a request GitLab answered (and must not reach a terminal).
  if (typeof method !== 'string' || !/^[A-Za-z]{1,20}$/.test(method))
    return skip('method is not an HTTP method')
  const status = readStatus(doc.status)
  if (status === undefined) return skip(`status is not a number: ${JSON.stringify(doc.status).slice(0, 40)}`)
  const timeText = optionalString(doc.time) ?? optionalString(doc['@timestamp'])
  const timeMs = timeText === undefined ? Number.NaN : parseRfc3339(timeText)
  if (Number.isNaN(timeMs)) return skip('time is missing or not an RFC 3339 date')
  const params = decodeParams(doc.params)
  if (!params) return skip('params is not a list of {key, value}')

  const body = buildBody(params.values)
  const upperMethod = method.toUpperCase()
  const patch =
    upperMethod !== 'PATCH'
      ? undefined
      : identityApi
        ? identityPatch(params.values)
        : interpretPatch(body.operations)
  const userAgent = strings.intern(optionalString(doc.ua))
  let idp: IdentityProvider = 'other'
  let idpEvidence: IdpEvidence = 'none'
  let provider: Provider = 'unknown'
  let idpStrength: EvidenceStrength = 'none'
  // A user agent that names a client decides; the request's shape only when it names none (and then weakly).
  const byUa = clientFromUserAgent(userAgent)
  const byShape = byUa ? undefined : idpFromShape(body, params.values)
  if (byUa) {
    idp = byUa.idp
    provider = byUa.provider
    idpStrength = byUa.strength
    idpEvidence = 'user-agent'
  } else if (byShape) {
    idp = byShape
    provider = byShape === 'other' ? 'unknown' : byShape
    idpStrength = 'weak'
    idpEvidence = 'shape'
  }

  // Every record gets every field, in one order, absent ones `undefined` (JSON output drops them): records of
  // one shape keep the property reads in timelines and diagnosis monomorphic, where optional fields added one
  // by one gave records several hidden classes.
  const record: ScimRecord = {
    time: new Date(timeMs).toISOString(),
    timeMs,
    method: upperMethod,
    path,
    scope: strings.intern(scimPath.scope),
    scopeKind: scimPath.scopeKind,
    resource: scimPath.resource,
    scimId: strings.intern(scimPath.scimId),
    status,
    durationS: readDuration(doc),
    timingFields: timingFields(doc),
    userAgent,
    idp,
    idpEvidence,
    provider,
    idpStrength,
    api: identityApi ? 'identity' : 'scim',
    remoteIp: strings.intern(optionalString(doc.remote_ip)),
    correlationId: optionalString(doc.correlation_id),
    body,
    patch,
    action: classifyAction(upperMethod, scimPath.resource, scimPath.scimId, body, patch),
    origin,
    paramsTruncated: params.truncated,
    filteredKeys: params.filteredKeys,
  }
  return { kind: 'scim', record }
}
