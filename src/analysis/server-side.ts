/**
 * `report --es … --server-side`: the report without pulling a group's whole history. The cluster counts
 * every request (`sources/elasticsearch/counts.ts`, folded in `request-counts.ts`); documents are read
 * only for
 *
 * 1. creates and lookups (their ids are in params only; about one per person and one per sync of a
 *    person), deletes (at most one per person), requests without an id that failed, other resources and
 *    the identity API (few). Creates and lookups are read while the cluster counts (the rest once the
 *    counts say which);
 * 2. the full history of every person who must be read in full: one of their requests failed, or updated
 *    them (a PATCH or PUT: it may change their state or id, or be a change GitLab ignores, which only its
 *    body tells), or they were created twice or under two ids; by the paths the counts saw and by their
 *    ids, userNames and emails in params, in rounds that follow the ids a history names, two scans at a
 *    time.
 *
 * Those people, and people all of whose requests were read, go through the whole engine (timelines,
 * diagnosis) and are reported in full. The others are reported from the counts of their paths plus their
 * creates, lookups and deletes (state, requests, first and last seen, last status, ids, attributes): with
 * no failure and no update, nothing else of theirs changes the report. The README says which fields can
 * still differ from a full fetch.
 */
import { Accounting } from '../common/accounting.js'
import { mark } from '../common/timings.js'
import { type Diagnosis, diagnose } from '../diagnosis/index.js'
import { UNKNOWN_ERA } from '../diagnosis/versions/infer.js'
import { normalise, RECORD_SELECTION } from '../records/index.js'
import type { ScimRecord } from '../records/types.js'
import { requestedExternUid, succeeded } from '../records/types.js'
import type { Cluster, ClusterCost, ClusterOptions } from '../sources/elasticsearch/cluster.js'
import type { Dsl } from '../sources/elasticsearch/query.js'
import type { RawEntry } from '../sources/types.js'
import { buildTimelines } from '../timelines/index.js'
import type { IdentityState, Person, Timelines } from '../timelines/types.js'
import { findingTallies, type ReportInput, type ReportTotals, recordsSummary } from '../views/report.js'
import { type AnalyseOptions, diagnosisOptions, selectRecords } from './analyse.js'
import { redactAnalysis } from './redact.js'
import { CountFold, isUncounted, type PersonCounts, personKey, type RequestCounts } from './request-counts.js'

/** What the server-side report is made of, and what it cost. */
export interface ServerSideReport {
  input: ReportInput
  /** The summary's totals: counted by the cluster, not from the documents read. */
  totals: ReportTotals
  diagnosis: Diagnosis
  cost: ClusterCost & {
    /** People reported in full and from the counts. */
    peopleInFull: number
    peopleFromCounts: number
  }
}

/** Values per fetch: a `terms` takes 65,536, but each also becomes a `match_phrase` (max clauses 4,096). */
const VALUES_PER_FETCH = 500
/** Rounds of reading histories: each may find ids (renames, emails) the previous one did not know. */
const MAX_ROUNDS = 4

function or(clauses: Dsl[]): Dsl {
  return { bool: { should: clauses, minimum_should_match: 1 } }
}

/** Requests read in the first step (see the module comment, 1). */
function firstClause(counts: RequestCounts): Dsl | undefined {
  const clauses: Dsl[] = []
  const all = counts.fetchPaths.filter((p) => !p.method && !p.statuses).map((p) => p.path)
  if (all.length > 0) clauses.push({ terms: { 'json.path.keyword': all } })
  for (const { path, method, statuses } of counts.fetchPaths) {
    if (!method && !statuses) continue
    const filter: Dsl[] = [{ term: { 'json.path.keyword': path } }]
    // GitLab.com's mapping; `cluster.ts` refuses --server-side on a mapping without keyword fields.
    if (method) filter.push({ term: { 'json.method.keyword': method } })
    if (statuses) filter.push({ terms: { 'json.status': statuses } })
    clauses.push({ bool: { filter } })
  }
  if (counts.unkeyedPaths) clauses.push({ bool: { must_not: { exists: { field: 'json.path.keyword' } } } })
  if (counts.unknownStatus) clauses.push({ bool: { must_not: { exists: { field: 'json.status' } } } })
  return clauses.length > 0 ? or(clauses) : undefined
}

function needsDocuments(person: PersonCounts): boolean {
  return person.failures > 0 || person.updates > 0
}

/** The ids a record names a person by: the id in its path, a create's extern_uid, a lookup's value. */
function idsOf(record: ScimRecord): string[] {
  const ids: string[] = []
  if (record.scimId !== undefined) ids.push(record.scimId)
  const requested = record.method === 'POST' ? requestedExternUid(record.body) : undefined
  if (requested !== undefined) ids.push(requested)
  if (record.body.userName !== undefined) ids.push(record.body.userName)
  if (record.body.filter?.value) ids.push(record.body.filter.value)
  return ids
}

function idsOfPerson(person: Person): string[] {
  return [...person.externUids, ...person.userNames, ...person.emails]
}

async function collect(
  entries: AsyncIterable<RawEntry>,
  accounting: Accounting,
  into: ScimRecord[],
  seen: Set<string>,
): Promise<void> {
  for await (const entry of entries) {
    const where = `${entry.origin.index ?? ''}/${entry.origin.docId ?? ''}`
    if (seen.has(where)) continue
    seen.add(where)
    const result = normalise(entry.doc, entry.origin)
    if (result.kind === 'scim') {
      accounting.scim++
      into.push(result.record)
    } else if (result.kind === 'other') accounting.other++
    else accounting.skip(result.reason, entry.origin)
  }
}

/** Documents of these paths or with these values in params, not read in the first step. */
async function fetchHistories(
  cluster: Cluster,
  pathList: string[],
  values: string[],
  notFirst: Dsl[],
  accounting: Accounting,
  records: ScimRecord[],
  seen: Set<string>,
): Promise<void> {
  const valueList = values.filter((v) => v !== '')
  const clauses: Dsl[] = []
  for (let i = 0; i < Math.max(pathList.length, valueList.length); i += VALUES_PER_FETCH) {
    const somePaths = pathList.slice(i, i + VALUES_PER_FETCH)
    const someValues = valueList.slice(i, i + VALUES_PER_FETCH)
    const some: Dsl[] = []
    if (somePaths.length > 0) some.push({ terms: { 'json.path.keyword': somePaths } })
    if (someValues.length > 0) {
      some.push({ terms: { 'json.params.value.keyword': someValues } })
      // Inside a longer value: a lookup's `userName eq "…"`, a PATCH's JSON operations.
      for (const value of someValues) some.push({ match_phrase: { 'json.params.value': value } })
    }
    clauses.push({ bool: { filter: [or(some), ...notFirst] } })
  }
  // Two scans at a time: one is normalised here while the cluster pages the other. After a failure no scan
  // starts, and the one under way ends (closing its point in time) before the error is thrown.
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (next < clauses.length && failure === undefined) {
      const clause = clauses[next++] as Dsl
      try {
        await collect(cluster.fetch(clause, RECORD_SELECTION), accounting, records, seen)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all([worker(), worker()])
  if (failure) throw failure.error
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/**
 * A person reported from the counts of their paths, with what their creates, lookups and deletes (read,
 * in `partial`) say of them. They have no update and no failure.
 */
function personFromCounts(counts: PersonCounts, partial: Person | undefined): Person {
  const own = partial?.timeline.map((entry) => entry.record) ?? []
  let firstMs = counts.firstMs
  let lastMs = counts.lastMs
  let last = counts.last
  let firstText: string | undefined
  let lastText: string | undefined
  for (const record of own) {
    if (record.timeMs <= firstMs) {
      firstMs = record.timeMs
      firstText = record.time
    }
    if (record.timeMs >= lastMs) {
      lastMs = record.timeMs
      lastText = record.time
    }
    if (record.timeMs >= last.lastMs)
      last = { status: record.status, method: record.method, lastMs: record.timeMs }
  }
  // Creates and deletes were read: their replay says the state. Without them, the GETs by id that
  // answered (the counts have no failure) prove the account exists.
  const replayed = own.some((r) => r.action === 'create' || r.action === 'delete')
  const state: IdentityState = partial && replayed ? partial.state : 'provisioned'
  const base: Person = partial ?? {
    key: `${counts.scope}/${counts.id}`,
    scope: counts.scope,
    scopeKind: counts.scopeKind,
    externUids: [counts.id],
    renames: [],
    userNames: [],
    emails: [],
    idps: [],
    clients: [],
    identities: [{ externUid: counts.id, state }],
    state,
    attributes: {},
    timeline: [],
    requests: 0,
    failures: 0,
    firstSeen: '',
    lastSeen: '',
    lastStatus: null,
  }
  const identities = base.identities.map((identity, i) =>
    i === base.identities.length - 1 ? { ...identity, state } : identity,
  )
  return {
    ...base,
    identities,
    state,
    requests: counts.requests + own.length,
    failures: counts.failures + (partial?.failures ?? 0),
    firstSeen: firstText ?? iso(firstMs),
    lastSeen: lastText ?? iso(lastMs),
    lastStatus: last.status,
  }
}

/**
 * Creates and lookups (POST and GET of an id-less Users path, as `records/path.ts` reads one): step 1 reads
 * them whatever the counts say, so they can be read while the cluster counts. Case-insensitive, the regexp
 * takes a few paths more than `parseScimPath` (`/API/…`), which the records stage then judges.
 */
export function createsAndLookups(): Dsl {
  return {
    bool: {
      filter: [
        { terms: { 'json.method.keyword': ['POST', 'GET'] } },
        {
          regexp: {
            'json.path.keyword': {
              value: '(/api)?/scim/v[0-9]+/(groups/[^/]+|application)/users/?',
              case_insensitive: true,
            },
          },
        },
      ],
    },
  }
}

async function countAll(cluster: Cluster, group: string | undefined): Promise<RequestCounts> {
  const fold = new CountFold(group)
  for await (const bucket of cluster.countRequests()) fold.addRequests(bucket)
  return fold.finish()
}

export async function serverSideReport(
  clusterOptions: ClusterOptions,
  options: AnalyseOptions = {},
): Promise<ServerSideReport> {
  const { openCluster } = await import('../sources/elasticsearch/cluster.js')
  const accounting = new Accounting()
  // Step 1's creates and lookups are read while the cluster counts: a failure in either stops the other.
  const stop = new AbortController()
  const signal = clusterOptions.signal ? AbortSignal.any([clusterOptions.signal, stop.signal]) : stop.signal
  const cluster = await openCluster({ ...clusterOptions, signal }, accounting)
  const debug = clusterOptions.debug
  const bothOrNeither = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      stop.abort(error)
      throw error
    })
  try {
    const records: ScimRecord[] = []
    const seen = new Set<string>()
    const early = createsAndLookups()
    const counting = bothOrNeither(countAll(cluster, clusterOptions.filter.group))
    const reading = bothOrNeither(collect(cluster.fetch(early, RECORD_SELECTION), accounting, records, seen))
    // Both settle before the client is closed: an aborted scan still closes its point in time.
    const [counted, read] = await Promise.allSettled([counting, reading])
    if (counted.status === 'rejected') throw counted.reason
    if (read.status === 'rejected') throw read.reason
    const counts = counted.value
    mark('counted, creates and lookups')
    const rest = firstClause(counts)
    if (rest)
      await collect(
        cluster.fetch({ bool: { filter: [rest], must_not: [early] } }, RECORD_SELECTION),
        accounting,
        records,
        seen,
      )
    mark('the rest of step 1')
    // Both scans are in time order; the linking below reads creates before what follows them.
    records.sort((a, b) => a.timeMs - b.timeMs)

    /** Keys of the people read in full → an id as spelt in the log (keyword terms are exact). */
    const needed = new Map<string, string>()
    for (const [key, person] of counts.people) if (needsDocuments(person)) needed.set(key, person.id)
    // What failed names its people. Creates, lookups and deletes that succeeded are linked as the engine
    // links people; one created twice or under two ids is read in full (the rules read those bodies).
    const known: ScimRecord[] = []
    for (const record of records) {
      const counted = ['create', 'lookup', 'delete'].includes(record.action)
      if (counted && record.api === 'scim' && succeeded(record)) known.push(record)
      else for (const id of idsOf(record)) needed.set(personKey(record.scope, id), id)
    }
    for (const person of buildTimelines(known).people) {
      const creates = person.timeline.filter((entry) => entry.record.action === 'create').length
      if (creates > 1 || person.externUids.length > 1)
        for (const id of idsOfPerson(person)) needed.set(personKey(person.scope, id), id)
    }
    debug?.(`server-side: read in full: ${[...needed.values()].join(', ')}`)

    // Their full histories, by path and by value; a history may name more ids (a rename, an email), whose
    // requests are read in the next round.
    const fetched = new Set<string>()
    const notFirst = [{ bool: { must_not: rest ? [early, rest] : [early] } }]
    let timelines: Timelines = { people: [], unattributed: [], records: [] }
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const paths = new Set<string>()
      const values = new Set<string>()
      for (const [key, spelling] of needed) {
        if (fetched.has(key)) continue
        fetched.add(key)
        const person = counts.people.get(key)
        if (person) for (const path of person.paths) paths.add(path)
        values.add(person?.id ?? spelling)
      }
      if (round > 0 && paths.size === 0 && values.size === 0) break
      const before = records.length
      await fetchHistories(cluster, [...paths], [...values], notFirst, accounting, records, seen)
      mark(`histories ${round}`)
      // Nothing new: the timelines, and so the ids they name, are those of the last round.
      if (round > 0 && records.length === before) break
      records.sort((a, b) => a.timeMs - b.timeMs)
      timelines = buildTimelines(selectRecords(records, options))
      mark(`timelines ${round}`)
      for (const person of timelines.people) {
        const ids = idsOfPerson(person)
        const keys = ids.map((id) => personKey(person.scope, id))
        if (person.failures === 0 && !keys.some((key) => needed.has(key))) continue
        ids.forEach((id, i) => {
          const key = keys[i] as string
          if (!needed.has(key)) needed.set(key, id)
        })
      }
    }
    const diagnosis = diagnose(timelines, diagnosisOptions(options))
    mark('diagnosis')

    // In full: who was asked for, and who has no counts (every request of theirs was read). The others
    // were read in part (their creates and lookups) or by chance: they are reported from the counts.
    const inFull: Person[] = []
    const fromCounts: Person[] = []
    const reported = new Set<string>()
    for (const person of timelines.people) {
      const keys = idsOfPerson(person).map((id) => personKey(person.scope, id))
      const counted = [...new Set(keys.filter((key) => counts.people.has(key) && !reported.has(key)))]
      if (person.failures > 0 || keys.some((key) => needed.has(key)) || counted.length === 0) {
        inFull.push(person)
        for (const key of keys) reported.add(key)
        continue
      }
      const main = counts.people.get(counted[0] as string) as PersonCounts
      for (const key of counted.slice(1)) mergeCounts(main, counts.people.get(key) as PersonCounts)
      fromCounts.push(personFromCounts(main, person))
      for (const key of keys) reported.add(key)
    }
    const group = options.group?.toLowerCase()
    for (const [key, person] of counts.people) {
      if (reported.has(key) || needed.has(key)) continue
      if (group !== undefined && person.scope.toLowerCase() !== group) continue
      fromCounts.push(personFromCounts(person, undefined))
    }
    const byPerson = new Map<string, Diagnosis['all']>()
    for (const person of inFull) byPerson.set(person.key, diagnosis.byPerson.get(person.key) ?? [])
    const input: ReportInput = {
      timelines: { ...timelines, people: [...inFull, ...fromCounts] },
      byPerson,
      groupFindings: diagnosis.groupFindings,
      accounting: accounting.snapshot(),
      redacted: false,
    }
    const report: ServerSideReport = {
      input,
      totals: totalsFrom(counts, timelines.records, input),
      diagnosis,
      cost: { ...cluster.cost, peopleInFull: inFull.length, peopleFromCounts: fromCounts.length },
    }
    return options.redact ? redactReport(report, options) : report
  } finally {
    await cluster.close()
  }
}

/**
 * `--redact`, as the full report does it (`redact.ts`), after diagnosis: the people, findings and records
 * read, and the summary's group names. People from the counts are aliased by their own values too (the ids
 * of their paths, which no document read may carry).
 */
function redactReport(report: ServerSideReport, options: AnalyseOptions): ServerSideReport {
  const { input, totals } = report
  const redaction = redactAnalysis(
    {
      records: input.timelines.records,
      timelines: input.timelines,
      diagnosis: { byPerson: input.byPerson, groupFindings: input.groupFindings, all: report.diagnosis.all },
      accounting: input.accounting,
      gitlab: UNKNOWN_ERA,
    },
    options.identities,
  )
  const { timelines, diagnosis } = redaction.analysis
  const groups = totals.records.groups.map((group) => redaction.alias(group))
  return {
    ...report,
    input: {
      ...input,
      timelines,
      byPerson: diagnosis.byPerson,
      groupFindings: diagnosis.groupFindings,
      redacted: true,
    },
    totals: { ...totals, records: { ...totals.records, groups }, redacted: true },
    diagnosis: redaction.analysis.diagnosis,
  }
}

function mergeCounts(into: PersonCounts, from: PersonCounts): void {
  into.requests += from.requests
  into.failures += from.failures
  into.updates += from.updates
  into.firstMs = Math.min(into.firstMs, from.firstMs)
  into.lastMs = Math.max(into.lastMs, from.lastMs)
  if (from.last.lastMs > into.last.lastMs) into.last = from.last
  for (const path of from.paths) into.paths.add(path)
}

/** The summary from the counts: every request, by status; actions and providers of the documents read. */
function totalsFrom(counts: RequestCounts, selected: ScimRecord[], input: ReportInput): ReportTotals {
  const read = recordsSummary(selected)
  // What the counts leave out was read: counted here from the records (of the group, with `--group`).
  const statuses = new Map(counts.byStatus)
  let requests = counts.requests
  let from = counts.firstMs
  let to = counts.lastMs
  let fromText: string | null = null
  let toText: string | null = null
  for (const record of selected) {
    if (record.timeMs <= from) {
      from = record.timeMs
      fromText = record.time
    }
    if (record.timeMs >= to) {
      to = record.timeMs
      toText = record.time
    }
    if (!isUncounted(record)) continue
    const status = record.status === null ? 'fail' : String(record.status)
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
    requests++
  }
  const byStatus = Object.fromEntries(
    [...statuses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
  )
  const groups = [...new Set([...read.groups, ...[...counts.people.values()].map((p) => p.scope)])]
  return {
    records: {
      ...read,
      groups,
      from: fromText ?? (Number.isFinite(from) ? iso(from) : null),
      to: toText ?? (Number.isFinite(to) ? iso(to) : null),
      requests,
      byStatus,
    },
    people: input.timelines.people.length,
    probes: input.timelines.probes?.length ?? 0,
    findings: findingTallies(input),
    accounting: input.accounting,
    redacted: false,
  }
}
