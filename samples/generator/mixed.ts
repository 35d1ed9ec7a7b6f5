/**
 * `mixed/api_json.log`: a SCIM lifecycle inside ordinary API traffic, with the malformed lines a real
 * log can hold. Returns the bytes and the accounting scimtrace must report for them.
 */
import { Scenario } from './dsl.js'
import { okta } from './idp.js'
import { buildDoc, type LogDoc } from './logline.js'
import { otherRequest } from './other.js'
import { hashSeed, Rng } from './prng.js'

export type MixedSkipReason = 'invalid-json' | 'binary' | 'too-long' | 'bad-field-type'

export interface MixedExpected {
  lines: number
  scim: number
  other: number
  skipped: Record<MixedSkipReason, number>
}

export interface MixedSample {
  data: Buffer
  expected: MixedExpected
  /** 1-based line numbers of each special line, for the README. */
  where: Record<string, number>
}

/** GitLab's params sentinel (reference §1.3) */
const TRUNCATED = { key: 'truncated', value: '...' }

export function mixedSample(): MixedSample {
  const s = new Scenario({ name: 'mixed', group: 'hooli-labs', idp: okta, start: '2024-05-14T08:05:00Z' })
  const rng = new Rng(hashSeed('mixed/other'))
  const people = [s.person('Jared', 'Dunn'), s.person('Carla', 'Walton'), s.person('Big', 'Head')]
  const [jared, carla, big] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]]
  s.lookup(jared).create(jared)
  s.wait('47m').lookup(carla).create(carla)
  // Okta sends its whole group list; GitLab logged the first 10 KB of params and the sentinel.
  s.wait('52m')
    .lookup(big)
    .create(big, {
      body: (b) => ({
        ...b,
        groups: Array.from({ length: 600 }, (_, i) => `hooli-labs-team-${String(i).padStart(3, '0')}`),
      }),
    })
  s.wait('1h10m').deactivate(carla)
  // A deactivation whose Operations arrived JSON-encoded as a string.
  s.wait('38m').deactivate(jared)
  s.wait('1h').reactivate(carla)
  // A displayName carrying a terminal escape sequence.
  const mallory = s.person('Mallory', 'Evil', { email: 'mallory@hooli-labs.example' })
  s.wait('25m')
    .lookup(mallory)
    .create(mallory, {
      body: (b) => ({ ...b, displayName: '\u001b[31mMallory\u001b[0m Evil\u001b]0;pwned\u0007' }),
    })
  s.wait('1h').reactivate(jared)

  const scimDocs: LogDoc[] = s.docs.map((doc) => ({ ...doc }))
  // Post-process the two special lines in place (they are SCIM requests all the same).
  const bigCreate = scimDocs[5] as LogDoc
  truncateParams(bigCreate)
  const encoded = scimDocs[7] as LogDoc
  encoded.params = (encoded.params as { key: string; value: unknown }[]).map((p) =>
    p.key === 'Operations' ? { key: p.key, value: JSON.stringify(p.value) } : p,
  )

  // Ordinary traffic spread over the same hours.
  const first = Date.parse(String(scimDocs[0]?.time)) - 4 * 60_000
  const last = Date.parse(String(scimDocs[scimDocs.length - 1]?.time)) + 3 * 60_000
  const otherDocs: LogDoc[] = []
  const OTHER = 64
  const mentions = new Set([5, 19, 33, 41, 58])
  for (let i = 0; i < OTHER; i++) {
    const timeMs = Math.round(first + ((last - first) * (i + rng.float(0.1, 0.9))) / OTHER)
    const spec = otherRequest(rng, { scimMention: mentions.has(i), unicode: i === 27 })
    otherDocs.push(buildDoc({ ...spec, timeMs }, rng))
  }
  const merged = [
    ...scimDocs.map((d) => ({ doc: d, scim: true })),
    ...otherDocs.map((d) => ({ doc: d, scim: false })),
  ]
  merged.sort((a, b) => String(a.doc.time).localeCompare(String(b.doc.time)))

  const lines: Buffer[] = merged.map((m) => Buffer.from(JSON.stringify(m.doc), 'utf8'))
  const specials = new Map<Buffer, string>()
  const special = (name: string, line: Buffer, at: number) => {
    lines.splice(at, 0, line)
    specials.set(line, name)
  }
  /** Just after the line that will precede position `at`, so the file stays in time order. */
  const timeBefore = (at: number): number => {
    for (let i = at - 1; i >= 0; i--) {
      try {
        return Date.parse(JSON.parse((lines[i] as Buffer).toString('utf8')).time) + 1
      } catch {}
    }
    return first
  }
  const scimLine = (at: number, status: unknown, params: unknown, extra: Record<string, unknown> = {}) => {
    const doc = buildDoc(
      {
        timeMs: timeBefore(at),
        status: 200,
        method: 'GET',
        path: '/api/scim/v2/groups/hooli-labs/Users',
        params: [],
        remoteIp: okta.ip,
        ua: okta.ua,
        route: '/api/scim/:version/groups/:group/Users',
        featureCategory: 'system_access',
        rootNamespace: 'hooli-labs',
      },
      rng,
    )
    doc.status = status
    doc.params = params
    if (typeof extra.method === 'string') doc['meta.caller_id'] = `${extra.method} ${String(doc.route)}`
    return JSON.stringify({ ...doc, ...extra })
  }
  // A SCIM line cut off mid-write (valid UTF-8, not valid JSON).
  const full = scimLine(12, 200, [{ key: 'filter', value: 'userName eq "someone@hooli-labs.example"' }])
  special('truncated JSON', Buffer.from(full.slice(0, Math.floor(full.length * 0.6)), 'utf8'), 12)
  // Binary garbage after a SCIM-looking start: NUL bytes and invalid UTF-8.
  const garbage = Buffer.alloc(96)
  for (let i = 0; i < garbage.length; i++) {
    let b = rng.int(0, 255)
    if (b === 0x0a) b = 0
    garbage[i] = b
  }
  garbage[0] = 0
  garbage[1] = 0xff
  garbage[2] = 0xfe
  const binaryAt = Math.floor(lines.length / 3)
  const binaryStart = scimLine(binaryAt, 201, [], { method: 'POST' })
  special(
    'binary',
    Buffer.concat([Buffer.from(binaryStart.slice(0, binaryStart.indexOf('"params"')), 'utf8'), garbage]),
    binaryAt,
  )
  // One very long line (> 1 MiB) that is a SCIM request.
  const longAt = Math.floor(lines.length / 2)
  const long = scimLine(longAt, 201, [{ key: 'displayName', value: 'x'.repeat(1_200_000) }], {
    method: 'POST',
  })
  special('too long (> 1 MiB)', Buffer.from(long, 'utf8'), longAt)
  // Known fields with the wrong type, on SCIM paths.
  special(
    'status "abc"',
    Buffer.from(scimLine(40, 'abc', [{ key: 'filter', value: 'userName eq "a@b.c"' }])),
    40,
  )
  special('params "x"', Buffer.from(scimLine(52, 200, 'x')), 52)
  special('blank', Buffer.alloc(0), 60)

  const data = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]))
  return {
    data,
    expected: {
      lines: lines.length,
      scim: scimDocs.length,
      other: otherDocs.length + 1,
      skipped: { 'invalid-json': 1, binary: 1, 'too-long': 1, 'bad-field-type': 2 },
    },
    where: {
      ...Object.fromEntries([...specials].map(([line, name]) => [name, lines.indexOf(line) + 1])),
      ...scimSpecials(lines),
    },
  }
}

/** Where the special (but valid) SCIM lines ended up. */
function scimSpecials(lines: Buffer[]): Record<string, number> {
  const out: Record<string, number> = {}
  lines.forEach((line, i) => {
    const text = line.toString('utf8')
    if (text.includes('{"key":"truncated","value":"..."}')) out['params truncated sentinel'] = i + 1
    if (text.includes('"key":"Operations","value":"[')) out['Operations as a JSON string'] = i + 1
    if (text.includes('\\u001b[31m')) out['terminal escape in displayName'] = i + 1
  })
  return out
}

/** Keep params until their JSON passes 10 KB, then append the sentinel (`log_limited_array.rb`). */
function truncateParams(doc: LogDoc): void {
  const params = doc.params as { key: string; value: unknown }[]
  const kept: { key: string; value: unknown }[] = []
  let size = 0
  for (const p of params) {
    size += JSON.stringify(p).length
    if (size > 10_000) {
      kept.push(TRUNCATED)
      break
    }
    kept.push(p)
  }
  doc.params = kept
}
