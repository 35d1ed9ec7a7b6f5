/**
 * Input expansion: turn the paths on the command line into an ordered list of things to read.
 *
 * Every explicit input is checked before anything is read, so a typo in the third path fails fast instead
 * of after minutes of reading the first two. Directories are read one level deep, in time order.
 */
import { constants, statSync } from 'node:fs'
import { access, readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { InputError, UserError } from '../common/errors.js'
import { FORMATS } from './formats.js'
import { inputErrorFor } from './fs-errors.js'
import { sniffFile } from './sniff.js'

/**
 * One thing to read; `input` is the index of the argument it came from (a directory gives several).
 * `inDirectory`: found inside a named directory. Such a file that cannot be read (a dangling link, a
 * truncated gzip) is reported and skipped as `unreadable` while the run goes on; a named file that cannot
 * be read stops the run (exit 3), as the user asked for it by name.
 */
export type InputSpec =
  | { kind: 'file'; path: string; display: string; input?: number; inDirectory?: true }
  | { kind: 'stdin'; display: '-'; input?: number }

export interface ExpandOptions {
  /** Receives diagnostic messages (for example the files a directory had that are not logs). */
  debug?: (message: string) => void
  /** Receives warnings for the user (a directory with nothing to read, a file skipped as unreadable). */
  warn?: (message: string) => void
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
  if (FORMATS.some((format) => format.fileNames?.test(name))) return { group: 'export' }
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
  const add = (path: string, display: string, inDirectory: boolean) => {
    const key = resolve(path)
    if (seen.has(key)) return // the same file named twice (or inside a named directory) is read once
    seen.add(key)
    result.push(
      inDirectory
        ? { kind: 'file', path, display, input, inDirectory }
        : { kind: 'file', path, display, input },
    )
  }
  const empty: InputError[] = []
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
      add(arg, arg, false)
      continue
    }
    const listed = await listDirectory(arg, options)
    if (listed.paths.length === 0) empty.push(nothingIn(arg, listed.ignored))
    for (const path of listed.paths) add(path, path, true)
  }
  // A directory with nothing to read stops the run only when no other input has anything.
  if (result.length === 0 && empty[0]) throw empty[0]
  for (const error of empty) options.warn?.(error.message)
  return result
}

function nothingIn(dir: string, ignored: string[]): InputError {
  const skipped =
    ignored.length > 0
      ? `; skipped ${ignored.length}: ${ignored.slice(0, 5).join(', ')}${ignored.length > 5 ? ', …' : ''}`
      : ''
  return new InputError(
    `no API logs or exports in '${dir}' (looked for api_json.log*, svlogd files, *.csv, *.json, and files whose first bytes are a log or an export${skipped})`,
  )
}

/**
 * The API logs and exports directly inside `dir`, oldest first: files named like them, and other files whose
 * first bytes are one (`sniffFile`). An entry that cannot even be looked at (a dangling link, no permission)
 * is listed too, for the reader to report it as unreadable and go on.
 */
async function listDirectory(
  dir: string,
  options: ExpandOptions,
): Promise<{ paths: string[]; ignored: string[] }> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    throw inputErrorFor(dir, error)
  }
  const wanted: string[] = []
  const ignored: string[] = []
  for (const name of names) {
    if (name.startsWith('.')) {
      ignored.push(`${name} (hidden)`)
      continue
    }
    const byName = classifyName(name).group !== 'ignored'
    const path = join(dir, name)
    let info: Awaited<ReturnType<typeof stat>>
    try {
      info = statSync(path) // synchronous: one thread-pool round trip per entry adds up over 10,000 files
    } catch (error) {
      if (byName)
        wanted.push(name) // named like a log but unreadable: reported when read
      else ignored.push(`${name} (${inputErrorFor(name, error).message.replace(/^cannot read '.*?': /, '')})`)
      continue
    }
    if (!info.isFile()) {
      ignored.push(`${name}/ (${info.isDirectory() ? 'a directory' : 'not a regular file'})`)
      continue
    }
    if (byName) {
      wanted.push(name)
      continue
    }
    try {
      const sniffed = await sniffFile(path, info.size)
      if (sniffed.read) wanted.push(name)
      else ignored.push(`${name} (${sniffed.reason})`)
    } catch (error) {
      ignored.push(`${name} (${inputErrorFor(name, error).message.replace(/^cannot read '.*?': /, '')})`)
    }
  }
  ignored.sort()
  if (ignored.length > 0 && wanted.length > 0) {
    options.debug?.(
      `ignoring ${ignored.length} entries in '${dir}' that are not API logs or exports: ${ignored.join(', ')}`,
    )
  }
  return { paths: wanted.sort(compareNames).map((name) => join(dir, name)), ignored }
}
