/**
 * `report --server-side`: the cluster's request counts (`sources/elasticsearch/counts.ts`, one bucket per
 * path × status × method) folded into people. The person's id is read from the path here
 * (`records/path.ts`), not by the cluster. Creates and lookups carry their ids in params only: they are
 * counted per status, and their documents are read (`fetchPaths`).
 *
 * The folded counts say who must be read in full and what the rest did.
 */
import { parseScimPath } from '../records/path.js'
import type { RequestCount } from '../sources/elasticsearch/counts.js'

/** A person seen by the id in their paths. */
export interface PersonCounts {
  scope: string
  scopeKind: 'group' | 'instance'
  /** The extern_uid in the path, as first seen. */
  id: string
  /** Exact paths of the person's requests (to fetch them by `term` when they must be read in full). */
  paths: Set<string>
  requests: number
  failures: number
  /**
   * Updates (PATCH, PUT) that succeeded. Any may change state or id (`active`, `externalId`) or be a
   * change GitLab ignores (findings read their bodies), so a person with one is read in full.
   */
  updates: number
  firstMs: number
  lastMs: number
  /** Status and method of the last request (the latest bucket; equal last times: the later bucket read). */
  last: { status: number | null; method: string | null; lastMs: number }
}

/** Requests of one path read in the first step: all of them, or only some methods or statuses. */
export interface FetchPath {
  path: string
  /** Only these methods (creates: POST); every method when absent. */
  method?: string
  /** Only these statuses (what failed); every status when absent. */
  statuses?: number[]
}

/** Everything the counts tell. */
export interface RequestCounts {
  /** By `personKey`. */
  people: Map<string, PersonCounts>
  /** Every request counted (SCIM Users requests with a status and a keyword path), by status. */
  byStatus: Map<string, number>
  requests: number
  /** First and last time of any request counted. */
  firstMs: number
  lastMs: number
  /** Paths without a person's id whose requests are read (creates, lookups, failures, other resources). */
  fetchPaths: FetchPath[]
  /** Whether some requests have no `json.path.keyword` (a path longer than `ignore_above`): read in full. */
  unkeyedPaths: boolean
  /** Whether some requests have no `json.status`: read in full, and not in `requests` or `byStatus`. */
  unknownStatus: boolean
}

export function personKey(scope: string, id: string): string {
  return `${scope.toLowerCase()}\u0000${id.toLowerCase()}`
}

export function succeededStatus(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300
}

/**
 * Whether a record's request is left out of the counts (`CountFold.addRequests`), so that the summary counts
 * it from the records read: no status, a path over the keyword's `ignore_above` (256), or not a SCIM Users path.
 */
export function isUncounted(record: { status: number | null; path: string }): boolean {
  return (
    record.status === null || record.path.length > 256 || parseScimPath(record.path)?.resource !== 'Users'
  )
}

/** Folds the request counts, bucket by bucket. */
export class CountFold {
  readonly counts: RequestCounts = {
    people: new Map(),
    byStatus: new Map(),
    requests: 0,
    firstMs: Number.POSITIVE_INFINITY,
    lastMs: Number.NEGATIVE_INFINITY,
    fetchPaths: [],
    unkeyedPaths: false,
    unknownStatus: false,
  }
  /** Id-less Users paths whose failed requests are read: path → statuses. */
  private readonly failedIdless = new Map<string, number[]>()
  private readonly fetchAll = new Set<string>()
  /** `<method> <path>` of creates and lookups, read whatever their status. */
  private readonly creates = new Set<string>()
  private readonly group: string | undefined

  /** `group`: only this top-level group's paths (case-insensitive), like `--group` on records. */
  constructor(group?: string) {
    this.group = group?.toLowerCase()
  }

  addRequests(bucket: RequestCount): void {
    const counts = this.counts
    // No status: GitLab's `"fail"` (no response), or a value the index could not take (`ignore_malformed`),
    // which the records stage skips. No keyword path: longer than `ignore_above`. Other resources
    // (/Groups, /ServiceProviderConfig), the identity API (not narrowed by group) and paths the records
    // stage would not take are few. The documents of all these are read, and they are counted from the
    // records (`isUncounted`), which alone can tell what they are.
    if (bucket.status === null) {
      counts.unknownStatus = true
      return
    }
    if (bucket.path === null) {
      counts.unkeyedPaths = true
      return
    }
    const parsed = parseScimPath(bucket.path)
    // The query's prefix `…/groups/hooli` also matches `hooli-eng`: the group is checked here, as on records.
    if (parsed && this.group !== undefined && parsed.scope.toLowerCase() !== this.group) return
    if (parsed?.resource !== 'Users') {
      this.fetchAll.add(bucket.path)
      return
    }
    counts.requests += bucket.count
    counts.firstMs = Math.min(counts.firstMs, bucket.firstMs)
    counts.lastMs = Math.max(counts.lastMs, bucket.lastMs)
    const status = String(bucket.status)
    counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + bucket.count)
    if (parsed.scimId === undefined) {
      // Creates and lookups carry a person's ids in their params only, so they are read (creates are about
      // one per person, lookups one per sync of a person); other requests without an id, if they failed.
      if (bucket.method === 'POST' || bucket.method === 'GET')
        this.creates.add(`${bucket.method} ${bucket.path}`)
      else if (!succeededStatus(bucket.status)) {
        const statuses = this.failedIdless.get(bucket.path) ?? []
        statuses.push(bucket.status as number)
        this.failedIdless.set(bucket.path, statuses)
      }
      return
    }
    // A DELETE changes the account (state, `active`): read, like creates (at most one per person).
    if (bucket.method === 'DELETE') {
      this.creates.add(`DELETE ${bucket.path}`)
      if (succeededStatus(bucket.status)) return
    }
    const person = this.person(parsed.scope, parsed.scopeKind, parsed.scimId)
    person.paths.add(bucket.path)
    this.addTo(person, bucket)
  }

  /** The paths read in full, once every bucket is folded. */
  finish(): RequestCounts {
    const fetchPaths: FetchPath[] = [...this.fetchAll].map((path) => ({ path }))
    for (const both of this.creates) {
      const [method, path] = both.split(' ', 2) as [string, string]
      if (!this.fetchAll.has(path)) fetchPaths.push({ path, method })
    }
    for (const [path, statuses] of this.failedIdless)
      if (!this.fetchAll.has(path)) fetchPaths.push({ path, statuses })
    this.counts.fetchPaths = fetchPaths
    return this.counts
  }

  private person(scope: string, scopeKind: 'group' | 'instance', id: string): PersonCounts {
    const key = personKey(scope, id)
    let person = this.counts.people.get(key)
    if (!person) {
      person = {
        scope,
        scopeKind,
        id,
        paths: new Set(),
        requests: 0,
        failures: 0,
        updates: 0,
        firstMs: Number.POSITIVE_INFINITY,
        lastMs: Number.NEGATIVE_INFINITY,
        last: { status: null, method: null, lastMs: Number.NEGATIVE_INFINITY },
      }
      this.counts.people.set(key, person)
    }
    return person
  }

  private addTo(person: PersonCounts, bucket: RequestCount): void {
    person.requests += bucket.count
    if (!succeededStatus(bucket.status)) person.failures += bucket.count
    person.firstMs = Math.min(person.firstMs, bucket.firstMs)
    person.lastMs = Math.max(person.lastMs, bucket.lastMs)
    if (bucket.lastMs >= person.last.lastMs)
      person.last = { status: bucket.status, method: bucket.method, lastMs: bucket.lastMs }
    if (succeededStatus(bucket.status) && (bucket.method === 'PATCH' || bucket.method === 'PUT'))
      person.updates += bucket.count
  }
}
