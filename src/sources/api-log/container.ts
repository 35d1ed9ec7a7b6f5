/**
 * `api_json.log` as container runtimes and the GitLab Helm chart write it (issue #13 §4). Used only when
 * `detectContainer` finds one of these shapes at the start of an input, so the hand-tuned fast path for
 * plain NDJSON (`index.ts`, `scanner.ts`) stays as it is; there, `… stdout F {…}` lines are read by
 * skipping to the first `{`, which cannot join a line a runtime split in parts.
 *
 * Shapes (sources in samples/README.md):
 * - CRI (containerd, CRI-O; kubelet's `/var/log/pods/…`): `<RFC3339Nano> <stdout|stderr> <P|F> <text>`.
 *   A line longer than the runtime's buffer (16 KiB in containerd) is written as `P` parts and a final `F`
 *   part, per stream; stdout and stderr parts may interleave (kubernetes/cri-api `LogTag`, containerd
 *   `pkg/cri/io/logger.go`) [code].
 * - Docker's json-file driver: `{"log":"<text>\n","stream":"stdout","time":"…"}`; a line over 16 KiB is
 *   split into entries whose `log` lacks the final `\n` until the last part (moby `daemon/logger/jsonfilelog`,
 *   `daemon/logger/copier.go` bufSize 16 KiB) [code].
 * - gitlab-logger (the Helm chart's log tailer): `{"date":"…","component": "gitlab","subcomponent":"api_json",
 *   "level":"…","file":"…","message":{…the api_json line…}}`, a JSON line kept as an object in `message`
 *   (jbguerraz/gitlab-logger `main.go` `log()`, which GitLab's cloud-native gitlab-logger derives from) [code].
 *   It may itself sit inside a CRI or Docker wrapper.
 *
 * Accounting: a line joined from parts counts once (`lines`), under the line number of its first part; the
 * bytes of every part count. A joined line is bounded like any line (`too-long` past `maxLine`), and parts
 * left without their final part at the end of the input are still counted (read as one line).
 */
import { isUtf8 } from 'node:buffer'
import type { RawEntry } from '../types.js'
import type { ApiLogContext } from './index.js'
import { parseCandidate } from './scanner.js'
import type { Selector } from './select.js'

export type ContainerShape = 'cri' | 'docker' | 'gitlab-logger'

const CRI_LINE = /^(\S+) (stdout|stderr) ([PF])(?: (.*))?$/s
const CRI_HEAD = /^\d{4}-\d\d-\d\dT\S+ (?:stdout|stderr) [PF](?: |$)/
const DOCKER_HEAD = /^\{\s*"log"\s*:\s*"/
const LOGGER_HEAD = /^\{\s*"date"\s*:\s*"[^"]*"\s*,\s*"component"\s*:\s*"[^"]*"\s*,\s*"subcomponent"\s*:/

/** The container shape of an input, from its first non-blank line; undefined for plain NDJSON. */
export function detectContainer(head: Uint8Array): ContainerShape | undefined {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 64 << 10)).toString('utf8')
  const first = text.split('\n').find((line) => line.trim() !== '')
  if (first === undefined) return undefined
  if (CRI_HEAD.test(first)) return 'cri'
  if (DOCKER_HEAD.test(first)) return 'docker'
  if (LOGGER_HEAD.test(first)) return 'gitlab-logger'
  return undefined
}

interface Pending {
  parts: string[]
  bytes: number
  line: number
  binary: boolean
}

interface Logical {
  text: string
  line: number
  tooLong: boolean
  binary: boolean
}

/**
 * Joins the physical lines of a container log into the logical lines the application wrote. Feed it
 * physical lines in order (`push`); it returns the logical lines that completed.
 */
export class ContainerJoiner {
  private readonly pending = new Map<string, Pending>()

  constructor(private readonly maxLine: number) {}

  push(text: string, line: number, binary: boolean): Logical[] {
    const cri = CRI_LINE.exec(text)
    if (cri) return this.part(cri[2] as string, cri[4] ?? '', cri[3] === 'F', line, binary)
    if (DOCKER_HEAD.test(text)) {
      const value = tryParse(text)
      if (value && typeof value.log === 'string') {
        const log = value.log
        const stream = typeof value.stream === 'string' ? value.stream : 'stdout'
        const last = log.endsWith('\n')
        return this.part(
          `docker:${stream}`,
          last ? log.slice(0, log.endsWith('\r\n') ? -2 : -1) : log,
          last,
          line,
          binary,
        )
      }
    }
    return [this.logical({ parts: [text], bytes: Buffer.byteLength(text), line, binary })]
  }

  /** Parts whose final part never came (the input ended, or was cut): one line each, in line order. */
  flush(): Logical[] {
    const rest = [...this.pending.values()].sort((a, b) => a.line - b.line)
    this.pending.clear()
    return rest.map((p) => this.logical(p))
  }

  private part(stream: string, text: string, final: boolean, line: number, binary: boolean): Logical[] {
    let pending = this.pending.get(stream)
    if (!pending) {
      pending = { parts: [], bytes: 0, line, binary: false }
      if (!final) this.pending.set(stream, pending)
    }
    pending.bytes += Buffer.byteLength(text)
    pending.binary ||= binary
    // Past the bound, stop keeping the text (the line is skipped as too long) but keep counting it.
    if (pending.bytes <= this.maxLine) pending.parts.push(text)
    if (!final) return []
    this.pending.delete(stream)
    return [this.logical(pending)]
  }

  private logical(p: Pending): Logical {
    const tooLong = p.bytes > this.maxLine
    return { text: tooLong ? '' : p.parts.join(''), line: p.line, tooLong, binary: p.binary }
  }
}

function tryParse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** gitlab-logger's line: the api_json document is its `message` (an object, or a JSON line as a string). */
function unwrapLogger(doc: Record<string, unknown>): Record<string, unknown> | string | undefined {
  if (typeof doc.subcomponent !== 'string' || !('message' in doc)) return undefined
  const message = doc.message
  if (message && typeof message === 'object' && !Array.isArray(message))
    return message as Record<string, unknown>
  if (typeof message === 'string') return message
  return undefined
}

/**
 * Every candidate document of a container log, in order: the same entries `readApiLog` yields for the
 * plain file, with accounting per logical line (see the module comment).
 */
export async function* readContainerLog(
  chunks: AsyncIterable<Buffer>,
  display: string,
  context: ApiLogContext,
  maxLine: number,
  selector: Selector | undefined,
): AsyncGenerator<RawEntry> {
  const { accounting, tally } = context
  const joiner = new ContainerJoiner(maxLine)
  // A physical line is bounded too: a runtime splits at 16 KiB, but a wrapper-less line can be any length.
  const physicalMax = maxLine + (64 << 10)
  let carry: Buffer[] = []
  let carried = 0
  let overflow = false
  let line = 0
  const emit = function* (logical: Logical): Generator<RawEntry> {
    accounting.lines++
    tally.lines++
    const entry = judge(logical)
    if (entry === 'other') accounting.other++
    else if (typeof entry === 'string') accounting.skip(entry, { source: display, line: logical.line })
    else yield { doc: entry, origin: { source: display, line: logical.line } }
  }
  const judge = (logical: Logical) => {
    if (logical.tooLong) return 'too-long' as const
    // The plain reader's candidate marker (scanner.ts): a line without `scim` is other traffic.
    if (!logical.text.includes('scim')) return 'other' as const
    if (logical.binary || logical.text.includes('\u0000')) return 'binary' as const
    let value = parseCandidate(logical.text)
    if (typeof value === 'string') return value
    const inner = unwrapLogger(value)
    if (typeof inner === 'string') {
      value = parseCandidate(inner)
      if (typeof value === 'string') return value
    } else if (inner) value = inner
    const doc = selector ? selector.pick(value) : value
    return doc === undefined ? ('other' as const) : doc
  }
  const physical = function* (bytes: Buffer): Generator<RawEntry> {
    line++
    let end = bytes.length
    if (end > 0 && bytes[end - 1] === 0x0d) end--
    const view = bytes.subarray(0, end)
    for (const logical of joiner.push(view.toString('utf8'), line, !isUtf8(view))) yield* emit(logical)
  }
  for await (const chunk of chunks) {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(0x0a, start)
      if (nl < 0) break
      const piece = chunk.subarray(start, nl)
      start = nl + 1
      if (overflow) {
        overflow = false
        carry = []
        carried = 0
        line++
        accounting.lines++
        tally.lines++
        accounting.skip('too-long', { source: display, line })
        continue
      }
      const bytes = carried > 0 ? Buffer.concat([...carry, piece]) : piece
      carry = []
      carried = 0
      yield* physical(bytes)
    }
    if (start < chunk.length && !overflow) {
      carry.push(chunk.subarray(start))
      carried += chunk.length - start
      if (carried > physicalMax) {
        overflow = true
        carry = []
        carried = 0
      }
    }
  }
  if (overflow) {
    line++
    accounting.lines++
    tally.lines++
    accounting.skip('too-long', { source: display, line })
  } else if (carried > 0) yield* physical(Buffer.concat(carry))
  for (const logical of joiner.flush()) yield* emit(logical)
}
