/**
 * The server's version, from `nodes.info` rather than `GET /`: some servers (the integ-test distribution,
 * clusters behind proxies that allow only search paths) answer 405 on the root, and that must not stop a
 * run. A version older than 7.10 has no point in time, which the scan needs, so it is refused up front;
 * a version that cannot be read at all (no `monitor` privilege) is only noted in debug output.
 */
import type { Client } from '@elastic/elasticsearch'
import { ES_EXIT, SourceUnavailableError } from './errors.js'

/** `8.19.21` from `{nodes: {<id>: {version}}}`, or undefined. */
export function versionFromNodes(body: unknown): string | undefined {
  const nodes = (body as { nodes?: Record<string, { version?: unknown }> } | undefined)?.nodes
  for (const node of Object.values(nodes ?? {})) {
    if (typeof node?.version === 'string') return node.version
  }
  return undefined
}

/** Whether a version has point in time (7.10 and later). */
export function hasPointInTime(version: string): boolean {
  const [major, minor] = version.split('.').map(Number)
  if (major === undefined || Number.isNaN(major)) return true // unknown forms: let the server say
  return major > 7 || (major === 7 && (minor ?? 0) >= 10)
}

export async function serverVersion(
  client: Client,
  signal?: AbortSignal,
  debug?: (message: string) => void,
): Promise<string | undefined> {
  let version: string | undefined
  try {
    const body = await client.nodes.info(
      { node_id: '_local', filter_path: 'nodes.*.version' },
      signal ? { signal } : {},
    )
    version = versionFromNodes(body)
  } catch (error) {
    if (signal?.aborted) throw error
    debug?.(
      `server version unknown (nodes.info: ${(error as { statusCode?: number }).statusCode ?? (error as Error).name})`,
    )
    return undefined
  }
  debug?.(`server version ${version ?? 'unknown'} (from nodes.info)`)
  return version
}

export function checkVersion(version: string | undefined, where: string): void {
  if (version !== undefined && !hasPointInTime(version))
    throw new SourceUnavailableError(
      `${where}: Elasticsearch ${version} has no point in time (7.10 or later is needed)`,
      ES_EXIT.unavailable,
    )
}
