/**
 * While the explorer owns the screen, what the sources write to stderr (a cluster's "N documents match") is
 * kept and written once the screen is restored, in order; before and after it goes straight through.
 */
import { PassThrough } from 'node:stream'
import { expect, it } from 'vitest'
import { heldStderr } from '../../src/cli/commands/tui.js'

it('holds stderr while the explorer runs and writes what it kept afterwards', () => {
  const real = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough
  Object.assign(real, { isTTY: true, columns: 90 })
  const written: string[] = []
  real.on('data', (chunk: Buffer) => written.push(chunk.toString()))
  const held = heldStderr(real)
  expect(held.stream.isTTY).toBe(true)
  expect(held.stream.columns).toBe(90)
  held.stream.write('before\n')
  held.hold()
  let called = false
  held.stream.write('elasticsearch: 12 documents match\n', () => {
    called = true
  })
  held.stream.write('second\n')
  expect(written).toEqual(['before\n'])
  expect(called).toBe(true)
  held.release()
  held.stream.write('after\n')
  expect(written).toEqual(['before\n', 'elasticsearch: 12 documents match\n', 'second\n', 'after\n'])
})
