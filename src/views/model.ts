/**
 * Plain JSON views of records, people and findings: the JSON contract (README, "JSON contract").
 * Renderers for text and Markdown read these too, so every format says the same thing.
 */
import type { Finding } from '../diagnosis/types.js'
import { describeClient } from '../records/clients.js'
import type { ScimRecord } from '../records/types.js'
import { clientsWorthShowing } from '../timelines/clients.js'
import type { AttributeProvenance, Person } from '../timelines/types.js'
import { formatOrigin } from './describe.js'

export interface EvidenceJson {
  time: string
  method: string
  path: string
  status: number | null
  origin: string
  action: string
  idp: string
}

const evidenceCache = new WeakMap<ScimRecord, EvidenceJson>()

/**
 * The evidence view of a request. Built once per record and shared (treat it as read-only): a person's
 * attributes usually all cite the same create, and findings cite requests the attributes cite too.
 */
export function evidenceJson(record: ScimRecord): EvidenceJson {
  let evidence = evidenceCache.get(record)
  if (!evidence) {
    evidence = {
      time: record.time,
      method: record.method,
      path: record.path,
      status: record.status,
      origin: formatOrigin(record.origin),
      action: record.action,
      idp: record.idp,
    }
    evidenceCache.set(record, evidence)
  }
  return evidence
}

/** A full record for `search --format json|ndjson`. */
export function recordJson(record: ScimRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    time: record.time,
    method: record.method,
    path: record.path,
    scope: record.scope,
    scopeKind: record.scopeKind,
    resource: record.resource,
    scimId: record.scimId,
    status: record.status,
    action: record.action,
    idp: record.idp,
    idpEvidence: record.idpEvidence,
    provider: record.provider,
    idpStrength: record.idpStrength,
    durationS: record.durationS,
    userAgent: record.userAgent,
    remoteIp: record.remoteIp,
    correlationId: record.correlationId,
    body: record.body,
    patch: record.patch,
    paramsTruncated: record.paramsTruncated,
    filteredKeys: record.filteredKeys,
    origin: formatOrigin(record.origin),
  }
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key]
  return out
}

export interface FindingJson {
  rule: string
  severity: string
  title: string
  why: string
  docs: string
  evidence: EvidenceJson[]
  remedy: string[]
  confirm: string[]
  candidates?: Finding['candidates']
  repeats?: Finding['repeats']
  person?: string
}

export function findingJson(finding: Finding): FindingJson {
  const out: FindingJson = {
    rule: finding.rule,
    severity: finding.severity,
    title: finding.title,
    why: finding.why,
    docs: finding.docs,
    evidence: finding.evidence.map(evidenceJson),
    remedy: finding.remedy,
    confirm: finding.confirm,
  }
  if (finding.candidates) out.candidates = finding.candidates
  if (finding.repeats) out.repeats = finding.repeats
  if (finding.personKey) out.person = finding.personKey
  return out
}

function attributeJson(provenance: AttributeProvenance) {
  return {
    value: provenance.value,
    from: provenance.from,
    setBy: evidenceJson(provenance.setBy),
    ignored: provenance.ignored.map((change) => ({
      attribute: change.attribute,
      value: change.value,
      why: change.why,
      request: evidenceJson(change.record),
    })),
  }
}

function attributesJson(attributes: Person['attributes']): Record<string, ReturnType<typeof attributeJson>> {
  const out: Record<string, ReturnType<typeof attributeJson>> = {}
  const names = Object.keys(attributes) as (keyof Person['attributes'])[]
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as keyof Person['attributes']
    const provenance = attributes[name]
    if (provenance) out[name] = attributeJson(provenance)
  }
  return out
}

export interface PersonJsonOptions {
  findings?: Finding[]
  timeline?: boolean
}

export function personJson(person: Person, options: PersonJsonOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    key: person.key,
    group: person.scope,
    scopeKind: person.scopeKind,
    ids: person.externUids,
    userNames: person.userNames,
    emails: person.emails,
    displayName: person.displayName,
    idps: person.idps,
    // Additive: only when it says more than `idps` (named non-Okta/Entra provider, manual, weak evidence).
    clients: clientsWorthShowing(person.clients) ? person.clients : undefined,
    state: person.state,
    identities: person.identities.map((identity) => ({
      externUid: identity.externUid,
      state: identity.rejected ? 'rejected' : identity.state,
      renamedTo: identity.renamedTo,
      renamedFrom: identity.renamedFrom,
    })),
    renames: person.renames.map((r) => ({ from: r.from, to: r.to, request: evidenceJson(r.record) })),
    attributes: attributesJson(person.attributes),
    requests: person.requests,
    failures: person.failures,
    firstSeen: person.firstSeen,
    lastSeen: person.lastSeen,
    lastStatus: person.lastStatus,
  }
  if (options.findings) out.findings = options.findings.map(findingJson)
  if (options.timeline) {
    out.timeline = person.timeline.map((entry) => ({
      ...evidenceJson(entry.record),
      ...(entry.record.provider === 'manual'
        ? {
            actor: describeClient(
              'manual',
              entry.record.idpStrength,
              entry.record.userAgent,
              entry.record.remoteIp,
            ),
          }
        : {}),
      externUid: entry.externUid,
      state: entry.state,
      changed: entry.changed,
      effect: entry.effect,
    }))
  }
  return out
}
