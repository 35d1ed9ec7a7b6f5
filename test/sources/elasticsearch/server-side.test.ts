/**
 * `report --server-side` against the real server: for every sample, the same people, states and findings
 * as a full fetch; fewer documents read when few people fail; composite buckets paged across many pages.
 *
 * What legitimately differs: a person reported from the counts (no failed request, no update) has
 * `firstSeen`/`lastSeen` from the aggregation's min/max, which Elasticsearch writes with milliseconds
 * (`…00.123Z` for a logged `…00.123456789Z`): compared as instants. `idps` and `clients` of such a person
 * come from their creates, lookups and deletes only (the GETs by id are counted, not read): equal on these
 * logs, where one client sends all of a person's requests, and compared whole. Everything else is
 * compared whole: people in full, states, counts, findings, group-wide findings, summary counts.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { scimtrace } from '../../cli/run.js'
import {
  ALL_TIME,
  ES_SKIP,
  ES_URL,
  es,
  SAMPLE_INPUTS,
  sampleDocs,
  seedIndex,
  toIndexed,
  withoutOrigins,
} from './helpers.js'
import { httpForwarder, scimtraceAsync } from './servers.js'

// biome-ignore lint/suspicious/noExplicitAny: report JSON is read loosely
type Loose = any

/** `report --es` on `index` over all time, in `format`. */
function reportOf(index: string, format: string, extra: string[]) {
  return scimtrace(['report', '--format', format, '--es', ES_URL, '--index', index, ...ALL_TIME, ...extra])
}

function run(index: string, extra: string[] = []) {
  const result = reportOf(index, 'json', extra)
  expect(result.code, result.stderr).toBeLessThan(2)
  return { report: withoutOrigins(JSON.parse(result.stdout)) as Loose, stderr: result.stderr }
}

function instant(text: string | null): number | null {
  return text === null ? null : Date.parse(text)
}

function compareReports(full: Loose, server: Loose): void {
  // The same people in the same order (worst first, then latest activity).
  const keys = (r: Loose) => r.people.map((p: Loose) => p.key)
  expect(keys(server)).toEqual(keys(full))
  const byKey = new Map(server.people.map((p: Loose) => [p.key, p]))
  for (const person of full.people) {
    const other = byKey.get(person.key) as Loose
    if (person.failures > 0) {
      // Anyone with a failed request is read in full: the whole entry is the same, times included.
      expect(other, person.key).toEqual(person)
      continue
    }
    const { firstSeen, lastSeen, ...rest } = person
    const { firstSeen: myFirst, lastSeen: myLast, ...myRest } = other
    expect(myRest, person.key).toEqual(rest)
    expect(instant(myFirst), person.key).toBe(instant(firstSeen))
    expect(instant(myLast), person.key).toBe(instant(lastSeen))
  }
  expect(server.findings).toEqual(full.findings)
  // `byAction` and `byIdp` are of the documents read: a request counted but not read has neither.
  const summary = (s: Loose) => ({
    groups: [...s.groups].sort(),
    from: instant(s.from),
    to: instant(s.to),
    people: s.people,
    requests: s.requests,
    byStatus: s.byStatus,
  })
  expect(summary(server.summary)).toEqual(summary(full.summary))
}

function cost(stderr: string): { documents: number; aggregations: number; fromCounts: number } {
  const match =
    /server-side: .*\((\d+) aggregation requests\), ([\d,]+) documents read .*; \d+ people in full, (\d+) from counts/.exec(
      stderr,
    )
  if (!match) throw new Error(`no cost line in: ${stderr}`)
  return {
    aggregations: Number(match[1]),
    documents: Number((match[2] as string).replaceAll(',', '')),
    fromCounts: Number(match[3]),
  }
}

const OKTA = 'Okta SCIM Client 1.0.0'

/**
 * A group of `people` Okta-provisioned people, each looked up, created and then read by id `reads` times
 * (Okta's imports); every tenth deleted; `failing` of them get a 500 on a read and `updated` a PATCH.
 */
function generated(people: number, reads: number, failing: number, updated: number) {
  const docs: Record<string, unknown>[] = []
  let ms = Date.parse('2024-05-01T00:00:00.000Z')
  const at = () => {
    ms += 1000
    return new Date(ms).toISOString()
  }
  const base = '/api/scim/v2/groups/gen/Users'
  const line = (method: string, path: string, status: number, params: unknown[] = []) =>
    docs.push(toIndexed({ time: at(), method, path, status, params, ua: OKTA, remote_ip: '198.51.100.23' }))
  for (let i = 0; i < people; i++) {
    const id = `00u${String(i).padStart(6, '0')}gen`
    const user = `person${i}@gen.example`
    line('GET', base, 200, [{ key: 'filter', value: `userName eq "${user}"` }])
    line('POST', base, 201, [
      { key: 'schemas', value: ['urn:ietf:params:scim:schemas:core:2.0:User'] },
      { key: 'userName', value: user },
      { key: 'name', value: { givenName: 'Person', familyName: String(i) } },
      { key: 'emails', value: [{ primary: true, value: user, type: 'work' }] },
      { key: 'externalId', value: id },
      { key: 'active', value: true },
    ])
  }
  for (let round = 0; round < reads; round++)
    for (let i = 0; i < people; i++) {
      const id = `00u${String(i).padStart(6, '0')}gen`
      line('GET', `${base}/${id}`, i < failing && round === 1 ? 500 : 200)
    }
  for (let i = failing; i < failing + updated; i++)
    line('PATCH', `${base}/00u${String(i).padStart(6, '0')}gen`, 204, [
      { key: 'Operations', value: [{ op: 'replace', value: { active: false } }] },
    ])
  for (let i = 5; i < people; i += 10) line('DELETE', `${base}/00u${String(i).padStart(6, '0')}gen`, 204)
  return docs
}

describe.skipIf(!ES_URL)(
  `report --server-side on a large healthy group${ES_SKIP ? ` (${ES_SKIP})` : ''}`,
  () => {
    let index = ''
    let total = 0
    beforeAll(async () => {
      const docs = generated(60, 8, 2, 1)
      total = docs.length
      index = await seedIndex('server-side-gen', docs)
    }, 60_000)

    it('gives the full fetch report and reads far fewer documents', () => {
      const full = run(index)
      const server = run(index, ['--server-side'])
      compareReports(full.report, server.report)
      const spent = cost(server.stderr)
      // The 3 people read in full (8 reads + their lookup and create, a PATCH) and every create and lookup.
      expect(spent.documents).toBeLessThan(total / 3)
      expect(spent.fromCounts).toBe(57)
      // Some of the people from the counts were deleted: their state comes from the DELETE, read.
      expect(server.report.people.filter((p: Loose) => p.state === 'deleted').length).toBe(6)
    })

    it('goes through Kibana’s console proxy with the same report', async () => {
      const kibana = await httpForwarder(ES_URL, { kibana: true })
      try {
        const through = await scimtraceAsync([
          'report',
          '--format',
          'json',
          '--server-side',
          '--kibana',
          kibana.url,
          '--index',
          index,
          ...ALL_TIME,
        ])
        expect(through.code, through.stderr).toBe(0)
        expect(through.stderr).toContain(`${index}@kibana:127.0.0.1:`)
        expect(withoutOrigins(JSON.parse(through.stdout))).toEqual(run(index, ['--server-side']).report)
      } finally {
        await kibana.close()
      }
    })

    it('pages the composite aggregation by after_key and gives the same report', () => {
      const paged = run(index, ['--server-side', '--es-bucket-size', '7'])
      const whole = run(index, ['--server-side'])
      expect(paged.report).toEqual(whole.report)
      // A bucket per person path and status and method, 70 and more: over ten pages of 7.
      expect(cost(paged.stderr).aggregations).toBeGreaterThan(10)
      // Elasticsearch gives an `after_key` with the last page too: one more request finds it empty.
      expect(cost(whole.stderr).aggregations).toBe(2)
    })

    it('stops on a failed count with one line, and leaves no point in time open', async () => {
      // The creates and lookups are read while the cluster counts: a count the server refuses (more buckets a
      // page than its `search.max_buckets`) must end that read too and close its point in time.
      const contexts = async () => {
        const stats = await es('GET', `/${index}/_stats/search?filter_path=_all.total.search.open_contexts`)
        return stats.body._all.total.search.open_contexts as number
      }
      const before = await contexts()
      const result = reportOf(index, 'json', ['--server-side', '--es-bucket-size', '100000'])
      expect(result.code).toBeGreaterThanOrEqual(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(/^scimtrace: /m)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(await contexts()).toBe(before)
    })

    it('redacts every person and group value, those of people known only from the counts too', async () => {
      // Besides the group's own people, some only ever read by id (created before the index begins): their
      // ids are in counted paths and in no document read.
      const docs = [...generated(20, 3, 1, 0)]
      const start = Date.parse('2024-06-01T00:00:00.000Z')
      for (let i = 0; i < 5; i++)
        for (let round = 0; round < 3; round++)
          docs.push(
            toIndexed({
              time: new Date(start + (i * 3 + round) * 1000).toISOString(),
              method: 'GET',
              path: `/api/scim/v2/groups/gen/Users/00u${String(i).padStart(6, '0')}old`,
              status: 200,
              params: [],
              ua: OKTA,
              remote_ip: '198.51.100.23',
            }),
          )
      const mixed = await seedIndex('server-side-redact', docs)
      const plain = run(mixed, ['--server-side']).report
      expect(JSON.stringify(plain)).toMatch(/00u\d{6}old/)
      const redacted = run(mixed, ['--server-side', '--redact']).report
      expect(redacted.summary.redacted).toBe(true)
      expect(redacted.people.length).toBe(plain.people.length)
      expect(redacted.summary.requests).toBe(plain.summary.requests)
      expect(redacted.summary.groups).not.toContain('gen')
      const text = JSON.stringify(redacted)
      // The generated ids and emails (`00u000042gen`, `person42@gen.example`): none is left.
      expect(text).not.toMatch(/00u\d{6}(gen|old)/)
      expect(text).not.toMatch(/person\d+@gen\.example/)
      // Every person of the plain report is there under an alias: the same states, counts and findings.
      const shape = (r: Loose) =>
        r.people.map((p: Loose) => [p.state, p.requests, p.failures, p.findings.map((f: Loose) => f.rule)])
      expect(shape(redacted)).toEqual(shape(plain))
    })

    it.each([
      ['text', /^.* · (\d+) requests · (\d+) people/m, /^ {2}status +(.*)$/m],
      ['markdown', /^.* · (\d+) SCIM requests · (\d+) people/m, /^\*\*Requests by status:\*\* (.*)$/m],
    ])('writes the %s report with the counted totals of a full fetch', (format, headline, statuses) => {
      const report = (extra: string[]) => {
        const result = reportOf(index, format, extra)
        expect(result.code, result.stderr).toBe(0)
        return result.stdout
      }
      const full = report([])
      const server = report(['--server-side'])
      // Requests and people are the cluster's counts, though far fewer documents were read.
      const counted = headline.exec(server)
      expect(counted?.slice(1)).toEqual(headline.exec(full)?.slice(1))
      expect(Number(counted?.[1])).toBe(total)
      expect(statuses.exec(server)?.[1]).toBe(statuses.exec(full)?.[1])
      // The people with findings come first, as in the full report.
      const firstPerson = (text: string) => /person\d+@gen\.example/.exec(text)?.[0]
      expect(firstPerson(server)).toBe(firstPerson(full))
    })
  },
)

describe.skipIf(!ES_URL)(`report --server-side${ES_SKIP ? ` (${ES_SKIP})` : ''}`, () => {
  const indices = new Map<string, string>()
  beforeAll(async () => {
    for (const sample of SAMPLE_INPUTS)
      indices.set(sample, await seedIndex('server-side', await sampleDocs([sample])))
  }, 120_000)

  it.each(['hooli', 'pied-piper-io'])(
    'every sample in one index, --group %s: the same as a full fetch of the group',
    async (group) => {
      const index = await seedIndex('server-side-all', await sampleDocs())
      const full = run(index, ['--group', group])
      const server = run(index, ['--group', group, '--server-side'])
      expect(full.report.people.length).toBeGreaterThan(0)
      compareReports(full.report, server.report)
    },
    60_000,
  )

  it.each(SAMPLE_INPUTS)('%s: the same people, states and findings as a full fetch', (sample) => {
    const index = indices.get(sample) as string
    const full = run(index)
    const server = run(index, ['--server-side'])
    expect(full.report.people.length).toBeGreaterThan(0)
    compareReports(full.report, server.report)
  })
})

describe('report --server-side usage', () => {
  it('needs a cluster, saying so in one line', () => {
    const files = scimtrace(['report', '--server-side', 'samples/healthy'])
    expect(files.code).toBe(2)
    expect(files.stderr).toBe('scimtrace: --server-side needs --es, --kibana or --cloud-id\n')
  })
})
