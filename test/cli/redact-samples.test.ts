/**
 * D8: `--redact` leaves no person or organisation value behind. Every value of every sample under
 * samples/ is collected from the documents the readers give (the exports repeat okta-lifecycle's
 * requests, `test/sources/samples.test.ts`), and none may appear in the redacted output of `report`
 * (text, Markdown, JSON), `users` (table, JSON), and `explain` and `timeline` (text, JSON) of every person.
 *
 * What this test counts as person or organisation data, decided here and not taken from src/:
 * - every string in `params`, at any depth, except the SCIM vocabulary: `schemas`, the `op` and `path`
 *   of PATCH operations, `type`, `primary`, `active`, `startIndex`, `count`, `meta.resourceType`, and
 *   values masked as `[FILTERED]`; for `filter`, the quoted value (`userName eq "jane"` → `jane`);
 * - every path segment that is not a route word (group paths, `/Users/:id`, `/Groups/:id`, identity API ids);
 * Only SCIM and SCIM identity API requests count (a `/scim/` path): other traffic is only counted, never shown.
 * - `correlation_id`, `remote_ip`, `meta.remote_ip`, the address in `meta.client_id`, `meta.root_namespace`
 *   and `meta.user`.
 * Not person data: times, statuses, methods, durations, user agents, `route`, `meta.caller_id`,
 * `meta.feature_category`, worker and process fields, and `host` (the GitLab instance, which no output shows).
 *
 * The commands run in this process (`main`), about 400 of them: spawning each would take minutes.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { PassThrough } from 'node:stream'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Io } from '../../src/cli/context.js'
import { main } from '../../src/cli/main.js'
import { Accounting } from '../../src/common/accounting.js'
import { readEntries } from '../../src/sources/index.js'
import { ROOT } from './run.js'

const SAMPLES = join(ROOT, 'samples')
const NOT_SAMPLES = new Set(['answers', 'generator', 'README.md', 'generate.ts'])

const VOCABULARY = new Set([
  'schemas',
  'op',
  'path',
  'type',
  'primary',
  'active',
  'startindex',
  'count',
  'resourcetype',
])
const ROUTE_WORDS = new Set(['api', 'scim', 'v2', 'v4', 'groups', 'users', 'application', 'identities'])
/** The value GitLab compares: the last quoted string (`emails[type eq "work"].value eq "x"` → `x`). */
const FILTER_VALUE = /"((?:[^"\\]|\\.)*)"\s*$/

function sampleFiles(dir = SAMPLES): string[] {
  const files: string[] = []
  for (const name of readdirSync(dir).sort()) {
    if (dir === SAMPLES && NOT_SAMPLES.has(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) files.push(...sampleFiles(path))
    else files.push(path)
  }
  return files
}

function paramValues(value: unknown, key: string, out: Set<string>): void {
  if (VOCABULARY.has(key.toLowerCase())) return
  if (typeof value === 'string') {
    if (value.includes('[FILTERED]')) return
    if (key.toLowerCase() === 'filter') {
      const match = FILTER_VALUE.exec(value)
      if (match?.[1]) out.add(match[1])
      return
    }
    out.add(value)
    // A param may be JSON text (an export's fields API gives objects so).
    if (/^[[{]/.test(value.trim())) {
      try {
        paramValues(JSON.parse(value), key, out)
      } catch {}
    }
  } else if (Array.isArray(value)) {
    for (const item of value) paramValues(item, key, out)
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value)
    // `{ key, value }` params: the value is named by its key.
    const record = value as Record<string, unknown>
    if (typeof record.key === 'string' && 'value' in record && entries.length === 2) {
      paramValues(record.value, record.key, out)
      return
    }
    // A PATCH op's value is named by the op's path (`{"op":"replace","path":"active","value":"False"}`).
    const named = typeof record.op === 'string' && typeof record.path === 'string' ? record.path : key
    for (const [k, v] of entries) paramValues(v, k === 'value' ? (named.split('.').pop() ?? named) : k, out)
  }
}

function docValues(doc: Record<string, unknown>, out: Set<string>): void {
  paramValues(doc.params, '', out)
  if (typeof doc.path === 'string') {
    for (const segment of doc.path.split('?')[0]?.split('/') ?? []) {
      if (segment === '' || ROUTE_WORDS.has(segment.toLowerCase())) continue
      out.add(decodeURIComponent(segment))
    }
  }
  const meta = (doc.meta ?? {}) as Record<string, unknown>
  const field = (name: string) => doc[name] ?? meta[name.replace(/^meta\./, '')]
  for (const name of ['correlation_id', 'remote_ip', 'meta.remote_ip', 'meta.root_namespace', 'meta.user']) {
    const value = field(name)
    if (typeof value === 'string') for (const part of value.split(',')) out.add(part.trim())
  }
  const client = field('meta.client_id')
  if (typeof client === 'string' && client.startsWith('ip/')) out.add(client.slice(3))
}

async function collectValues(file: string): Promise<Set<string>> {
  const values = new Set<string>()
  for await (const entry of readEntries([file], { accounting: new Accounting() })) {
    // Other API traffic (`/api/v4/groups/:id/members`, …) is only counted, never shown.
    if (typeof entry.doc.path === 'string' && /\/scim\//i.test(entry.doc.path)) docValues(entry.doc, values)
  }
  values.delete('')
  return values
}

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** One command in this process, as the CLI would run it. */
async function run(args: string[]): Promise<Run> {
  const capture = () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text: string }
    stream.text = ''
    stream.write = ((chunk: string | Uint8Array) => {
      stream.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      return true
    }) as never
    return stream
  }
  const stdout = capture()
  const stderr = capture()
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream
  stdin.end()
  const io: Io = { stdout, stderr, stdin, env: { NO_COLOR: '1' } }
  const code = await main(args, io)
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** The values of `values` found in `text`, as written or percent-encoded, where they stand as a whole. */
function survivors(text: string, values: Iterable<string>): string[] {
  const lower = text.toLowerCase()
  const found: string[] = []
  for (const value of values) {
    for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])) {
      const needle = form.toLowerCase()
      let at = lower.indexOf(needle)
      while (at >= 0) {
        const before = lower[at - 1]
        const after = lower[at + needle.length]
        const alnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c)
        if (!(alnum(before) && alnum(needle[0])) && !(alnum(after) && alnum(needle.at(-1)))) {
          found.push(value)
          break
        }
        at = lower.indexOf(needle, at + 1)
      }
      if (found.at(-1) === value) break
    }
  }
  return found
}

const files = sampleFiles()

describe('--redact on every sample', () => {
  const values = new Map<string, Set<string>>()
  beforeAll(async () => {
    process.env.SCIMTRACE_READ_WORKERS = '0'
    for (const file of files) values.set(file, await collectValues(file))
  })

  it('finds person values to look for in every sample', () => {
    expect(files.length).toBeGreaterThan(30)
    for (const file of files) expect(values.get(file)?.size, file).toBeGreaterThan(0)
    // The values the probe found leaking are among them.
    const all = new Set([...values.values()].flatMap((v) => [...v]))
    for (const value of ['Laurie B. Bream', 'mhall', 'Jian-Yang', 'Richard Hendricks', 'John Q. Smith'])
      expect(all, value).toContain(value)
  })

  it.each(files.map((f) => [relative(ROOT, f)]))('%s: no value survives', async (name) => {
    const file = join(ROOT, name)
    const secrets = values.get(file) ?? new Set()
    const outputs: [string, Run][] = []
    for (const args of [
      ['report'],
      ['report', '-f', 'markdown'],
      ['report', '-f', 'json'],
      ['users'],
      ['users', '-f', 'json'],
    ]) {
      outputs.push([args.join(' '), await run([...args, '--redact', '-q', file])])
    }
    const people = JSON.parse(outputs.at(-1)?.[1].stdout ?? '[]') as { key: string }[]
    expect(people.length).toBeGreaterThan(0)
    for (const person of people) {
      for (const command of ['explain', 'timeline'])
        for (const format of ['text', 'json'])
          outputs.push([
            `${command} ${person.key} -f ${format}`,
            await run([command, person.key, '-f', format, '--redact', '-q', file]),
          ])
    }
    // Redaction comes after diagnosis: the same findings, only the values differ.
    const rules = (text: string) =>
      JSON.parse(text) as { people: { findings: { rule: string }[] }[]; findings: { rule: string }[] }
    const plain = rules((await run(['report', '-f', 'json', '-q', file])).stdout)
    const redacted = rules(outputs[2]?.[1].stdout ?? '{}')
    const ids = (r: ReturnType<typeof rules>) =>
      [...r.people.flatMap((p) => p.findings), ...r.findings].map((f) => f.rule).sort()
    expect(ids(redacted)).toEqual(ids(plain))
    expect(redacted.people.length).toBe(plain.people.length)
    for (const [label, result] of outputs) {
      expect(result.code, `${label}: ${result.stderr}`).toBe(0)
      expect(result.stdout.length, label).toBeGreaterThan(0)
      expect(survivors(result.stdout, secrets), label).toEqual([])
    }
  })
})

describe('--redact with the identity files of the cross-checks', () => {
  const files = ['test/cli/fixtures/scim-identities.json', 'test/cli/fixtures/saml-identities.json']
  const identities = [] as { extern_uid: string; user_id: number }[]
  beforeAll(async () => {
    const { readFile } = await import('node:fs/promises')
    for (const file of files) identities.push(...JSON.parse(await readFile(join(ROOT, file), 'utf8')))
  })

  it.each([['text'], ['markdown'], ['json']])(
    '-f %s: no extern_uid or user id of theirs survives',
    async (format) => {
      const args = ['--scim-identities', files[0] ?? '', '--saml-identities', files[1] ?? '']
      const log = join(ROOT, 'samples/okta-lifecycle/api_json.log')
      const plain = await run(['report', '-q', '-f', format, ...args, log])
      const redacted = await run(['report', '-q', '-f', format, '--redact', ...args, log])
      expect(redacted.code, redacted.stderr).toBe(0)
      // The cross-checks found something to say, with the values in it.
      expect(plain.stdout).toContain('identity-mismatch')
      expect(redacted.stdout).toContain('identity-mismatch')
      const secrets = new Set([...identities.map((i) => i.extern_uid), ...(await collectValues(log))])
      expect(survivors(redacted.stdout, secrets)).toEqual([])
      for (const { user_id } of identities) {
        if (plain.stdout.includes(`user ${user_id}`)) expect(redacted.stdout).not.toContain(`user ${user_id}`)
        expect(redacted.stdout).not.toContain(`user_id ${user_id}`)
      }
      expect(plain.stdout).toMatch(/user \d+/)
    },
  )
})

describe('--redact takes the real values on the command line', () => {
  const log = join(ROOT, 'samples/okta-lifecycle/api_json.log')
  it.each([
    [['explain', 'jane.doe@hooli.example']],
    [['timeline', 'jane.doe@hooli.example', '--group', 'hooli']],
    [['users', '--group', 'hooli']],
  ])('%j', async (args) => {
    const result = await run([...args, '--redact', '-q', log])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('person-1@domain-1.example')
    expect(result.stdout).not.toMatch(/jane|hooli/i)
  })
})
