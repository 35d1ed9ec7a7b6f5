/**
 * Making the `@elastic/elasticsearch` client: loaded with a dynamic import only in runs that query a cluster
 * (file-only runs never load it), with credentials from `EsConnection` (which `cli/es-options.ts` fills from
 * the environment) and TLS verification on unless `insecure`.
 *
 * Retries are ours (`retry.ts`: 429 included, `Retry-After` honoured), so the client's own are off.
 */
import type { Client, ClientOptions } from '@elastic/elasticsearch'
import { kibanaTransport } from './kibana.js'
import type { EsConnection } from './types.js'

export type EsModule = typeof import('@elastic/elasticsearch')

let loaded: Promise<EsModule> | undefined

export function loadClientModule(): Promise<EsModule> {
  loaded ??= import('@elastic/elasticsearch')
  return loaded
}

/** `https://host:port` without userinfo, path or query: safe to print. */
export function safeHost(url: string): string {
  try {
    const parsed = new URL(url)
    return parsed.host
  } catch {
    return '(invalid URL)'
  }
}

/** The host part of a cloud id (`name:base64(host$es$kibana)`): its name is enough to say where. */
export function cloudName(cloudId: string): string {
  const name = cloudId.split(':')[0]
  return name && name.length > 0 ? name : 'cloud'
}

export async function createClient(connection: EsConnection): Promise<Client> {
  const module = await loadClientModule()
  const options: ClientOptions = {
    maxRetries: 0,
    requestTimeout: connection.requestTimeoutMs ?? 60_000,
    // Redact auth headers and URLs in errors and diagnostics (the transport's own safeguard, kept on).
    redaction: { type: 'replace' },
  }
  if (connection.kibana !== undefined) {
    options.node = connection.kibana
    options.Transport = kibanaTransport(module)
  } else if (connection.cloudId !== undefined) {
    options.cloud = { id: connection.cloudId }
  } else if (connection.node !== undefined) {
    options.node = connection.node
  }
  const auth = connection.auth
  if (auth && 'apiKey' in auth) options.auth = { apiKey: auth.apiKey }
  else if (auth && 'bearer' in auth) options.auth = { bearer: auth.bearer }
  else if (auth) options.auth = { username: auth.username, password: auth.password }
  const tls: NonNullable<ClientOptions['tls']> = {}
  if (connection.ca !== undefined) tls.ca = connection.ca
  if (connection.insecure) tls.rejectUnauthorized = false
  if (Object.keys(tls).length > 0) options.tls = tls
  if (connection.caFingerprint !== undefined) options.caFingerprint = connection.caFingerprint
  return new module.Client(options)
}
