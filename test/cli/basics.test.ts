import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../src/cli/commands/index.js'
import { BIN, ROOT, scimtrace } from './run.js'

describe('scimtrace basics', () => {
  it('prints its version', () => {
    const result = scimtrace(['--version'])
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it.each(['search', 'users', 'timeline', 'explain', 'report'])(
    '%s --help shows options and examples',
    (command) => {
      const result = scimtrace([command, '--help'])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(`scimtrace ${command}`)
      expect(result.stdout).toContain('Examples:')
      expect(result.stdout).toContain('--input-format')
    },
  )

  it('top-level help lists every command and the exit codes', () => {
    const result = scimtrace(['--help'])
    expect(result.code).toBe(0)
    for (const command of ['search', 'users', 'timeline', 'explain', 'report'])
      expect(result.stdout).toContain(command)
    expect(result.stdout).toContain('Exit codes')
  })

  it("top-level and command help show each command's one description, from its definition", () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ')
    const top = flat(scimtrace(['--help']).stdout)
    for (const definition of COMMANDS) {
      expect(top).toContain(`scimtrace ${definition.command} ${definition.describe}`)
      const own = flat(scimtrace([definition.command.split(' ')[0] ?? '', '--help']).stdout)
      expect(own).toContain(definition.describe)
    }
  })

  it('an unknown option is one error line and exit 2, never a stack trace', () => {
    const result = scimtrace(['users', '--bogus-option', 'samples/okta-lifecycle'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^scimtrace: .*bogus-option/m)
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/)
  })

  it('a bad value is a usage error naming the option', () => {
    const result = scimtrace(['search', '--status', 'abc', 'samples/okta-lifecycle'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--status')
    const since = scimtrace(['search', '--since', 'yesterday-ish', 'samples/okta-lifecycle'])
    expect(since.code).toBe(2)
    expect(since.stderr).toContain('--since')
  })

  it('a missing file is one clear line and exit 3', () => {
    const result = scimtrace(['users', 'does/not/exist.log'])
    expect(result.code).toBe(3)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toContain('does/not/exist.log')
  })

  it('reads stdin when no inputs are given and stdin is piped', () => {
    const line = JSON.stringify({
      time: '2024-05-14T09:12:04.118Z',
      status: 201,
      method: 'POST',
      path: '/api/scim/v2/groups/acme/Users',
      params: [
        { key: 'externalId', value: '00uSTDIN0000000000a' },
        { key: 'userName', value: 'pipe@acme.example' },
        { key: 'emails', value: [{ type: 'work', primary: true, value: 'pipe@acme.example' }] },
        { key: 'name', value: { givenName: 'Pipe', familyName: 'Line' } },
      ],
      ua: 'Okta SCIM Client 1.0.0',
    })
    const result = scimtrace(['users', '--format', 'json'], { input: `${line}\n` })
    expect(result.code).toBe(0)
    const people = JSON.parse(result.stdout)
    expect(people).toHaveLength(1)
    expect(people[0].emails).toEqual(['pipe@acme.example'])
    expect(people[0].state).toBe('provisioned')
    expect(result.stderr).toMatch(/read 1 lines .* 1 SCIM requests/)
  })

  it('warns when a file is neither an API log nor an export, and still accounts for its lines', () => {
    const result = scimtrace(['users', 'README.md'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain("warning: 'README.md' does not look like an api_json.log")
    expect(result.stderr).toMatch(/read \d+ lines .* 0 SCIM requests/)
  })
})

describe('JSON output', () => {
  const INACTIVE = 'samples/errors/inactive-identity.log'

  it.each([
    ['report', '--format', 'json', INACTIVE],
    ['explain', 'jian.yang@hooli.example', '--format', 'json', INACTIVE],
    ['users', '--format', 'json', INACTIVE],
    ['search', '--format', 'json', INACTIVE],
  ])('%s --format json into a pipe is compact: one line', (...args) => {
    const result = scimtrace([...args, '-q'])
    expect(result.code).toBe(0)
    expect(result.stdout.endsWith('\n')).toBe(true)
    expect(result.stdout.trimEnd()).not.toContain('\n')
    expect(JSON.parse(result.stdout)).toBeTruthy()
  })

  it('is indented on a terminal', () => {
    // `script` runs the command on a pseudo-terminal (it writes CRLF line ends).
    const command = `'${process.execPath}' '${BIN}' report --format json -q ${INACTIVE}`
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8' })
    if (tty.error) throw new Error(`script(1) is needed for this test: ${tty.error.message}`)
    const text = tty.stdout.replaceAll('\r\n', '\n')
    expect(text.startsWith('{\n  "summary": {\n')).toBe(true)
    expect(JSON.parse(text)).toEqual(
      JSON.parse(scimtrace(['report', '--format', 'json', '-q', INACTIVE]).stdout),
    )
  })
})

describe('SCIMTRACE_TIMINGS', () => {
  it('prints when each stage of a run ended, on stderr, in order', () => {
    const result = scimtrace(['report', '--format', 'json', '-q', 'samples/errors/inactive-identity.log'], {
      env: { SCIMTRACE_TIMINGS: '1' },
    })
    expect(result.code).toBe(0)
    const line = result.stderr.split('\n').find((l) => l.startsWith('timings: '))
    expect(line).toBeDefined()
    const marks = [...(line ?? '').matchAll(/(\w+) (\d+) ms \(\+(\d+)\)/g)]
    expect(marks.map((m) => m[1])).toEqual(['modules', 'read', 'timelines', 'diagnosis', 'output', 'done'])
    const at = marks.map((m) => Number(m[2]))
    expect([...at].sort((a, b) => a - b)).toEqual(at)
    expect(JSON.parse(result.stdout)).toHaveProperty('summary')
  })

  it('prints nothing without it', () => {
    const result = scimtrace(['report', '--format', 'json', 'samples/errors/inactive-identity.log'])
    expect(result.stderr).not.toContain('timings:')
  })
})
