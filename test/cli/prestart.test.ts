import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shouldPrestartReadWorker } from '../../src/cli/prestart.js'
import { WORKER_MIN_BYTES } from '../../src/sources/apiLog/workerStart.js'

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
    expect(shouldPrestartReadWorker([big], twoThreads)).toBe(false) // no command
    expect(shouldPrestartReadWorker(['report', join(dir, 'missing.log')], twoThreads)).toBe(false)
  })

  it('follows SCIMTRACE_READ_WORKERS: fewer than two threads means no worker', () => {
    expect(shouldPrestartReadWorker(['report', big], { SCIMTRACE_READ_WORKERS: '0' })).toBe(false)
    expect(shouldPrestartReadWorker(['report', big], { SCIMTRACE_READ_WORKERS: '1' })).toBe(false)
    expect(shouldPrestartReadWorker(['report', big], { SCIMTRACE_READ_WORKERS: '3' })).toBe(true)
  })
})
