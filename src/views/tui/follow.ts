/**
 * `--follow`: keep reading the input files as they grow, like `tail -F`: a file that shrinks (truncated) or
 * is replaced by a new one (logrotate's rename and create) is read again from its start.
 *
 * Cost model: every poll (250 ms) stats each followed file; new complete lines are read once (only the
 * appended bytes) and normalised; then the timelines and diagnosis of the groups those requests belong to
 * are rebuilt from all of that group's records (other groups keep their people and findings as they were),
 * and the people list is merged. So an update costs O(appended bytes + records of the affected groups +
 * people), not a re-read of the input. The rest of the UI reuses the rows of people who did not change.
 */

import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { Readable } from 'node:stream'
import { Accounting, type AccountingSnapshot } from '../../common/accounting.js'
import { pushAll } from '../../common/arrays.js'
import { coveredRecords } from '../../diagnosis/findings.js'
import { type Diagnosis, diagnose, workingGroups } from '../../diagnosis/index.js'
import type { Finding } from '../../diagnosis/types.js'
import { timelineOptions } from '../../diagnosis/versions/infer.js'
import { RECORD_SELECTION, type ScimRecord, toRecords } from '../../records/index.js'
import { scopeKey } from '../../records/scope-key.js'
import { readApiLog } from '../../sources/api-log/index.js'
import { compareCodeUnits, compareIsoTimes } from '../../timelines/compare.js'
import { buildTimelines } from '../../timelines/index.js'
import type { Timelines } from '../../timelines/types.js'
import type { Analysis } from './load.js'

export interface FollowedFile {
  /** Path to stat and read. */
  path: string
  /** The source name records carry (as given on the command line). */
  display: string
}

export interface FollowOptions {
  allowedDomains?: string[]
  intervalMs?: number
}

interface Position {
  file: FollowedFile
  ino: number
  offset: number
  lines: number
}

const scopeOf = scopeKey

function findingScope(finding: Finding): string | undefined {
  const record = coveredRecords(finding)[0]
  return record ? scopeOf(record) : undefined
}

/** Read the complete lines appended to `position`'s file since the last read (and advance it). */
async function readAppended(position: Position, accounting: Accounting): Promise<ScimRecord[]> {
  const info = statSync(position.file.path, { throwIfNoEntry: false })
  if (!info) return [] // between logrotate's rename and the new file's creation
  if (info.ino !== position.ino || info.size < position.offset) {
    position.ino = info.ino
    position.offset = 0
    position.lines = 0
  }
  if (info.size <= position.offset) return []
  const length = info.size - position.offset
  const bytes = Buffer.alloc(length)
  const fd = openSync(position.file.path, 'r')
  let read = 0
  try {
    while (read < length) {
      const n = readSync(fd, bytes, read, length - read, position.offset + read)
      if (n === 0) break
      read += n
    }
  } finally {
    closeSync(fd)
  }
  // Only whole lines: the writer may be half way through the last one.
  const end = bytes.subarray(0, read).lastIndexOf(0x0a) + 1
  if (end === 0) return []
  const chunk = bytes.subarray(0, end)
  const base = position.lines
  position.offset += end
  const tally = { name: position.file.display, format: 'api-json', bytes: 0, lines: 0 }
  const entries = readApiLog(
    { display: position.file.display, stream: Readable.from([chunk]), gzip: false },
    { accounting, tally },
    { selection: RECORD_SELECTION, workers: 0 },
  )
  const records: ScimRecord[] = []
  for await (const record of toRecords(entries, accounting)) {
    // Line numbers continue from what was read before, so origins stay `file:line` of the real file.
    if (record.origin.line !== undefined)
      record.origin = { ...record.origin, line: record.origin.line + base }
    records.push(record)
  }
  position.lines += tally.lines
  return records
}

/** The analysis with `added` records: the groups they touch rebuilt, the others kept. */
export function mergeAnalysis(
  previous: Analysis,
  added: ScimRecord[],
  accounting: AccountingSnapshot,
  byScope: Map<string, ScimRecord[]>,
  options: FollowOptions,
): Analysis {
  const touched = new Set(added.map(scopeOf))
  for (const record of added) {
    const key = scopeOf(record)
    const list = byScope.get(key)
    if (list) list.push(record)
    else byScope.set(key, [record])
  }
  const working = [...new Set([...workingGroups(previous.records), ...workingGroups(added)])]
  const rebuilt: Timelines[] = []
  const diagnoses: Diagnosis[] = []
  for (const key of touched) {
    const timelines = buildTimelines(byScope.get(key) ?? [], timelineOptions(previous.gitlab))
    rebuilt.push(timelines)
    diagnoses.push(
      diagnose(timelines, {
        allowedDomains: options.allowedDomains ?? [],
        workingGroups: working,
        gitlab: previous.gitlab,
      }),
    )
  }
  const keep = (scope: string | undefined) => scope === undefined || !touched.has(scope)
  const people = [
    ...previous.timelines.people.filter((p) => keep(scopeOf(p))),
    ...rebuilt.flatMap((t) => t.people),
  ].sort((a, b) => compareIsoTimes(a.firstSeen, b.firstSeen) || compareCodeUnits(a.key, b.key))
  const records = [...previous.records, ...added]
  const last = previous.records[previous.records.length - 1]
  if (last && added.some((r) => r.timeMs < last.timeMs)) records.sort((a, b) => a.timeMs - b.timeMs)
  const timelines: Timelines = {
    people,
    unattributed: [
      ...previous.timelines.unattributed.filter((u) => keep(scopeOf(u))),
      ...rebuilt.flatMap((t) => t.unattributed),
    ],
    records,
  }
  const byPerson = new Map<string, Finding[]>()
  for (const [key, findings] of previous.diagnosis.byPerson) {
    const person = findings[0]
    if (!person || keep(findingScope(person))) byPerson.set(key, findings)
  }
  for (const d of diagnoses) for (const [key, findings] of d.byPerson) byPerson.set(key, findings)
  const groupFindings = [
    ...previous.diagnosis.groupFindings.filter((f) => keep(findingScope(f))),
    ...diagnoses.flatMap((d) => d.groupFindings),
  ]
  const all = [
    ...previous.diagnosis.all.filter((f) => keep(findingScope(f))),
    ...diagnoses.flatMap((d) => d.all),
  ]
  // The era stays the first read's: the groups not rebuilt were diagnosed for it.
  return {
    records,
    timelines,
    diagnosis: { byPerson, groupFindings, all },
    accounting,
    gitlab: previous.gitlab,
  }
}

/**
 * Follow `files` from where the first read ended (the bytes and lines it counted for each), calling `update`
 * with a new analysis whenever requests arrive. Returns a function that stops following.
 */
export function followFiles(
  files: readonly FollowedFile[],
  initial: Analysis,
  update: (next: Analysis) => void,
  fail: (error: unknown) => void,
  options: FollowOptions = {},
): () => void {
  const positions: Position[] = files.map((file) => {
    const source = initial.accounting.sources.find((s) => s.name === file.display)
    const info = statSync(file.path, { throwIfNoEntry: false })
    return { file, ino: info?.ino ?? -1, offset: source?.bytes ?? 0, lines: source?.lines ?? 0 }
  })
  const byScope = new Map<string, ScimRecord[]>()
  for (const record of initial.records) {
    const key = scopeOf(record)
    const list = byScope.get(key)
    if (list) list.push(record)
    else byScope.set(key, [record])
  }
  const accounting = new Accounting()
  accounting.merge(initial.accounting)
  const sources = initial.accounting.sources.map((s) => ({ ...s }))
  let current = initial
  let busy = false
  let stopped = false
  const poll = async () => {
    if (busy || stopped) return
    busy = true
    try {
      const added: ScimRecord[] = []
      for (const position of positions) {
        const before = { offset: position.offset, lines: position.lines }
        pushAll(added, await readAppended(position, accounting))
        const source = sources.find((s) => s.name === position.file.display)
        if (source && position.offset !== before.offset) {
          source.bytes =
            position.offset < before.offset ? position.offset : source.bytes + position.offset - before.offset
          source.lines =
            position.lines < before.lines ? position.lines : source.lines + position.lines - before.lines
        }
      }
      if (added.length > 0 && !stopped) {
        const snapshot = { ...accounting.snapshot(), sources: sources.map((s) => ({ ...s })) }
        current = mergeAnalysis(current, added, snapshot, byScope, options)
        update(current)
      }
    } catch (error) {
      fail(error)
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void poll(), options.intervalMs ?? 250)
  return () => {
    stopped = true
    clearInterval(timer)
  }
}
