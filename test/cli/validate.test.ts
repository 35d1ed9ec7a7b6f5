/**
 * D13, D17 and D18 of the reliability probe: usage that was silently accepted and changed what was read or
 * matched. Each is now an error with exit 2 (or, for `-` and `--`, read as asked).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkArgs } from '../../src/cli/validate.js'
import { scimtrace } from './run.js'

const ENTRA = 'samples/entra-lifecycle/api_json.log'
const OKTA = 'samples/okta-lifecycle/api_json.log'
const entra = readFileSync(ENTRA)

describe('stdin and names after -- (D13)', () => {
  it('reads - alongside files', () => {
    const result = scimtrace(['users', '-', OKTA], { input: entra })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('from 2 inputs')
    expect(result.stdout).toContain('carla.walton@acme.example') // from stdin (Entra)
    expect(result.stdout).toContain('monica.hall@hooli.example') // from the file (Okta)
  })

  it('reads the names after --', () => {
    const result = scimtrace(['users', ENTRA, '--', OKTA])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('from 2 inputs')
  })

  it('reads who and inputs of explain around options', () => {
    const result = scimtrace(['explain', '-q', 'carla.walton@acme.example', '-f', 'json', '--', '-'], {
      input: entra,
    })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).emails).toContain('carla.walton@acme.example')
  })

  it('refuses - twice', () => {
    const result = scimtrace(['users', '-', '-'], { input: entra })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("stdin ('-') can be given only once")
  })
})

const USAGE: [string[], RegExp][] = [
  // D17: spans and ranges that filtered nothing or everything
  [['search', '--until', '300000000d'], /--until '300000000d' reaches back before the year 1/],
  [['search', '--until', '99999999999999999999d'], /reaches back before the year 1/],
  [['search', '--since', '2024-06-01', '--until', '2024-05-01'], /--since is after --until/],
  [['search', '--status', '600-100'], /'600' is not an HTTP status/],
  [['search', '--status', '499-400'], /reversed/],
  [['search', '--method', ''], /--method needs a value/],
  [['search', '--method', ','], /--method needs at least one method/],
  [['search', '--method', 'GETT'], /--method 'GETT' is not one of/],
  [['search', '--since', '2024-05-14T09:00:00+25:00'], /zone offset beyond/],
  // D18: missing values, repeated options, bad switches
  [['report', '-f'], /-f needs a value/],
  [['users', '--format'], /--format needs a value/],
  [['users', '--group'], /--group needs a value/],
  [['users', '--group', '--failed'], /--group needs a value/],
  [['users', '-f', 'json', '-f', 'ndjson'], /-f is given more than once/],
  [['users', '--format', 'json', '-f', 'json'], /is given more than once/],
  [['users', '--group', 'a', '--group=b'], /--group is given more than once/],
  [['users', '--quiet=maybe'], /--quiet is a switch: 'maybe' is not true or false/],
  [['report', '--redact=no'], /--redact is a switch: 'no'/],
  [['users', '--no-quiet=1'], /takes no value/],
]

describe('bad usage is an error with exit 2 (D17, D18)', () => {
  it.each(USAGE)('%j', (args, message) => {
    // The input first, so that an option missing its value is last (or before another option).
    const result = scimtrace([args[0] as string, ENTRA, ...args.slice(1)])
    expect(result.stderr).toMatch(message)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
  })

  it.each([
    [['search', '--since', '2024-05-14T09:00:00+02:00', '--until', '2024-08-01']],
    [['search', '--status', '400-499,fail', '--method', 'get,post']],
    [['users', '-q', 'true', '--failed', 'false']],
    [['users', '--no-quiet', '--color=never']],
    [['report', '--redact=true', '-f', 'json']],
  ])('still accepts %j', (args) => {
    expect(scimtrace([...args, ENTRA]).code).toBe(0)
  })
})

describe('checkArgs', () => {
  const options = {
    boolean: ['quiet', 'q', 'help'],
    array: ['inputs'],
    alias: { quiet: ['q'], format: ['f'] },
    key: { quiet: true, q: true, help: true, inputs: true, format: true, group: true },
  }
  it('keeps positionals in order, with - and those after --', () => {
    expect(checkArgs(['users', '-q', 'a', '-', '-f', 'json', 'b', '--', '-x', '--group'], options)).toEqual({
      positionals: ['users', 'a', '-', 'b', '-x', '--group'],
    })
  })
  it('takes a boolean value only when it is true or false', () => {
    expect(checkArgs(['users', '-q', 'false', 'x'], options).positionals).toEqual(['users', 'x'])
    expect(checkArgs(['users', '-q', 'x'], options).positionals).toEqual(['users', 'x'])
  })
})
