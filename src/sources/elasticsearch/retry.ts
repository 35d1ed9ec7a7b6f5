/**
 * Retrying what a busy or restarting cluster answers: 429 and 502/503/504, and dropped connections, with
 * exponential backoff and full jitter, honouring `Retry-After` (seconds or an HTTP date). Bounded: after
 * `maxRetries` the last error is thrown. Nothing else is retried (a 400 will not get better).
 */
import type { EsModule } from './client.js'

export interface RetryOptions {
  maxRetries: number
  backoffMs: number
  /** Longest single wait, whatever `Retry-After` asks for. */
  maxWaitMs?: number
  signal?: AbortSignal
  debug?: (message: string) => void
}

const RETRY_STATUSES = new Set([429, 502, 503, 504])

export function isRetryable(module: EsModule, error: unknown): boolean {
  if (error instanceof module.errors.ResponseError) return RETRY_STATUSES.has(error.statusCode ?? 0)
  if (error instanceof module.errors.ConnectionError) {
    // A TLS failure will fail the same way again; a reset or refused socket may not.
    return !/certificate|self[- ]signed|SSL|TLS|fingerprint/i.test(error.message)
  }
  return false
}

/** Milliseconds `Retry-After` asks for, or undefined. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = (error as { headers?: Record<string, unknown> } | undefined)?.headers
  const value = headers?.['retry-after']
  if (typeof value !== 'string') return undefined
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', abort)
      resolve()
    }
    function abort() {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}

export async function withRetry<T>(
  module: EsModule,
  what: string,
  call: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (options.signal?.aborted || attempt >= options.maxRetries || !isRetryable(module, error)) throw error
      const cap = options.maxWaitMs ?? 30_000
      const backoff = Math.random() * options.backoffMs * 2 ** attempt
      const wait = Math.min(cap, Math.max(retryAfterMs(error) ?? 0, backoff))
      const status = (error as { statusCode?: number }).statusCode
      options.debug?.(
        `${what}: ${status ?? (error as Error).name}, retry ${attempt + 1}/${options.maxRetries} in ${Math.round(wait)} ms`,
      )
      await sleep(wait, options.signal)
    }
  }
}
