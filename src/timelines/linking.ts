/**
 * Grouping records into people: records that share an extern_uid, a userName or a work/primary email
 * (case-insensitive, within one group) belong to the same person. A PATCH that changes the extern_uid
 * links the old id to the new one. Union-find keeps this linear in the number of records.
 */
import { filterKey } from '../records/filter.js'
import { scopeKey } from '../records/scope-key.js'
import { gitlabEmail, requestedExternUid, type ScimRecord } from '../records/types.js'

class DisjointSets {
  private readonly parent = new Map<string, string>()

  find(key: string): string {
    let root = this.parent.get(key)
    if (root === undefined) {
      this.parent.set(key, key)
      return key
    }
    if (root === key) return key
    root = this.find(root)
    this.parent.set(key, root)
    return root
  }

  union(a: string, b: string): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent.set(rb, ra)
  }
}

/** The identifying keys a record carries, scoped to its group. */
export function identityKeys(record: ScimRecord): string[] {
  if (record.resource !== 'Users') return []
  const scope = scopeKey(record)
  const keys: string[] = []
  const add = (kind: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '')
      keys.push(`${scope}\u0000${kind}\u0000${value.trim().toLowerCase()}`)
  }
  add('uid', record.scimId)
  if (record.method === 'POST') {
    add('uid', requestedExternUid(record.body))
    add('user', record.body.userName)
    add('email', gitlabEmail(record.body))
  }
  add('uid', record.patch?.externUid)
  const filter = record.body.filter
  if (filter && record.method === 'GET') {
    const kind = filterKey(filter)
    if (kind === 'externUid') add('uid', filter.value)
    else if (kind === 'userName') add('user', filter.value)
    else if (/email/i.test(filter.attribute)) add('email', filter.value)
  }
  return keys
}

/** Partition records into people (each a list in input order) and records that name nobody. */
export function linkPeople(records: readonly ScimRecord[]): {
  groups: ScimRecord[][]
  unattributed: ScimRecord[]
} {
  const sets = new DisjointSets()
  const keysByRecord = records.map((record) => {
    const keys = identityKeys(record)
    for (let i = 1; i < keys.length; i++) sets.union(keys[0] as string, keys[i] as string)
    return keys
  })
  const byRoot = new Map<string, ScimRecord[]>()
  const unattributed: ScimRecord[] = []
  records.forEach((record, i) => {
    const first = keysByRecord[i]?.[0]
    if (first === undefined) {
      unattributed.push(record)
      return
    }
    const root = sets.find(first)
    const group = byRoot.get(root)
    if (group) group.push(record)
    else byRoot.set(root, [record])
  })
  return { groups: [...byRoot.values()], unattributed }
}
