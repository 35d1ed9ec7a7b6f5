/**
 * The Elasticsearch source's boundary types.
 *
 * `Source`, `SourceContext` and `SourceProgress` are the engine's (`src/sources/source.ts`): a cluster is one
 * more source beside files and stdin.
 */

export type { Source, SourceContext, SourceProgress } from '../source.js'

/** Credentials, read from the environment only (never from options, so they stay out of shell history). */
export type EsAuth =
  | { apiKey: string }
  | { username: string; password: string }
  | { bearer: string }
  | undefined

/** Where the cluster is and how to reach it. */
export interface EsConnection {
  /** `http(s)://host:port` of Elasticsearch, without userinfo. */
  node?: string
  cloudId?: string
  /** Kibana's base URL: requests go through its console proxy (`kibana.ts`). */
  kibana?: string
  auth?: EsAuth
  /** PEM text of a CA certificate to trust. */
  ca?: string
  caFingerprint?: string
  insecure?: boolean
  /** Per-request timeout in milliseconds. */
  requestTimeoutMs?: number
}

/** What to select: pushed into the query (`query.ts`) and checked again locally by the commands. */
export interface EsFilter {
  /** Index pattern, e.g. `pubsub-rails-inf-gprd-*`. */
  index: string
  sinceMs: number
  untilMs: number
  group?: string
  instance?: boolean
  /** A param value or the id in the path. */
  value?: string
  /** HTTP methods, upper case. */
  methods?: string[]
  /** Status ranges (inclusive); `null` stands for GitLab's `"fail"` (no response). */
  statuses?: StatusRange[]
}

export interface StatusRange {
  gte: number
  lte: number
}

/** How the index maps the fields we query (`mapping.ts`): with or without `.keyword` subfields. */
export interface FieldForms {
  /** The field to use for exact and prefix matches on the path: `json.path.keyword` or `json.path`. */
  pathExact?: string
  /** A text field to match phrases on the path, when there is no exact form. */
  pathText?: string
  valueExact?: string
  valueText?: string
  methodExact?: string
  methodText?: string
}

export interface ScanOptions {
  pageSize?: number
  keepAlive?: string
  /** How many times a 429/502/503/504 or a dropped connection is retried before giving up. */
  maxRetries?: number
  /** First backoff in ms (doubles per attempt, with jitter); tests make it small. */
  backoffMs?: number
}
