/**
 * Which identity provider sent a request: by user agent first (clients.ts), else by request shape
 * (reference §6), which is weaker evidence and is used only when the user agent names no client.
 */
import { finish, type Steps } from '../common/steps.js'
import { clientFromUserAgent, type EvidenceStrength, type Provider } from './clients.js'
import type { IdentityProvider, PatchOperation, ScimBody, ScimRecord } from './types.js'

const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
const OKTA_ID = /^00u[0-9A-Za-z]{10,}$/
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The provider (okta/entra/other) a user agent names; see clients.ts for the named client. */
export function idpFromUserAgent(ua: string | undefined): IdentityProvider | undefined {
  const match = clientFromUserAgent(ua)
  // Only Okta and Entra have an `idp` of their own; the others are `other` but still named (`provider`).
  return match && match.idp !== 'other' ? match.idp : undefined
}

function capitalisedOp(op: PatchOperation): boolean {
  return op.op === 'Replace' || op.op === 'Add' || op.op === 'Remove'
}

/** Shape clues: Entra capitalises ops, sends "False"/"True" strings, the enterprise schema and `roles`. */
export function idpFromShape(body: ScimBody, params: Record<string, unknown>): IdentityProvider | undefined {
  const ops = body.operations
  if (ops.some(capitalisedOp)) return 'entra'
  if (ops.some((op) => typeof op.value === 'string' && /^(True|False)$/.test(op.value))) return 'entra'
  if (body.schemas.includes(ENTERPRISE_SCHEMA) || Array.isArray(params.roles)) return 'entra'
  const uid = body.externalId ?? body.id
  if (uid && OKTA_ID.test(uid)) return 'okta'
  if ('password' in params && 'locale' in params) return 'okta'
  if (ops.length > 0 && ops.every((op) => op.path === undefined && op.op === op.op.toLowerCase()))
    return 'okta'
  if (uid && GUID.test(uid)) return 'entra'
  return undefined
}

type KnownClient = { idp: IdentityProvider; provider: Provider; strength: EvidenceStrength; timeMs: number }

/**
 * Requests without a user agent or shape clue (lookups, mostly) take the provider recognised for other
 * requests with the same user agent and address: the latest such request's, as a pass in time order finds.
 * `learn` takes records in any order, so a reader can learn from records it does not keep (`search`).
 */
export class IdpInference {
  private readonly known = new Map<string, KnownClient>()

  private static keyOf(r: ScimRecord): string {
    return `${r.scope}\u0000${r.userAgent ?? ''}\u0000${r.remoteIp ?? ''}`
  }

  learn(record: ScimRecord): void {
    if (record.idpEvidence !== 'user-agent' && record.idpEvidence !== 'shape') return
    const key = IdpInference.keyOf(record)
    const seen = this.known.get(key)
    // Equal times: the later record wins, as it would after a stable sort by time.
    if (seen && seen.timeMs > record.timeMs) return
    this.known.set(key, {
      idp: record.idp,
      provider: record.provider,
      strength: record.idpStrength,
      timeMs: record.timeMs,
    })
  }

  /** Settle the providers of `records[from, to)` from what was learnt. */
  apply(records: readonly ScimRecord[], from = 0, to = records.length): void {
    for (let i = from; i < to; i++) {
      const record = records[i] as ScimRecord
      if (record.idpEvidence !== 'none') continue
      const found = this.known.get(IdpInference.keyOf(record))
      if (found) {
        record.idp = found.idp
        record.provider = found.provider
        // As strong as what it was inferred from: a lookup beside shape-only Entra requests is still weak.
        record.idpStrength = found.strength
        record.idpEvidence = 'inferred'
      }
    }
  }
}

/** Settle the providers of `records` from one another (see `IdpInference`). Needs all records. */
export function inferIdentityProviders(records: readonly ScimRecord[]): void {
  finish(inferenceSteps(records))
}

/** Records between two pauses of `inferenceSteps`. */
const RECORDS_PER_STEP = 16384

/** `inferIdentityProviders`, pausing every few thousand records (`common/steps.ts`). */
function* inferenceSteps(records: readonly ScimRecord[]): Steps<void> {
  const inference = new IdpInference()
  for (let i = 0; i < records.length; i += RECORDS_PER_STEP) {
    const end = Math.min(records.length, i + RECORDS_PER_STEP)
    for (let r = i; r < end; r++) inference.learn(records[r] as ScimRecord)
    yield
  }
  for (let i = 0; i < records.length; i += RECORDS_PER_STEP) {
    inference.apply(records, i, Math.min(records.length, i + RECORDS_PER_STEP))
    yield
  }
}

/** Records in time order (equal times keep input order), with identity providers settled across them. */
export function settleRecords(records: readonly ScimRecord[]): ScimRecord[] {
  return finish(settleSteps(records))
}

/** `settleRecords`, pausing after the sort and while providers are settled (`common/steps.ts`). */
export function* settleSteps(records: readonly ScimRecord[]): Steps<ScimRecord[]> {
  const ordered = [...records].sort((a, b) => a.timeMs - b.timeMs)
  yield
  yield* inferenceSteps(ordered)
  return ordered
}
