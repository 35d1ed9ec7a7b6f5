/**
 * Grouping records into people: records that share an extern_uid, a userName or a work/primary email
 * (case-insensitive, within one group) belong to the same person. A PATCH that changes the extern_uid
 * links the old id to the new one. Union-find keeps this linear in the number of records.
 */
import { finish, type Steps } from '../common/steps.js'
import { filterKey } from '../records/filter.js'
import { scopeKey } from '../records/scope-key.js'
import { gitlabEmail, requestedExternUid, type ScimRecord } from '../records/types.js'

/** What a value names a person by. */
export type IdentityKind = 'uid' | 'user' | 'email'

/**
 * Call `visit` with each value `record` names a person by, trimmed and lower-cased, in a fixed order (the
 * first is the one the record is filed under). Empty values are left out. The one definition of a
 * record's identities: `identityKeys` spells them as strings, `linkPeople` numbers them.
 */
export function visitIdentities(
  record: ScimRecord,
  visit: (kind: IdentityKind, value: string) => void,
): void {
  if (record.resource !== 'Users') return
  add(visit, 'uid', record.scimId)
  if (record.method === 'POST') {
    add(visit, 'uid', requestedExternUid(record.body))
    add(visit, 'user', record.body.userName)
    add(visit, 'email', gitlabEmail(record.body))
  }
  add(visit, 'uid', record.patch?.externUid)
  const filter = record.body.filter
  if (filter && record.method === 'GET') {
    const kind = filterKey(filter)
    if (kind === 'externUid') add(visit, 'uid', filter.value)
    else if (kind === 'userName') add(visit, 'user', filter.value)
    else if (/email/i.test(filter.attribute)) add(visit, 'email', filter.value)
  }
}

function add(visit: (kind: IdentityKind, value: string) => void, kind: IdentityKind, value?: string): void {
  if (value === undefined) return
  const trimmed = value.trim()
  if (trimmed !== '') visit(kind, trimmed.toLowerCase())
}

/** The identifying keys a record carries, scoped to its group. */
export function identityKeys(record: ScimRecord): string[] {
  const scope = scopeKey(record)
  const keys: string[] = []
  visitIdentities(record, (kind, value) => keys.push(`${scope}\u0000${kind}\u0000${value}`))
  return keys
}

/**
 * Numbers for identities: one per (group, kind, value). Values are looked up in a map per group and kind,
 * so no key string is built per record, and a value's hash is the one V8 keeps on the record's own
 * (pooled) string. On a million requests (tui-dense-1000k-100k) linking took 3.7 s with a map of
 * concatenated keys to parent keys, most of it hashing fresh strings.
 */
class IdentityNumbers {
  private readonly byScope = new Map<string, Record<IdentityKind, Map<string, number>>>()
  private lastScope = ''
  private lastKind = ''
  private lastMaps: Record<IdentityKind, Map<string, number>> | undefined
  count = 0

  /** The maps of `record`'s group (records of one group mostly come in runs). */
  scope(record: ScimRecord): Record<IdentityKind, Map<string, number>> {
    if (this.lastMaps && record.scope === this.lastScope && record.scopeKind === this.lastKind)
      return this.lastMaps
    const key = scopeKey(record)
    let maps = this.byScope.get(key)
    if (!maps) {
      maps = { uid: new Map(), user: new Map(), email: new Map() }
      this.byScope.set(key, maps)
    }
    this.lastScope = record.scope
    this.lastKind = record.scopeKind
    this.lastMaps = maps
    return maps
  }

  number(maps: Record<IdentityKind, Map<string, number>>, kind: IdentityKind, value: string): number {
    const map = maps[kind]
    let id = map.get(value)
    if (id === undefined) {
      id = this.count++
      map.set(value, id)
    }
    return id
  }
}

/** Disjoint sets over identity numbers (0, 1, 2, …), with path halving. */
class DisjointSets {
  private readonly parent: number[] = []

  find(id: number): number {
    const parent = this.parent
    for (;;) {
      const up = parent[id] as number
      if (up === id) return id
      const next = parent[up] as number
      parent[id] = next
      id = next
    }
  }

  /** Make sure `id` has an entry (numbers are handed out one at a time, in order). */
  add(id: number): void {
    while (this.parent.length <= id) this.parent.push(this.parent.length)
  }

  union(a: number, b: number): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent[rb] = ra
  }
}

export interface Linked {
  /** People, each a list of records in input order; people in the order of their first record. */
  groups: ScimRecord[][]
  /** Records that name nobody. */
  unattributed: ScimRecord[]
}

/** Records between two pauses of `linkSteps`. */
const RECORDS_PER_STEP = 8192

/** Partition records into people (each a list in input order) and records that name nobody. */
export function linkPeople(records: readonly ScimRecord[]): Linked {
  return finish(linkSteps(records))
}

/** `linkPeople`, pausing every few thousand records (`common/steps.ts`). */
export function* linkSteps(records: readonly ScimRecord[]): Steps<Linked> {
  const numbers = new IdentityNumbers()
  const sets = new DisjointSets()
  // The first identity of each record (-1: none), which files it under its person.
  const first = new Int32Array(records.length).fill(-1)
  let maps: Record<IdentityKind, Map<string, number>> | undefined
  let current = -1
  let index = 0
  const visit = (kind: IdentityKind, value: string) => {
    const id = numbers.number(maps as Record<IdentityKind, Map<string, number>>, kind, value)
    sets.add(id)
    if (current < 0) {
      current = id
      first[index] = id
    } else sets.union(current, id)
  }
  for (index = 0; index < records.length; index++) {
    if (index % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) yield
    const record = records[index] as ScimRecord
    if (record.resource !== 'Users') continue
    maps = numbers.scope(record)
    current = -1
    visitIdentities(record, visit)
  }
  // Each root's group, in the order of the first record filed under it.
  const groupOfRoot = new Int32Array(numbers.count).fill(-1)
  const groups: ScimRecord[][] = []
  const unattributed: ScimRecord[] = []
  for (let i = 0; i < records.length; i++) {
    if (i % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) yield
    const record = records[i] as ScimRecord
    const id = first[i] as number
    if (id < 0) {
      unattributed.push(record)
      continue
    }
    const root = sets.find(id)
    const g = groupOfRoot[root] as number
    if (g >= 0) (groups[g] as ScimRecord[]).push(record)
    else {
      groupOfRoot[root] = groups.length
      groups.push([record])
    }
  }
  return { groups, unattributed }
}
