/**
 * `linkPeople` numbers identities instead of building key strings: on every sample it must partition the
 * records exactly as union-find over `identityKeys` (the strings) does, people in the same order.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { settleRecords } from '../../src/records/idp.js'
import type { ScimRecord } from '../../src/records/types.js'
import { identityKeys, linkPeople } from '../../src/timelines/linking.js'
import { loadRecords, ROOT } from '../pipeline/load.js'

/** The reference: a map of key strings to parents, people in the order of their first record. */
function linkByKeyStrings(records: readonly ScimRecord[]): ScimRecord[][] {
  const parent = new Map<string, string>()
  const find = (key: string): string => {
    let root = key
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) as string
    return root
  }
  const firsts = records.map((record) => {
    const keys = identityKeys(record)
    for (const key of keys) if (!parent.has(key)) parent.set(key, key)
    for (let i = 1; i < keys.length; i++) {
      const a = find(keys[0] as string)
      const b = find(keys[i] as string)
      if (a !== b) parent.set(b, a)
    }
    return keys[0]
  })
  const byRoot = new Map<string, ScimRecord[]>()
  records.forEach((record, i) => {
    const first = firsts[i]
    if (first === undefined) return
    const root = find(first)
    const group = byRoot.get(root)
    if (group) group.push(record)
    else byRoot.set(root, [record])
  })
  return [...byRoot.values()]
}

const SAMPLE_LOGS = readdirSync(join(ROOT, 'samples'), { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.log'))
  .map((name) => join('samples', name))
  .sort()

describe('linkPeople against identity key strings', () => {
  it('finds sample logs', () => expect(SAMPLE_LOGS.length).toBeGreaterThan(20))

  it.each(SAMPLE_LOGS)('%s: the same people, in the same order', async (file) => {
    const records = settleRecords((await loadRecords([file])).records)
    const linked = linkPeople(records)
    const index = new Map(records.map((record, i) => [record, i]))
    const positions = (groups: ScimRecord[][]) => groups.map((g) => g.map((r) => index.get(r)))
    expect(positions(linked.groups)).toEqual(positions(linkByKeyStrings(records)))
    const attributed = linked.groups.reduce((n, g) => n + g.length, 0)
    expect(attributed + linked.unattributed.length).toBe(records.length)
  })

  it('all samples at once (groups of one name in several files, people across them)', async () => {
    const records = settleRecords((await loadRecords(SAMPLE_LOGS)).records)
    const index = new Map(records.map((record, i) => [record, i]))
    const positions = (groups: ScimRecord[][]) => groups.map((g) => g.map((r) => index.get(r)))
    const linked = linkPeople(records)
    expect(linked.groups.length).toBeGreaterThan(50)
    expect(positions(linked.groups)).toEqual(positions(linkByKeyStrings(records)))
  })
})
