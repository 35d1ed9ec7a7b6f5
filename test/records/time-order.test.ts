import { describe, expect, it } from 'vitest'
import { TimeOrder } from '../../src/records/time-order.js'
import type { ScimRecord } from '../../src/records/types.js'
import { record } from './helpers.js'

const T0 = Date.parse('2024-05-14T09:00:00Z')

/** A record of `source` at T0 + `seconds`, tagged with `tag` in its status for the assertions. */
function at(seconds: number, tag: number, source = 'a.log'): ScimRecord {
  const r = record({ time: new Date(T0 + seconds * 1000).toISOString(), status: tag })
  r.origin = { source, line: tag }
  return r
}

function run(records: ScimRecord[], keep: (r: ScimRecord) => boolean = () => true) {
  const out: number[] = []
  const emittedBefore: number[] = []
  const order = new TimeOrder((r) => out.push(r.status as number))
  for (const r of records) {
    order.add(r, keep(r))
    emittedBefore.push(out.length)
  }
  const tallies = order.end()
  return { out, tallies, emittedBefore }
}

describe('TimeOrder', () => {
  it('hands on records of an input in time order while it is still being read', () => {
    // Ten minutes of requests, one every 10 s, with neighbours swapped as concurrent workers write them.
    const records: ScimRecord[] = []
    for (let i = 0; i < 60; i += 2) records.push(at((i + 1) * 10, i + 1), at(i * 10, i))
    const { out, tallies, emittedBefore } = run(records)
    expect(out).toEqual(Array.from({ length: 60 }, (_, i) => i))
    // The first ones left once the input was a minute past them, long before it ended.
    expect(emittedBefore[20]).toBeGreaterThan(0)
    expect(emittedBefore[records.length - 1]).toBeGreaterThan(40)
    expect(tallies).toEqual([{ source: 'a.log', late: 0 }])
  })

  it('keeps equal times in reading order', () => {
    const { out } = run([at(5, 3), at(5, 1), at(5, 2), at(0, 0)])
    expect(out).toEqual([0, 3, 1, 2])
  })

  it('moves time forward with records it does not keep, so a rare match does not wait for the end', () => {
    const records = [at(0, 1), ...Array.from({ length: 10 }, (_, i) => at(30 * (i + 1), 100 + i))]
    const { out, emittedBefore } = run(records, (r) => r.status === 1)
    expect(out).toEqual([1])
    expect(emittedBefore[2]).toBe(1) // released at T0 + 60 s, as the third record is read
  })

  it('sorts an input that starts going back in time (an export, newest first) when it ends', () => {
    const records = Array.from({ length: 20 }, (_, i) => at((20 - i) * 30, 20 - i))
    const { out, tallies, emittedBefore } = run(records)
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(emittedBefore[records.length - 1]).toBe(0)
    expect(tallies[0]?.late).toBe(0)
  })

  it('hands on at once, and counts, a record later than the window', () => {
    const records = [at(0, 0), at(120, 2), at(240, 3), at(10, 1), at(300, 4)]
    const { out, tallies } = run(records)
    expect(out).toEqual([0, 2, 1, 3, 4])
    expect(tallies).toEqual([{ source: 'a.log', late: 1 }])
  })

  it('orders each input on its own, in the order the inputs are read', () => {
    const records = [at(100, 10, 'new.log'), at(0, 11, 'new.log'), at(50, 1, 'old.log'), at(40, 0, 'old.log')]
    const { out, tallies } = run(records)
    expect(out).toEqual([11, 10, 0, 1])
    expect(tallies.map((t) => t.source)).toEqual(['new.log', 'old.log'])
  })

  it('hands on what waits when reading pauses, and counts what then comes earlier as late', () => {
    const out: number[] = []
    const order = new TimeOrder((r) => out.push(r.status as number))
    order.add(at(10, 1), true)
    order.add(at(5, 0), true)
    order.idle()
    expect(out).toEqual([0, 1])
    order.add(at(8, 2), true) // earlier than what was handed on: late, whenever it goes
    order.add(at(20, 3), true)
    expect(out).toEqual([0, 1])
    expect(order.end()).toEqual([{ source: 'a.log', late: 1 }])
    expect(out).toEqual([0, 1, 2, 3])
  })

  it('does not hand on an input that goes back in time when reading pauses', () => {
    const out: number[] = []
    const order = new TimeOrder((r) => out.push(r.status as number))
    order.add(at(600, 2), true)
    order.add(at(100, 1), true)
    order.idle()
    expect(out).toEqual([])
    order.end()
    expect(out).toEqual([1, 2])
  })

  it('a short input (under the window) comes out sorted at its end', () => {
    const { out, tallies } = run([at(3, 3), at(1, 1), at(2, 2)])
    expect(out).toEqual([1, 2, 3])
    expect(tallies[0]).toEqual({ source: 'a.log', late: 0 })
  })
})
