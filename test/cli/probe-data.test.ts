/**
 * The data-side repros of the reliability probe (issue #14, docs/reliability-probe.md), each run the way
 * the probe ran it: through the built executable. Every one of these failed on the probed main.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, scimtrace } from './run.js'

const T = mkdtempSync(join(tmpdir(), 'scimtrace-probe-'))
afterAll(() => rmSync(T, { recursive: true, force: true }))

function file(name: string, lines: string[]): string {
  const path = join(T, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

const CREATE_JANE =
  '{"time":"2024-05-14T09:00:00Z","status":201,"method":"POST","path":"/api/scim/v2/groups/g/Users","params":[{"key":"userName","value":"jane"},{"key":"externalId","value":"x1"},{"key":"emails","value":[{"primary":true,"type":"work","value":"jane@ex.example"}]}]}'

describe('D1: a lone surrogate in a value', () => {
  const path = () =>
    file('ls.log', [
      '{"time":"2024-05-14T09:10:01Z","status":404,"method":"GET","path":"/api/scim/v2/groups/g/Users/abc\\uD800","params":[]}',
    ])

  it.each([
    ['report'],
    ['report', '--format', 'json'],
    ['report', '--format', 'markdown'],
    ['report', '--redact'],
  ])('in an id: %s still writes the report', (...args) => {
    const result = scimtrace([...args, path()])
    expect(result.stderr).not.toContain('URI malformed')
    expect(result.code).toBe(0)
    expect(result.stdout.length).toBeGreaterThan(0)
  })

  it('in an id: explain still explains', () => {
    const result = scimtrace(['explain', 'abc', path()])
    expect(result.stderr).not.toContain('URI malformed')
    expect(result.code).toBe(0)
    // the remedy's API path encodes the lone surrogate as U+FFFD, as a URL encoder does
    expect(result.stdout).toContain('/Users/abc%EF%BF%BD')
  })

  it('in a userName that gets a 409 and in a filter value that gets a 412', () => {
    const conflict = file('ls409.log', [
      '{"time":"2024-05-14T09:00:00Z","status":409,"method":"POST","path":"/api/scim/v2/groups/g/Users","params":[{"key":"userName","value":"ja\\uD800ne"},{"key":"externalId","value":"x\\uDC00"}]}',
      '{"time":"2024-05-14T09:01:00Z","status":412,"method":"GET","path":"/api/scim/v2/groups/g/Users","params":[{"key":"filter","value":"userName eq \\"a\\uD800\\" and x"}]}',
      '{"time":"2024-05-14T09:02:00Z","status":412,"method":"PATCH","path":"/api/scim/v2/groups/g/Users/x\\uDBFF","params":[{"key":"Operations","value":[{"op":"replace","path":"active","value":false}]}]}',
    ])
    for (const args of [['report'], ['report', '--redact', '-f', 'markdown'], ['report', '-f', 'json']]) {
      const result = scimtrace([...args, conflict])
      expect(result.stderr).not.toContain('internal error')
      expect(result.code).toBe(0)
    }
  })
})

describe('D2: a PATCH replace op without a value', () => {
  it.each([['userName'], ['emails[type eq \\"work\\"].value']])(
    'path %s: report and explain finish and list the op as malformed, not as an update',
    (opPath) => {
      const path = file('nv.log', [
        CREATE_JANE,
        `{"time":"2024-05-14T09:01:00Z","status":204,"method":"PATCH","path":"/api/scim/v2/groups/g/Users/x1","params":[{"key":"Operations","value":[{"op":"replace","path":"${opPath}"}]}]}`,
      ])
      for (const args of [['report'], ['report', '--redact'], ['explain', 'x1'], ['report', '-f', 'json']]) {
        const result = scimtrace([...args, path])
        expect(result.stderr).not.toContain('internal error')
        expect(result.code).toBe(0)
      }
      const json = JSON.parse(scimtrace(['report', '-f', 'json', '-q', path]).stdout)
      expect(JSON.stringify(json)).not.toContain('ignored-attribute-update')
    },
  )
})

describe('D19: times that are not RFC 3339', () => {
  it.each([['1'], ['Tue 9'], ['2024-02-30T00:00:00Z']])(
    '"time":%j is skipped as a wrong field type',
    (time) => {
      const path = file('t.log', [
        `{"time":"${time}","status":201,"method":"POST","path":"/api/scim/v2/groups/g/Users","params":[{"key":"userName","value":"u"},{"key":"externalId","value":"e"}]}`,
      ])
      const result = scimtrace(['report', '-f', 'json', '-q', path])
      expect(result.code).toBe(0)
      const input = JSON.parse(result.stdout).summary.input
      expect(input).toMatchObject({
        lines: 1,
        scimRequests: 0,
        skipped: 1,
        skippedByReason: { 'bad-field-type': 1 },
      })
    },
  )
})

describe('D10: deeply nested exports', () => {
  const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`
  const firstDoc = () =>
    JSON.parse(
      readFileSync(join(ROOT, 'samples/exports/okta-lifecycle.kibana.ndjson'), 'utf8').split(
        '\n',
      )[0] as string,
    )

  it('a Kibana NDJSON document with a field nested 4,000 deep is read like its shallow twin', () => {
    const line = JSON.stringify(firstDoc())
    const plain = file('shallow.ndjson', [line])
    const nested = file('deep.ndjson', [`${line.slice(0, -1)},"json.extra":${deep(4000)}}`])
    const a = scimtrace(['users', '-f', 'json', plain])
    const b = scimtrace(['users', '-f', 'json', nested])
    expect(b.stderr).not.toContain('internal error')
    expect(b.code).toBe(0)
    expect(b.stdout).toBe(a.stdout)
    expect(b.stderr).toContain('1 SCIM requests')
  })

  it.each([
    ['rawResponse', (n: number) => `${'{"rawResponse":'.repeat(n)}{"hits":{"hits":[]}}${'}'.repeat(n)}`],
    ['responses', (n: number) => `${'{"responses":['.repeat(n)}{"hits":{"hits":[]}}${']}'.repeat(n)}`],
  ])('an es-json %s nested 10,000 deep is one skipped document, and other inputs are read', (_, make) => {
    const path = file('deep.json', [make(10000)])
    const result = scimtrace(['users', '--input-format', 'es-json', path])
    expect(result.stderr).not.toContain('internal error')
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/skipped 1 \(1 wrong field type/)
    const both = scimtrace(['users', path, join(ROOT, 'samples/okta-lifecycle/api_json.log')])
    expect(both.code).toBe(0)
    expect(both.stdout).toContain('jane.doe@hooli.example')
  })

  it('a _source and a json object nested 10,000 deep', () => {
    const path = file('deep2.ndjson', [
      `{"_id":"1","_source":{"json":{"path":"/api/scim/v2/groups/g/Users","method":"GET","status":200,"time":"2024-05-14T09:00:00Z","meta":${deep(10000)}}}}`,
      `{"json":${deep(10000)}}`,
    ])
    const result = scimtrace(['users', path])
    expect(result.stderr).not.toContain('internal error')
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/read 2 lines.*1 SCIM requests.*skipped 1/)
  })
})

describe('D14: a bad file in a directory, and directories read by content', () => {
  it('a truncated .gz and a dangling link are reported and skipped; the good file is read', () => {
    const d = join(T, 'd14')
    mkdirSync(d)
    copyFileSync(join(ROOT, 'samples/okta-lifecycle/api_json.log'), join(d, 'api_json.log'))
    const gz = gzipSync(readFileSync(join(ROOT, 'samples/entra-lifecycle/api_json.log')))
    writeFileSync(join(d, 'api_json.log.1.gz'), gz.subarray(0, gz.length - 20))
    symlinkSync(join(d, 'nowhere'), join(d, 'api_json.log.2.gz'))
    const result = scimtrace(['users', d])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('jane.doe@hooli.example')
    expect(result.stderr).toMatch(/warning: cannot read '.*api_json\.log\.2\.gz': no such file/)
    expect(result.stderr).toMatch(/warning: .*api_json\.log\.1\.gz: not valid gzip data/)
    expect(result.stderr).toMatch(/2 unreadable/)
  })

  it('`users samples/*/` reads every sample directory (samples/errors holds *.log files)', () => {
    const dirs = readdirSync(join(ROOT, 'samples'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `samples/${e.name}/`)
    const result = scimtrace(['users', ...dirs])
    expect(result.code).toBe(0)
    // a person only samples/errors/ holds
    expect(result.stdout).toContain('laurie@bream-hall.example')
    // samples/generator/ holds TypeScript: a warning naming it, not an abort
    expect(result.stderr).toMatch(/warning: no API logs or exports in 'samples\/generator\/'/)
  })

  it('a directory with nothing readable alone is still exit 3', () => {
    const result = scimtrace(['users', 'samples/generator/'])
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/no API logs or exports in 'samples\/generator\/'/)
  })
})

// D4's speed (it was quadratic: 100,000 creates took 216 s) is measured by `bench/shapes.ts d4` and `d4t`, not
// here: a timed test fails on a loaded machine. These check that such runs finish with the right report.
describe('D4: many requests for one person', () => {
  const report = (path: string) => {
    const result = scimtrace(['report', '--format', 'json', '-q', path])
    expect(result.code).toBe(0)
    return JSON.parse(result.stdout) as {
      summary: { requests: number; people: number }
      people: {
        key: string
        state: string
        requests: number
        attributes: Record<string, { value: unknown }>
      }[]
    }
  }

  it('50,000 identical creates with emails and names: one person, every request counted', () => {
    const line =
      '{"time":"2024-05-14T09:00:00Z","status":201,"method":"POST","path":"/api/scim/v2/groups/g/Users","params":[{"key":"userName","value":"bomb"},{"key":"externalId","value":"b1"},{"key":"emails","value":[{"primary":true,"type":"work","value":"b@ex.example"}]},{"key":"name","value":{"givenName":"B","familyName":"C"}}]}'
    const json = report(
      file(
        'same.log',
        Array.from({ length: 50_000 }, () => line),
      ),
    )
    expect(json.summary).toMatchObject({ requests: 50_000, people: 1 })
    expect(json.people[0]).toMatchObject({ key: 'g/b1', requests: 50_000 })
  }, 120_000)

  it('80,000 alternating deactivate/reactivate PATCHes: the last one decides the state', () => {
    const t0 = Date.UTC(2024, 4, 14)
    const lines = Array.from({ length: 80_000 }, (_, i) =>
      JSON.stringify({
        time: new Date(t0 + i * 1000).toISOString(),
        status: 204,
        method: 'PATCH',
        path: '/api/scim/v2/groups/g/Users/b1',
        params: [{ key: 'Operations', value: [{ op: 'replace', path: 'active', value: i % 2 === 1 }] }],
      }),
    )
    const json = report(file('toggle.log', lines))
    expect(json.people).toHaveLength(1)
    // The 80,000th request (i = 79,999, odd) sets active=true.
    expect(json.people[0]).toMatchObject({ key: 'g/b1', requests: 80_000, state: 'reactivated' })
    expect(json.people[0]?.attributes.active?.value).toBe(true)
  }, 120_000)
})
