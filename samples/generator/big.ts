/**
 * Big realistic `api_json.log` files for benchmarks, streamed in batches (never held whole).
 *
 * Ordinary traffic comes from precomputed line templates (only time, durations and the correlation id change
 * per line); about `scimRatio` of the lines are SCIM requests made with the scenario builder, spread over
 * `people` people who go through lookups, creates, deactivations, reactivations, deletes and some errors.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { asciiLocal, Scenario } from './dsl.js'
import { entra, okta, type Person } from './idp.js'
import { buildDoc } from './logline.js'
import { otherRequest } from './other.js'
import { Rng } from './prng.js'

export interface BigLogOptions {
  path: string
  /** Approximate size of the file; the result stays at or just under it. */
  bytes: number
  /** Share of lines that are SCIM requests (default 0.01); 1 writes SCIM requests only. */
  scimRatio?: number
  /** Stop after this many SCIM requests (the file then ends before `bytes`). */
  requests?: number
  /** How many groups people are spread over, 1 to 4 (default 2): Okta, Entra, Okta, Entra. */
  groups?: number
  /**
   * Probability that a person's next step is one that fails (a 409 or 412 create, a PATCH 404 on a deleted
   * id, a 412 deactivation), on top of the failures of the ordinary steps (default 0).
   */
  failures?: number
  /** How many people the SCIM requests are spread over (default 20000). */
  people?: number
  seed?: number
  /** Also write a gzip copy (level 6), compressed alongside the plain file. */
  gzipPath?: string
  /** Print progress to stderr. */
  progress?: boolean
}

export interface BigLogResult {
  lines: number
  scimLines: number
  /** People who had at least one SCIM request. */
  people: number
  bytes: number
}

const TEMPLATE_COUNT = 512
/** Each template gets this many precomputed duration variants (the whole middle of the line). */
const VARIANTS = 16
const BATCH_BYTES = 4 * 1024 * 1024
/** Mean time between two lines: ~1M lines cover about a day. */
const MEAN_GAP_MS = 80

const T_TIME = '"\\u0001T"'
const T_DUR = '"\\u0001D"'
const T_DB = '"\\u0001B"'
const T_VIEW = '"\\u0001V"'
const T_CID = '"\\u0001C"'

/**
 * A line with two holes: `head` + `"<time>` + middle + `<correlation id>"` + `tail`. Everything but the time
 * and the correlation id is precomputed bytes, so writing a line is a few memory copies.
 */
interface Template {
  head: Buffer
  middles: Buffer[]
  tail: Buffer
}

function fmt6(x: number): string {
  return String(Math.round(x * 1e6) / 1e6)
}

function makeTemplates(rng: Rng): Template[] {
  const templates: Template[] = []
  for (let i = 0; i < TEMPLATE_COUNT; i++) {
    const spec = otherRequest(rng, { scimMention: i % 200 === 7, unicode: i % 150 === 11 })
    const doc = buildDoc({ ...spec, timeMs: 0 }, rng)
    const durationS = Number(doc.duration_s)
    doc.time = '\u0001T'
    doc.duration_s = '\u0001D'
    doc.db_duration_s = '\u0001B'
    doc.view_duration_s = '\u0001V'
    doc.correlation_id = '\u0001C'
    const text = `${JSON.stringify(doc)}\n`
    const parts: string[] = []
    let rest = text
    for (const marker of [T_TIME, T_DUR, T_DB, T_VIEW, T_CID]) {
      const at = rest.indexOf(marker)
      if (at < 0) throw new Error(`template without ${marker}`)
      parts.push(rest.slice(0, at))
      rest = rest.slice(at + marker.length)
    }
    parts.push(rest)
    const [p0, p1, p2, p3, p4, p5] = parts as [string, string, string, string, string, string]
    const middles: Buffer[] = []
    for (let v = 0; v < VARIANTS; v++) {
      const total = durationS * (0.5 + rng.next())
      const db = total * (0.1 + 0.3 * rng.next())
      const view = (total - db) * (0.6 + 0.3 * rng.next())
      middles.push(Buffer.from(`"${p1}${fmt6(total)}${p2}${fmt6(db)}${p3}${fmt6(view)}${p4}"`, 'utf8'))
    }
    templates.push({ head: Buffer.from(`${p0}"`, 'utf8'), middles, tail: Buffer.from(`"${p5}`, 'utf8') })
  }
  return templates
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** Correlation id (ULID-like) written straight into `buf`: 10 time characters and 16 random ones. */
function writeCorrelationId(buf: Buffer, at: number, timeMs: number, rng: Rng): void {
  let t = timeMs
  for (let i = 9; i >= 0; i--) {
    buf[at + i] = CROCKFORD.charCodeAt(t % 32)
    t = Math.floor(t / 32)
  }
  for (let k = 0; k < 4; k++) {
    let r = rng.u32()
    for (let j = 0; j < 4; j++) {
      buf[at + 10 + k * 4 + j] = CROCKFORD.charCodeAt(r & 31)
      r >>>= 5
    }
  }
}

const GIVEN = [
  'James',
  'Maria',
  'Wei',
  'Aisha',
  'Liam',
  'Sofía',
  'José',
  'Zoë',
  'Søren',
  'Łukasz',
  'Chloé',
  'Mateus',
  'Priya',
  'Yuki',
  'Olumide',
  'Ingrid',
  'Ahmed',
  'Nguyễn',
  'Émile',
  'Ángel',
  'Björn',
  'Dvořák',
  'Fatima',
  'Kenji',
  'Noah',
  'Ελένη',
  'Анна',
  '李',
  'Sarah',
  'Diego',
]
const FAMILY = [
  'Smith',
  'García',
  'Müller',
  'Kowalski',
  'Nakamura',
  'Okafor',
  'Johansson',
  'Dubois',
  'Rossi',
  'Silva',
  'Patel',
  'Kim',
  'Öztürk',
  'Nørgaard',
  'Wójcik',
  'Brontë',
  'Hernández',
  'Ivanova',
  'Παπαδοπούλου',
  '王',
  'Chen',
  "O'Brien",
  'Lefèvre',
  'Jónsdóttir',
  'Ng',
  'Abara',
  'Larsen',
  'Fischer',
]

/** What happened to a person so far. */
const State = { NotSeen: 0, Active: 1, Inactive: 2, Deleted: 3 } as const

class People {
  readonly state: Uint8Array
  readonly touched: Uint8Array
  private readonly cache: (Person | undefined)[]
  touchedCount = 0

  constructor(
    readonly count: number,
    private readonly rng: Rng,
    /** One per group; person `i` is in group `i % groups.length`, whose IdP alternates Okta, Entra. */
    private readonly groups: readonly Scenario[],
    private readonly failures: number,
  ) {
    this.state = new Uint8Array(count)
    this.touched = new Uint8Array(count)
    this.cache = new Array(count)
  }

  scenarioOf(i: number): Scenario {
    return this.groups[i % this.groups.length] as Scenario
  }

  private isOkta(i: number): boolean {
    return (i % this.groups.length) % 2 === 0
  }

  get(i: number): Person {
    let p = this.cache[i]
    if (!p) {
      const given = GIVEN[i % GIVEN.length] as string
      const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length] as string
      const domain = GROUPS[i % this.groups.length]?.domain as string
      const local = `${asciiLocal(given) || 'user'}.${asciiLocal(family) || 'name'}${i}`
      p = this.scenarioOf(i).person(given, family, { email: `${local}@${domain}` })
      this.cache[i] = p
    }
    if (!this.touched[i]) {
      this.touched[i] = 1
      this.touchedCount++
    }
    return p
  }

  /** Advance person `i` by one realistic step. */
  step(i: number): void {
    if (this.failures > 0 && this.rng.next() < this.failures) {
      this.fail(i)
      return
    }
    const s = this.scenarioOf(i)
    const p = this.get(i)
    const isOkta = this.isOkta(i)
    const r = this.rng.next()
    switch (this.state[i]) {
      case State.NotSeen: {
        s.lookup(p)
        if (r < 0.9) {
          s.create(p)
          this.state[i] = State.Active
        } else if (r < 0.95) {
          s.create(p, { status: 412 })
        } else {
          s.create(p, { status: 409 })
        }
        break
      }
      case State.Active: {
        if (r < 0.55) {
          s.deactivate(p)
          this.state[i] = State.Inactive
        } else if (r < 0.8) {
          s.lookup(p)
        } else if (r < 0.9 && !isOkta) {
          s.patch(p, [entra.replaceOp('name.formatted', `${p.displayName} (${this.rng.int(1, 9)})`)])
        } else if (r < 0.97) {
          s.get(p)
        } else {
          s.deactivate(p, { status: 412 })
        }
        break
      }
      case State.Inactive: {
        if (r < 0.6 || isOkta) {
          s.reactivate(p)
          this.state[i] = State.Active
        } else if (r < 0.85) {
          s.remove(p)
          this.state[i] = State.Deleted
        } else {
          s.lookup(p)
        }
        break
      }
      case State.Deleted: {
        // Re-assigned in Entra after a hard delete: a new object id, the same email.
        p.externalId = this.rng.guid()
        s.lookup(p).create(p, { status: r < 0.5 ? 201 : 409 })
        if (r < 0.5) this.state[i] = State.Active
        break
      }
    }
  }

  /** A step that fails and leaves the person as they were. */
  private fail(i: number): void {
    const s = this.scenarioOf(i)
    const p = this.get(i)
    const r = this.rng.next()
    if (this.state[i] === State.Active) {
      if (r < 0.5) s.deactivate(p, { status: 412 })
      else s.get(p, { id: this.rng.guid(), status: 404 })
    } else if (this.state[i] === State.Inactive || this.state[i] === State.Deleted) {
      s.reactivate(p, { status: 404 })
    } else {
      s.lookup(p).create(p, { status: r < 0.5 ? 409 : 412 })
    }
  }
}

/** The groups a big log's people are spread over, in order. */
const GROUPS = [
  { group: 'hooli', domain: 'hooli.example' },
  { group: 'acme-corp', domain: 'acme.example' },
  { group: 'piedpiper', domain: 'piedpiper.example' },
  { group: 'endframe', domain: 'endframe.example' },
] as const

/** Stream a realistic `api_json.log` of about `options.bytes` bytes. Deterministic for a seed. */
export async function writeBigLog(options: BigLogOptions): Promise<BigLogResult> {
  const seed = options.seed ?? 1
  const ratio = options.scimRatio ?? 0.01
  const rng = new Rng(seed)
  const templates = makeTemplates(rng)
  const start = Date.parse('2024-05-01T00:00:00.000Z')
  const groupCount = Math.min(GROUPS.length, Math.max(1, options.groups ?? 2))
  const scenarios = GROUPS.slice(0, groupCount).map(
    ({ group, domain }, g) =>
      new Scenario({
        name: g % 2 === 0 ? 'big-okta' : 'big-entra',
        seed: seed * 31 + 1 + g,
        group,
        idp: g % 2 === 0 ? okta : entra,
        start: '2024-05-01T00:00:00Z',
        ...(g === 0 ? {} : { domain }),
      }),
  )
  const people = new People(Math.max(1, options.people ?? 20000), rng, scenarios, options.failures ?? 0)
  const onlyScim = ratio >= 1
  const requestLimit = options.requests ?? Number.POSITIVE_INFINITY

  const file = await open(options.path, 'w')
  const gz = options.gzipPath ? createGzip({ level: 6 }) : undefined
  const gzOut = options.gzipPath ? createWriteStream(options.gzipPath) : undefined
  if (gz && gzOut) gz.pipe(gzOut)

  const began = process.hrtime.bigint()
  let nextReport = 64 * 1024 * 1024
  let clock = start
  let lines = 0
  let scimLines = 0
  let bytes = 0
  let out = Buffer.allocUnsafe(BATCH_BYTES)
  let off = 0
  let done = false
  // The time text changes only in its milliseconds most of the time: cache the part up to the second.
  let second = -1
  let timePrefix = ''

  const flush = async () => {
    if (off === 0) return
    const chunk = out.subarray(0, off)
    // A fresh buffer per batch: the gzip stream may still hold the previous one.
    out = Buffer.allocUnsafe(BATCH_BYTES)
    off = 0
    await file.write(chunk)
    if (gz && !gz.write(chunk)) await once(gz, 'drain')
    if (options.progress && bytes >= nextReport) {
      const s = Number(process.hrtime.bigint() - began) / 1e9
      process.stderr.write(
        `big: ${(bytes / 1048576).toFixed(0)} / ${(options.bytes / 1048576).toFixed(0)} MiB, ${lines} lines, ${s.toFixed(1)} s\n`,
      )
      while (nextReport <= bytes) nextReport += 64 * 1024 * 1024
    }
  }

  try {
    while (!done) {
      if (scimLines >= requestLimit) break
      if (onlyScim || (scimLines < ratio * lines && rng.next() < 0.35)) {
        const i = rng.int(0, people.count - 1)
        const s = people.scenarioOf(i)
        s.atMs(clock)
        people.step(i)
        for (const doc of s.drain()) {
          const line = `${JSON.stringify(doc)}\n`
          const size = Buffer.byteLength(line)
          if (bytes + size > options.bytes || scimLines >= requestLimit) {
            done = true
            break
          }
          if (off + size > out.length) await flush()
          out.write(line, off, 'utf8')
          off += size
          bytes += size
          lines++
          scimLines++
        }
        clock = Math.max(clock, s.now())
      } else {
        const r = rng.u32()
        const t = templates[r & (TEMPLATE_COUNT - 1)] as Template
        const middle = t.middles[(r >>> 16) & (VARIANTS - 1)] as Buffer
        clock += Math.floor(rng.next() * 2 * MEAN_GAP_MS)
        const size = t.head.length + 24 + middle.length + 26 + t.tail.length
        if (bytes + size > options.bytes) break
        if (off + size > out.length) await flush()
        const sec = Math.floor(clock / 1000)
        if (sec !== second) {
          second = sec
          timePrefix = new Date(sec * 1000).toISOString().slice(0, 20)
        }
        off += t.head.copy(out, off)
        off += out.write(timePrefix, off, 'latin1')
        const ms = clock - sec * 1000
        out[off++] = 48 + Math.floor(ms / 100)
        out[off++] = 48 + (Math.floor(ms / 10) % 10)
        out[off++] = 48 + (ms % 10)
        out[off++] = 90 // Z
        off += middle.copy(out, off)
        writeCorrelationId(out, off, clock, rng)
        off += 26
        off += t.tail.copy(out, off)
        bytes += size
        lines++
      }
    }
    await flush()
  } finally {
    await file.close()
    if (gz && gzOut) {
      gz.end()
      await finished(gzOut)
    }
  }
  if (options.progress) {
    const s = Number(process.hrtime.bigint() - began) / 1e9
    process.stderr.write(
      `big: wrote ${options.path}: ${bytes} bytes, ${lines} lines (${scimLines} SCIM, ${people.touchedCount} people) in ${s.toFixed(1)} s (${(bytes / 1048576 / s).toFixed(0)} MiB/s)\n`,
    )
  }
  return { lines, scimLines, people: people.touchedCount, bytes }
}
