import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMANDS } from '../../src/cli/commands/index.js'
import { shouldPrestartReadWorker, startupPlan } from '../../src/cli/startup.js'
import { WORKER_MIN_BYTES } from '../../src/sources/index.js'

let dir: string
let big: string
let small: string
let folder: string
const twoThreads = { SCIMTRACE_READ_WORKERS: '2' }

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scimtrace-prestart-'))
  big = join(dir, 'api_json.log')
  small = join(dir, 'small.log')
  folder = join(dir, 'logs')
  writeFileSync(big, '')
  truncateSync(big, WORKER_MIN_BYTES) // sparse: big on paper, nothing on disk
  writeFileSync(small, '{}\n')
  mkdirSync(folder)
  writeFileSync(join(folder, 'a.log'), '{}\n')
  writeFileSync(join(folder, 'b.log'), '')
  truncateSync(join(folder, 'b.log'), WORKER_MIN_BYTES + 1)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('starting the read worker before yargs loads', () => {
  it('happens for a reading command given a big file or a folder holding one', () => {
    expect(shouldPrestartReadWorker(['report', '--format', 'json', big], twoThreads)).toBe(true)
    expect(shouldPrestartReadWorker(['search', '--value', 'x', folder], twoThreads)).toBe(true)
    expect(shouldPrestartReadWorker(['timeline', 'jane', small, big], twoThreads)).toBe(true)
  })

  it('does not happen for small inputs, stdin, help, version or other arguments', () => {
    expect(shouldPrestartReadWorker(['report', small], twoThreads)).toBe(false)
    expect(shouldPrestartReadWorker(['report'], twoThreads)).toBe(false)
    expect(shouldPrestartReadWorker(['report', '-'], twoThreads)).toBe(false)
    expect(shouldPrestartReadWorker(['report', '--help', big], twoThreads)).toBe(false)
    expect(shouldPrestartReadWorker(['--version', 'report', big], twoThreads)).toBe(false)
    expect(shouldPrestartReadWorker(['report', join(dir, 'missing.log')], twoThreads)).toBe(false)
  })

  it('follows SCIMTRACE_READ_WORKERS: fewer than two threads means no worker', () => {
    expect(shouldPrestartReadWorker(['report', big], { SCIMTRACE_READ_WORKERS: '0' })).toBe(false)
    expect(shouldPrestartReadWorker(['report', big], { SCIMTRACE_READ_WORKERS: '1' })).toBe(false)
    expect(shouldPrestartReadWorker(['report', big], { SCIMTRACE_READ_WORKERS: '3' })).toBe(true)
  })
})

describe('start-up tuning chosen by the command', () => {
  const behaviourOf = (name: string) => {
    const definition = COMMANDS.find((command) => command.command.split(' ')[0] === name)
    if (!definition) throw new Error(`no command ${name}`)
    return definition.behaviour
  }

  it('tunes batch commands: the interrupt budget flag only, the read worker for a big input', () => {
    const plan = startupPlan(behaviourOf('report'), ['report', big], twoThreads)
    expect(plan.prestart).toBe(true)
    // The GC flags were re-measured and dropped (issue #9): only the interrupt budget is left, on V8 11.
    expect(plan.flags.every((flag) => flag === '--interrupt-budget=1000000')).toBe(true)
    expect(startupPlan(behaviourOf('timeline'), ['timeline', 'jane', small], twoThreads).prestart).toBe(false)
  })

  it('gives the explorer the flags but no early worker, and leaves commands without inputs on V8 defaults', () => {
    const tui = startupPlan(behaviourOf('tui'), ['tui', big], twoThreads)
    expect(tui.prestart).toBe(false)
    expect(tui.flags).toEqual(startupPlan(behaviourOf('report'), ['report', big], twoThreads).flags)
    expect(startupPlan(behaviourOf('query'), ['query'], twoThreads)).toEqual({ flags: [], prestart: false })
  })

  it('sets the interrupt budget only on V8 11 (Node 20), where it was measured', () => {
    const flags = startupPlan(behaviourOf('users'), ['users', small], twoThreads).flags
    const v8 = Number(process.versions.v8.split('.')[0])
    expect(flags.includes('--interrupt-budget=1000000')).toBe(v8 <= 11)
  })
})
