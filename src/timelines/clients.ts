/**
 * Who sent a person's requests, for views and JSON: each distinct client once, in order of first request
 * ("Okta", "likely Entra from request shape", "OneLogin", "by hand: curl/8.5.0 from 198.51.100.7").
 */
import { describeClient, type EvidenceStrength, type Provider } from '../records/clients.js'
import type { ScimRecord } from '../records/types.js'

export interface ClientSummary {
  provider: Provider
  strength: EvidenceStrength
  /** How a reader should take it (records/clients.ts `describeClient`). */
  label: string
}

export function clientsOf(records: readonly ScimRecord[]): ClientSummary[] {
  const out: ClientSummary[] = []
  const seen = new Set<string>()
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as ScimRecord
    if (r.provider === 'unknown') continue
    const label = describeClient(r.provider, r.idpStrength, r.userAgent, r.remoteIp)
    if (seen.has(label)) continue
    seen.add(label)
    out.push({ provider: r.provider, strength: r.idpStrength, label })
  }
  return out
}

/**
 * True when `clients` says more than `idps` does: a named provider other than Okta/Entra, a manual
 * request, or evidence weaker than a user agent. People sent only by Okta or Entra user agents keep
 * the JSON they always had (`idps` alone).
 */
export function clientsWorthShowing(clients: readonly ClientSummary[]): boolean {
  return clients.some((c) => c.strength !== 'strong' || (c.provider !== 'okta' && c.provider !== 'entra'))
}
