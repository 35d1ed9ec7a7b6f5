/**
 * Client errors → one clear line and a documented exit code (README "Exit codes"). Messages name the host
 * and index, never credentials: the client's own messages are not copied when they could hold a URL.
 */
import { EXIT, UserError } from '../../common/errors.js'
import type { EsModule } from './client.js'

/** Exit codes for a cluster that cannot be used (documented with the others in the README). */
export const ES_EXIT = {
  /** The index pattern matches no index: like an input file that does not exist. */
  missingIndex: EXIT.input,
  /** The cluster cannot be reached or used: refused, timed out, TLS failed, unavailable after retries. */
  unavailable: EXIT.unavailable,
  /** The cluster refused the credentials (401) or the permission (403). */
  denied: EXIT.denied,
} as const

export class SourceUnavailableError extends UserError {}

function reason(body: unknown): string {
  const error = (body as { error?: { type?: unknown; reason?: unknown } } | undefined)?.error
  if (error && typeof error === 'object') {
    const type = typeof error.type === 'string' ? error.type : ''
    const text = typeof error.reason === 'string' ? error.reason : ''
    return [type, text].filter(Boolean).join(': ').slice(0, 200)
  }
  return ''
}

/** A socket error's code (ECONNREFUSED, ECONNRESET, …) or a TLS error's, from the client error's cause. */
function causeCode(error: Error): string | undefined {
  let cause: unknown = error
  for (let depth = 0; depth < 4 && cause; depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string') return code
    cause = (cause as { cause?: unknown }).cause
  }
  return undefined
}

export function describeEsError(module: EsModule, error: unknown, where: string, index: string): UserError {
  const { errors } = module
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode
    const detail = reason(error.body)
    if (status === 401)
      return new SourceUnavailableError(
        `${where}: authentication failed (401): check SCIMTRACE_ES_API_KEY, SCIMTRACE_ES_USERNAME/SCIMTRACE_ES_PASSWORD or SCIMTRACE_ES_BEARER`,
        ES_EXIT.denied,
      )
    if (status === 403)
      return new SourceUnavailableError(
        `${where}: permission denied (403) to read '${index}'${detail ? ` (${detail})` : ''}`,
        ES_EXIT.denied,
      )
    if (status === 404 && /index_not_found/.test(detail))
      return new SourceUnavailableError(`${where}: no index matches '${index}'`, ES_EXIT.missingIndex)
    if (status === 429 || (status !== undefined && status >= 500))
      return new SourceUnavailableError(
        `${where}: the cluster is unavailable (${status}${detail ? `: ${detail}` : ''}), still after retries`,
        ES_EXIT.unavailable,
      )
    return new SourceUnavailableError(
      `${where}: request refused (${status ?? '?'}${detail ? `: ${detail}` : ''})`,
      ES_EXIT.unavailable,
    )
  }
  if (error instanceof errors.TimeoutError)
    return new SourceUnavailableError(`${where}: the request timed out`, ES_EXIT.unavailable)
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    const message = (error as Error).message
    const code = causeCode(error as Error)
    if (/certificate|self[- ]signed|SSL|TLS|fingerprint|CERT_/i.test(`${message} ${code ?? ''}`))
      return new SourceUnavailableError(
        `${where}: TLS verification failed (${code ?? 'certificate not trusted'}): give the CA with --ca or --ca-fingerprint (--insecure skips the check)`,
        ES_EXIT.unavailable,
      )
    if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message))
      return new SourceUnavailableError(`${where}: connection refused`, ES_EXIT.unavailable)
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return new SourceUnavailableError(`${where}: host not found`, ES_EXIT.unavailable)
    return new SourceUnavailableError(
      `${where}: connection failed (${code ?? 'connection error'})`,
      ES_EXIT.unavailable,
    )
  }
  if (error instanceof errors.ProductNotSupportedError)
    return new SourceUnavailableError(
      `${where}: the server does not say it is Elasticsearch (no x-elastic-product header)`,
      ES_EXIT.unavailable,
    )
  if (error instanceof errors.ConfigurationError)
    return new SourceUnavailableError(`${where}: ${(error as Error).message}`, EXIT.usage)
  return error instanceof UserError ? error : (error as UserError)
}
