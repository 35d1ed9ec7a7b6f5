/**
 * A dense `api_json.log` for the explorer's bench: only SCIM requests (exactly `requests` of them), spread over
 * `people` people in two groups (Okta and Entra), and one person who gets about `focus` requests, so the bench
 * can open a timeline of that length. Deterministic for a seed; written in batches, never held whole.
 *
 * The requests come from the scenario builder (`samples/generator/dsl.ts`): lookups, creates (some 409 and
 * 412), gets, renames, deactivations, reactivations and deletes, in an order a provider could send them.
 */
import { open } from 'node:fs/promises'
import { Scenario } from '../samples/generator/dsl.js'
import { entra, okta, type Person } from '../samples/generator/idp.js'
import { Rng } from '../samples/generator/prng.js'

export interface DenseLogOptions {
  path: string
  requests: number
  people: number
  /** About how many requests the first person gets (default 120). */
  focus?: number
  seed?: number
}

export interface DenseLogResult {
  bytes: number
  requests: number
  /** The email of the person with about `focus` requests. */
  focusEmail: string
}

const NOT_SEEN = 0
const ACTIVE = 1
const INACTIVE = 2
const BATCH_BYTES = 4 * 1024 * 1024

export async function writeDenseLog(options: DenseLogOptions): Promise<DenseLogResult> {
  const seed = options.seed ?? 1
  const rng = new Rng(seed)
  const start = '2026-11-01T00:00:00Z'
  const scenarios = [
    new Scenario({ name: 'dense-okta', seed: seed * 7 + 1, group: 'hooli', idp: okta, start }),
    new Scenario({
      name: 'dense-entra',
      seed: seed * 7 + 2,
      group: 'acme-corp',
      idp: entra,
      start,
      domain: 'acme.example',
    }),
  ] as const
  const count = options.people
  const state = new Uint8Array(count)
  const cache: (Person | undefined)[] = new Array(count)
  const personOf = (i: number): Person => {
    let p = cache[i]
    if (!p) {
      const scenario = scenarios[i % 2] as Scenario
      p = scenario.person('User', `N${i}`, { email: `user${i}@${i % 2 === 0 ? 'hooli' : 'acme'}.example` })
      cache[i] = p
    }
    return p
  }
  // Each step is one or two requests: the focus person needs about focus/1.5 steps out of requests/1.5.
  const focusShare = (options.focus ?? 120) / options.requests
  const file = await open(options.path, 'w')
  let out = ''
  let bytes = 0
  let written = 0
  let clock = Date.parse(start)
  try {
    while (written < options.requests) {
      const i = rng.next() < focusShare ? 0 : rng.int(0, count - 1)
      const s = scenarios[i % 2] as Scenario
      const p = personOf(i)
      const r = rng.next()
      clock += rng.int(1, 400)
      s.atMs(clock)
      switch (state[i]) {
        case NOT_SEEN:
          s.lookup(p)
          if (r < 0.9) {
            s.create(p)
            state[i] = ACTIVE
          } else s.create(p, { status: r < 0.95 ? 412 : 409 })
          break
        case ACTIVE:
          if (r < 0.3) {
            s.deactivate(p)
            state[i] = INACTIVE
          } else if (r < 0.6) s.lookup(p)
          else if (r < 0.8) s.get(p)
          else if (r < 0.95 && i % 2 === 1)
            s.patch(p, [entra.replaceOp('name.formatted', `User N${i} (${rng.int(1, 9)})`)])
          else s.deactivate(p, { status: 412 })
          break
        case INACTIVE:
          if (r < 0.7) {
            s.reactivate(p)
            state[i] = ACTIVE
          } else if (r < 0.8 && i % 2 === 1) {
            s.remove(p)
            state[i] = NOT_SEEN
            p.externalId = rng.guid()
          } else s.lookup(p)
          break
      }
      for (const doc of s.drain()) {
        if (written >= options.requests) break
        out += `${JSON.stringify(doc)}\n`
        written++
      }
      clock = Math.max(clock, s.now())
      if (out.length >= BATCH_BYTES) {
        bytes += Buffer.byteLength(out)
        await file.write(out)
        out = ''
      }
    }
    bytes += Buffer.byteLength(out)
    await file.write(out)
  } finally {
    await file.close()
  }
  return { bytes, requests: written, focusEmail: personOf(0).email }
}
