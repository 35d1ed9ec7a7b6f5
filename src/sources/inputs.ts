/**
 * Input expansion: turn the paths on the command line into an ordered list of things to read.
 *
 * Every explicit input is checked before anything is read, so a typo in the third path fails fast instead
 * of after minutes of reading the first two. Directories are read one level deep, in time order.
 */
import { constants } from 'node:fs'
import { access, readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { InputError, UserError } from '../common/errors.js'
import { inputErrorFor } from './fsErrors.js'

/** One thing to read; `input` is the index of the argument it came from (a directory gives several). */
export type InputSpec =
  | { kind: 'file'; path: string; display: string; input?: number }
  | { kind: 'stdin'; display: '-'; input?: number }

export interface ExpandOptions {
  /** Receives diagnostic messages (for example the files a directory had that are not logs). */
  debug?: (message: string) => void
}

/** Where a file name sorts within a directory, or why it is not read. */
type Classified =
  | { group: 'svlogd'; key: string } // `@<TAI64N>.s|.u`, then `current`
  | { group: 'logrotate'; base: string; rank: number; date: string } // `api_json.log[.N][.gz]`, `api_json.log-DATE`
  | { group: 'export' }
  | { group: 'ignored' }

// svlogd names rotated files `@` + 24 hex digits of TAI64N + `.s` (processed) or `.u` (unfinished). The label
// has a fixed width, so comparing the hex strings compares the times.
const SVLOGD = /^@([0-9a-f]{24})\.[su]$/i
// logrotate: `.N` suffixes (higher is older), optionally gzipped; or `dateext` (`-YYYYMMDD[…]`, older is smaller).
const ROTATED = /^(.*api_json.*\.log)(?:\.(\d+)|-(\d{8,14}))?(?:\.gz)?$/
const EXPORT = /\.(?:csv|json|ndjson|jsonl)(?:\.gz)?$/i

export function classifyName(name: string): Classified {
  if (name.startsWith('.')) return { group: 'ignored' }
  const svlogd = SVLOGD.exec(name)
  if (svlogd) return { group: 'svlogd', key: `0${svlogd[1]?.toLowerCase()}` }
  if (name === 'current') return { group: 'svlogd', key: '1' } // the live file: always newest
  const rotated = ROTATED.exec(name)
  if (rotated) {
    const base = rotated[1] ?? name
    // Unsuffixed (the live file) sorts last; `.N` files by descending N; dated files before numbered ones.
    if (rotated[2] !== undefined) return { group: 'logrotate', base, rank: -Number(rotated[2]), date: '' }
    if (rotated[3] !== undefined) return { group: 'logrotate', base, rank: -Infinity, date: rotated[3] }
    return { group: 'logrotate', base, rank: 0, date: '' }
  }
  if (EXPORT.test(name)) return { group: 'export' }
  return { group: 'ignored' }
}

// Families are not interleaved (nothing says how a logrotate file and an svlogd file relate in time).
const GROUP_ORDER = { logrotate: 0, svlogd: 1, export: 2, ignored: 3 } as const

/** Oldest first: each logrotate family oldest to live; svlogd files by label, then `current`; then exports. */
export function compareNames(a: string, b: string): number {
  const ca = classifyName(a)
  const cb = classifyName(b)
  if (ca.group !== cb.group) return GROUP_ORDER[ca.group] - GROUP_ORDER[cb.group]
  if (ca.group === 'svlogd' && cb.group === 'svlogd') return compareStrings(ca.key, cb.key)
  if (ca.group === 'logrotate' && cb.group === 'logrotate') {
    if (ca.base !== cb.base) return compareStrings(ca.base, cb.base)
    if (ca.rank !== cb.rank) return ca.rank - cb.rank
    if (ca.date !== cb.date) return compareStrings(ca.date, cb.date)
  }
  return compareStrings(a, b)
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Expand command-line inputs into files (and stdin), checking that every one can be read.
 * Throws `InputError` with one line (`cannot read 'x': no such file`) for the first input that cannot.
 */
export async function expandInputs(
  args: readonly string[],
  options: ExpandOptions = {},
): Promise<InputSpec[]> {
  if (args.length === 0) throw new UserError('no inputs given: pass log files, directories, or - for stdin')
  const result: InputSpec[] = []
  const seen = new Set<string>()
  let stdinSeen = false
  let input = -1
  const add = (path: string, display: string) => {
    const key = resolve(path)
    if (seen.has(key)) return // the same file named twice (or inside a named directory) is read once
    seen.add(key)
    result.push({ kind: 'file', path, display, input })
  }
  for (const arg of args) {
    input++
    if (arg === '-') {
      if (stdinSeen) throw new UserError("stdin ('-') can be given only once")
      stdinSeen = true
      result.push({ kind: 'stdin', display: '-', input })
      continue
    }
    let info: Awaited<ReturnType<typeof stat>>
    try {
      info = await stat(arg)
      await access(arg, constants.R_OK)
    } catch (error) {
      throw inputErrorFor(arg, error)
    }
    if (!info.isDirectory()) {
      add(arg, arg)
      continue
    }
    for (const path of await listDirectory(arg, options)) add(path, path)
  }
  return result
}

/** The readable API logs and exports directly inside `dir`, oldest first. */
async function listDirectory(dir: string, options: ExpandOptions): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    throw inputErrorFor(dir, error)
  }
  const wanted: string[] = []
  const ignored: string[] = []
  for (const name of names) {
    if (classifyName(name).group === 'ignored') {
      ignored.push(name)
      continue
    }
    const path = join(dir, name)
    try {
      const info = await stat(path)
      if (!info.isFile()) {
        ignored.push(`${name}/`)
        continue
      }
      await access(path, constants.R_OK)
    } catch (error) {
      throw inputErrorFor(path, error)
    }
    wanted.push(name)
  }
  if (ignored.length > 0) {
    const list = ignored.sort().join(', ')
    options.debug?.(
      `ignoring ${ignored.length} entries in '${dir}' that are not API logs or exports: ${list}`,
    )
  }
  if (wanted.length === 0) {
    throw new InputError(
      `no API logs or exports in '${dir}' (looked for api_json.log*, svlogd files, *.csv, *.json)`,
    )
  }
  return wanted.sort(compareNames).map((name) => join(dir, name))
}
