/**
 * The same requests as container runtimes and the Helm chart's gitlab-logger write them (issue #13 §4),
 * with one line longer than the runtimes' 16 KiB buffer so that it is split in parts. Sources are in
 * src/sources/api-log/container.ts and samples/README.md.
 *
 * A SCIM line over 16 KiB: GitLab caps logged params near 10 KB (`log_limited_array.rb`), so the long
 * line here is a 500 whose line also carries `exception.class`, `exception.message` and a long
 * `exception.backtrace` (`lib/gitlab/exception_log_formatter.rb`) [inferred].
 */
import { Scenario } from './dsl.js'
import { entra } from './idp.js'
import type { LogDoc } from './logline.js'
import type { Rng } from './prng.js'

/** containerd's default split size (`max_container_log_line_size`, 16 KiB). */
export const SPLIT_BYTES = 16 * 1024

export function longLines(): Scenario {
  const s = new Scenario({
    name: 'long-lines',
    group: 'tres-comas',
    idp: entra,
    start: '2024-11-04T10:00:00Z',
  })
  const russ = s.person('Russ', 'Hanneman', { email: 'russ.hanneman@tres-comas.example' })
  const jared = s.person('Jared', 'Dunn', { email: 'jared.dunn@tres-comas.example' })
  s.lookup(russ).create(russ)
  s.wait('15s').lookup(jared).create(jared)
  // Entra's update of many attributes, answered 500: the one line over 16 KiB.
  const ops = Array.from({ length: 90 }, (_, i) => ({
    op: 'Replace',
    path: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:extension${i}`,
    value: `value-${i}-${'x'.repeat(40)}`,
  }))
  s.wait('2h').patch(russ, ops, { status: 500 })
  const long = s.docs[s.docs.length - 1] as LogDoc
  long['exception.class'] = 'ActiveRecord::QueryCanceled'
  long['exception.message'] = 'PG::QueryCanceled: ERROR:  canceling statement due to statement timeout'
  long['exception.backtrace'] = Array.from(
    { length: 70 },
    (_, i) => `ee/lib/api/scim/group_scim.rb:${100 + i}:in \`block (${i % 4} levels) in <class:GroupScim>'`,
  )
  s.wait('40m').deactivate(jared)
  return s
}

function time(doc: LogDoc, rng: Rng): string {
  const ms = Date.parse(String(doc.time)) + rng.int(0, 3)
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 23)}${String(rng.int(0, 999999)).padStart(6, '0')}Z`
}

/** ASCII text in parts of at most `size` bytes (the sample lines are ASCII). */
function parts(text: string, size = SPLIT_BYTES): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

const STDERR_NOISE = 'Puma caught this error: undefined method for nil (NoMethodError)'

/**
 * CRI lines (`<time> <stream> <P|F> <text>`): the long line as P parts and an F part, with a stderr line
 * between its parts (streams interleave); the last request on stderr.
 */
export function toCriSplit(docs: readonly LogDoc[], rng: Rng): string {
  let out = ''
  docs.forEach((doc, i) => {
    const t = time(doc, rng)
    const stream = i === docs.length - 1 ? 'stderr' : 'stdout'
    const pieces = parts(JSON.stringify(doc))
    pieces.forEach((piece, p) => {
      out += `${t} ${stream} ${p === pieces.length - 1 ? 'F' : 'P'} ${piece}\n`
      if (p === 0 && pieces.length > 1) out += `${t} stderr F ${STDERR_NOISE}\n`
    })
  })
  return out
}

/** Docker's json-file driver: `{"log":…,"stream":…,"time":…}`; a long line's parts lack the final `\n`. */
export function toDockerJson(docs: readonly LogDoc[], rng: Rng): string {
  let out = ''
  for (const doc of docs) {
    const t = time(doc, rng)
    const pieces = parts(`${JSON.stringify(doc)}\n`)
    for (const piece of pieces) out += `${JSON.stringify({ log: piece, stream: 'stdout', time: t })}\n`
  }
  return out
}

/** gitlab-logger's lines (JSON kept as an object in `message`), as its container writes them under CRI. */
export function toGitlabLogger(docs: readonly LogDoc[], rng: Rng): string {
  const wrapped = docs.map(
    (doc) =>
      `{"date":"${String(doc.time).slice(0, 19)}Z","component": "gitlab","subcomponent":"api_json","level":"info","file":"/var/log/gitlab/api_json.log","message":${JSON.stringify(doc)}}`,
  )
  let out = ''
  wrapped.forEach((line, i) => {
    const t = time(docs[i] as LogDoc, rng)
    const pieces = parts(line)
    pieces.forEach((piece, p) => {
      out += `${t} stdout ${p === pieces.length - 1 ? 'F' : 'P'} ${piece}\n`
    })
  })
  return out
}
