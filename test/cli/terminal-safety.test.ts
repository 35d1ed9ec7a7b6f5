/**
 * D12 and D19 of the reliability probe: C1 controls, DEL, U+2028/9, bidi overrides and isolates, zero-width
 * characters, tag characters and directional marks in any field never reach the terminal as themselves: in
 * every command and format, JSON on a terminal included (run on a pseudo-terminal with script(1)); and a
 * hostile file name in a directory is escaped in SCIMTRACE_DEBUG's lines.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, scimtrace } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'scimtrace-tty-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const PAYLOADS = [
  '\u0085',
  '\u009b2J',
  '\u009d0;PWNED\u009c',
  '\u007f',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u{e0041}\u{e007f}',
]
/** What must not appear raw in any output. */
const UNSAFE =
  /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u{e0000}-\u{e007f}]/u

const hostile = (base: string) => `${base}${PAYLOADS.join('')}x`
const g = '/api/scim/v2/groups/g/Users'
const lines = [
  {
    time: '2024-05-14T09:00:00Z',
    status: 201,
    method: 'POST',
    path: g,
    params: [
      { key: 'userName', value: hostile('jane') },
      { key: 'externalId', value: 'x1' },
      { key: 'emails', value: [{ primary: true, type: 'work', value: hostile('jane@hooli.example') }] },
      { key: 'name', value: { givenName: hostile('Jane'), familyName: hostile('Doe') } },
      { key: 'nickName', value: hostile('nick') },
    ],
    ua: hostile('Okta'),
  },
  {
    time: '2024-05-14T09:01:00Z',
    status: 409,
    method: 'POST',
    path: g,
    params: [
      { key: 'userName', value: hostile('jane') },
      { key: 'externalId', value: hostile('x2') },
    ],
  },
  {
    time: '2024-05-14T09:02:00Z',
    status: 204,
    method: 'PATCH',
    path: `${g}/x1`,
    params: [{ key: 'Operations', value: [{ op: 'replace', path: 'displayName', value: hostile('New') }] }],
  },
]
const file = join(dir, 'hostile.log')
writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)

const RUNS: string[][] = [
  ['users'],
  ['users', '-f', 'json'],
  ['users', '-f', 'ndjson'],
  ['search'],
  ['search', '-f', 'json'],
  ['search', '-f', 'ndjson'],
  ['timeline', 'x1'],
  ['timeline', 'x1', '-f', 'json'],
  ['explain', 'x1'],
  ['explain', 'x1', '-f', 'json'],
  ['report'],
  ['report', '-f', 'markdown'],
  ['report', '-f', 'json'],
]

function firstUnsafe(text: string): string | undefined {
  const match = UNSAFE.exec(text)
  return match ? `U+${(match[0].codePointAt(0) as number).toString(16)} at ${match.index}` : undefined
}

describe('invisible and directional characters in a pipe (D12)', () => {
  it.each(RUNS)('%s %s %s %s', (...args) => {
    const result = scimtrace([...args, '--color', 'always', file])
    expect(result.code).toBe(0)
    expect(result.stdout.length).toBeGreaterThan(0)
    expect(firstUnsafe(result.stdout)).toBeUndefined()
    expect(firstUnsafe(result.stderr)).toBeUndefined()
  })
})

describe('invisible and directional characters on a terminal (D12)', () => {
  it.each(RUNS.filter((args) => args.includes('json')))('%s %s %s %s', (...args) => {
    const command = `'${process.execPath}' '${BIN}' ${args.join(' ')} '${file}'`
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8' })
    if (tty.error) throw new Error(`script(1) is needed for this test: ${tty.error.message}`)
    const text = tty.stdout.replaceAll('\r\n', '\n')
    expect(text).toContain('\n  ') // indented: it did see a terminal
    expect(firstUnsafe(text)).toBeUndefined()
    // Escaped, not dropped: the JSON still holds the values.
    expect(text).toContain('\\u202e')
  })
})

describe('hostile file names in SCIMTRACE_DEBUG lines (D19)', () => {
  it('are escaped', () => {
    const logs = join(dir, 'logs')
    mkdirSync(logs)
    writeFileSync(join(logs, 'api_json.log'), `${JSON.stringify(lines[0])}\n`)
    writeFileSync(join(logs, '\u001b]0;PWNED\u0007\u001b[2J\u202ex.txt'), 'x\n')
    const result = scimtrace(['users', logs], { env: { SCIMTRACE_DEBUG: '1' } })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('debug: ignoring 1 entries')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for raw escapes is the point
    expect(result.stderr).not.toMatch(/[\u0007\u001b\u202e]/)
    expect(result.stderr).toContain('\\x1b]0;PWNED\\x07')
  })
})
