/**
 * Errors a user can fix (bad option, missing file, nobody matched). The CLI prints their message on one
 * line and exits with `exitCode`; it never prints a stack trace for them. Documented in the README.
 */
export const EXIT = {
  ok: 0,
  /** An unexpected failure inside scimtrace (a bug): the only case that may print a stack trace with --debug. */
  internal: 1,
  /** A bad option or argument. */
  usage: 2,
  /** An input could not be read (missing, unreadable, not a log). */
  input: 3,
  /** `timeline`/`explain`: nobody matched, or several people matched. */
  noMatch: 4,
  /**
   * The output was written, but an internal error stopped a rule or view for some person or group: their
   * `internal-error` finding says which, and their other findings may be missing (`diagnosis/guard.ts`).
   */
  incomplete: 5,
  /** Reading stopped at the memory limit (`--max-memory`, `analysis/memory-guard.ts`). */
  memory: 6,
  /** Elasticsearch or Kibana cannot be reached or used: refused, timed out, TLS failed, unavailable after retries. */
  unavailable: 7,
  /** Elasticsearch or Kibana refused the credentials (401) or the permission (403). */
  denied: 8,
  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message)
    this.name = 'UserError'
  }
}

export class InputError extends UserError {
  constructor(message: string) {
    super(message, EXIT.input)
    this.name = 'InputError'
  }
}
