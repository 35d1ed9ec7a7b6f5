/**
 * What goes wrong between scimtrace and a cluster, through the CLI against the real server: dropped and slow
 * connections (a TCP proxy), 429 with Retry-After and lasting 503s (an HTTP forwarder), timeouts, refused
 * connections, TLS, a missing index, authentication with security on, credentials kept out of every
 * output, Kibana's console proxy, and Ctrl-C closing the point in time.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXIT } from '../../../src/common/errors.js'
import { scimtrace } from '../../cli/run.js'
import {
  ALL_TIME,
  ES_SECURE_PASSWORD,
  ES_SECURE_URL,
  ES_SECURE_USER,
  ES_SKIP,
  ES_URL,
  es,
  sampleDocs,
  seedIndex,
  withoutOrigins,
} from './helpers.js'
import { httpForwarder, type Running, scimtraceAsync, tcpProxy } from './servers.js'

const REPORT = ['report', '--format', 'json', ...ALL_TIME]
const SAMPLE = ['samples/okta-lifecycle', 'samples/errors/stale-id.log']

describe.skipIf(!ES_URL)(`Elasticsearch faults and access${ES_SKIP ? ` (${ES_SKIP})` : ''}`, () => {
  let index = ''
  let expected: unknown
  const closers: Running[] = []
  beforeAll(async () => {
    index = await seedIndex('faults', await sampleDocs(SAMPLE))
    const direct = scimtrace([...REPORT, '--es', ES_URL, '--index', index])
    expect(direct.code, direct.stderr).toBe(0)
    expected = withoutOrigins(JSON.parse(direct.stdout))
  }, 60_000)
  afterAll(async () => {
    await Promise.all(closers.map((server) => server.close()))
  })
  const track = <T extends Running>(server: T): T => {
    closers.push(server)
    return server
  }
  const same = (stdout: string) => expect(withoutOrigins(JSON.parse(stdout))).toEqual(expected)

  it('reads the version from nodes.info: the test server answers 405 on GET /, which is not fatal', async () => {
    expect((await es('GET', '/')).status).toBe(405)
    const run = scimtrace(['users', '--es', ES_URL, '--index', index, ...ALL_TIME], {
      env: { SCIMTRACE_DEBUG: '1' },
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/^debug: server version 8\.\d+\.\d+ \(from nodes\.info\)$/m)
  })

  it('retries connections reset by the network and gives the full result', async () => {
    const proxy = track(await tcpProxy(ES_URL, { reset: 2 }))
    const run = await scimtraceAsync(
      [...REPORT, '--es', proxy.url, '--index', index, '--es-backoff-ms', '50'],
      {
        env: { SCIMTRACE_DEBUG: '1' },
      },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(proxy.stats.resets).toBe(2)
    expect(run.stderr).toMatch(/retry 1\/5/)
    same(run.stdout)
  })

  it('is unaffected by a slow network', async () => {
    const proxy = track(await tcpProxy(ES_URL, { delayMs: 40 }))
    const run = await scimtraceAsync([...REPORT, '--es', proxy.url, '--index', index, '--es-page-size', '20'])
    expect(run.code, run.stderr).toBe(0)
    same(run.stdout)
  })

  it('waits as long as Retry-After asks on a 429, then reads everything', async () => {
    const forwarder = track(
      await httpForwarder(ES_URL, { fail: { status: 429, count: 1, retryAfter: '1', path: /_search/ } }),
    )
    const run = await scimtraceAsync([
      ...REPORT,
      '--es',
      forwarder.url,
      '--index',
      index,
      '--es-backoff-ms',
      '1',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.ms).toBeGreaterThan(1000)
    same(run.stdout)
  })

  it('gives up on a lasting 503 after bounded retries, with one line and exit 5', async () => {
    const forwarder = track(
      await httpForwarder(ES_URL, { fail: { status: 503, count: 100, path: /_search/ } }),
    )
    const run = await scimtraceAsync([
      ...REPORT,
      '--es',
      forwarder.url,
      '--index',
      index,
      '--es-backoff-ms',
      '1',
      '--es-retries',
      '3',
    ])
    expect(run.code).toBe(EXIT.unavailable)
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^scimtrace: .*unavailable \(503/)
    expect(forwarder.seen.filter((request) => request.path.includes('_search')).length).toBe(4)
  })

  it('says when a request times out (exit 5)', async () => {
    const proxy = track(await tcpProxy(ES_URL, { hang: true }))
    const run = await scimtraceAsync([...REPORT, '--es', proxy.url, '--index', index, '--es-timeout', '1'])
    expect(run.code).toBe(EXIT.unavailable)
    expect(run.stderr).toMatch(/^scimtrace: .*timed out$/m)
  })

  it('says when the connection is refused (exit 5)', async () => {
    const proxy = await tcpProxy(ES_URL)
    await proxy.close()
    const run = scimtrace([...REPORT, '--es', proxy.url, '--index', index, '--es-retries', '0'])
    expect(run.code).toBe(EXIT.unavailable)
    expect(run.stderr).toBe(`scimtrace: ${index}@127.0.0.1:${proxy.port}: connection refused\n`)
  })

  it('says when no index matches (exit 3)', () => {
    const run = scimtrace([...REPORT, '--es', ES_URL, '--index', 'no-such-index'])
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/^scimtrace: .*no index matches 'no-such-index'$/m)
  })

  it('refuses credentials in the URL without repeating them', () => {
    const run = scimtrace([...REPORT, '--es', 'http://admin:hunter2secret@127.0.0.1:1', '--index', index])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/holds credentials/)
    expect(run.stderr).not.toContain('hunter2secret')
  })

  it('asks for --yes before a window wider than 31 days', () => {
    const run = scimtrace(['report', '--es', ES_URL, '--index', index, '--since', '90d'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/more than 31: give --yes/)
  })

  it('prints the default window in its opening line', () => {
    const run = scimtrace(['users', '--es', ES_URL, '--index', index])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/\(7 days, the default window: set --since\/--until\) · 0 documents match/)
  })

  it('goes through Kibana’s console proxy (kbn-xsrf, no product header) with the same result', async () => {
    const kibana = track(await httpForwarder(ES_URL, { kibana: true }))
    const run = await scimtraceAsync([
      ...REPORT,
      '--kibana',
      kibana.url,
      '--index',
      index,
      '--es-page-size',
      '7',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain(`elasticsearch: ${index}@kibana:127.0.0.1:${kibana.port}`)
    same(run.stdout)
    expect(kibana.seen.length).toBeGreaterThan(4)
    expect(
      kibana.seen.every((request) => request.method === 'POST' && request.headers['kbn-xsrf'] !== undefined),
    ).toBe(true)
    expect(
      kibana.seen.map((request) => new URL(request.path, 'http://k').searchParams.get('path')),
    ).toContain('/_pit')
  })

  it('sends an API key as the ApiKey header and never prints it', async () => {
    const key = 'c2NpbXRyYWNlLXRlc3Qta2V5LXRoYXQtYXBwZWFycy1ub3doZXJl'
    // The test server has no API keys: a forwarder records the header and answers 401 for it.
    const forwarder = track(await httpForwarder(ES_URL, { fail: { status: 401, count: 100 } }))
    const run = await scimtraceAsync([...REPORT, '--es', forwarder.url, '--index', index], {
      env: { SCIMTRACE_ES_API_KEY: key, SCIMTRACE_DEBUG: '1' },
    })
    expect(forwarder.seen[0]?.headers.authorization).toBe(`ApiKey ${key}`)
    expect(run.code).toBe(EXIT.denied)
    expect(run.stderr).toMatch(/authentication failed \(401\)/)
    expect(`${run.stdout}${run.stderr}`).not.toContain(key)
  })

  it('sends a bearer token as the Bearer header', async () => {
    const forwarder = track(await httpForwarder(ES_URL, { fail: { status: 401, count: 100 } }))
    await scimtraceAsync([...REPORT, '--es', forwarder.url, '--index', index], {
      env: { SCIMTRACE_ES_BEARER: 'tok-3x4mpl3' },
    })
    expect(forwarder.seen[0]?.headers.authorization).toBe('Bearer tok-3x4mpl3')
  })

  describe.skipIf(!ES_SECURE_URL)('with security on', () => {
    let secureIndex = ''
    const basic = `Basic ${Buffer.from(`${ES_SECURE_USER}:${ES_SECURE_PASSWORD}`).toString('base64')}`
    beforeAll(async () => {
      secureIndex = await seedIndex('secure', await sampleDocs(SAMPLE), { url: ES_SECURE_URL, auth: basic })
    }, 60_000)

    it('refuses a run without credentials (401, exit 6)', () => {
      const run = scimtrace([...REPORT, '--es', ES_SECURE_URL, '--index', secureIndex])
      expect(run.code).toBe(EXIT.denied)
      expect(run.stderr).toMatch(/^scimtrace: .*authentication failed \(401\)/m)
    })

    it('reads with basic auth from the environment, and the password appears nowhere', () => {
      const run = scimtrace([...REPORT, '--es', ES_SECURE_URL, '--index', secureIndex], {
        env: {
          SCIMTRACE_ES_USERNAME: ES_SECURE_USER,
          SCIMTRACE_ES_PASSWORD: ES_SECURE_PASSWORD,
          SCIMTRACE_DEBUG: '1',
        },
      })
      expect(run.code, run.stderr).toBe(0)
      same(run.stdout)
      // The report's sources say where, never who.
      expect(JSON.parse(run.stdout).summary.sources).toEqual([
        `${secureIndex}@${new URL(ES_SECURE_URL).host}`,
      ])
      expect(`${run.stdout}${run.stderr}`).not.toContain(ES_SECURE_PASSWORD)
      expect(run.stderr).toContain('debug: query:')
    })

    it('says when the user may not read the index (403, exit 6)', () => {
      const run = scimtrace([...REPORT, '--es', ES_SECURE_URL, '--index', secureIndex], {
        env: { SCIMTRACE_ES_USERNAME: 'scimtrace-no-read', SCIMTRACE_ES_PASSWORD: 'scimtrace-test-pw' },
      })
      expect(run.code).toBe(EXIT.denied)
      expect(run.stderr).toMatch(/^scimtrace: .*permission denied \(403\)/m)
      expect(run.stderr).not.toContain('scimtrace-test-pw')
    })
  })

  describe('over TLS (an HTTPS forwarder with a self-signed certificate)', () => {
    let forwarder: Running & { seen: unknown[] }
    let certFile = ''
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'scimtrace-tls-'))
      certFile = join(dir, 'cert.pem')
      const keyFile = join(dir, 'key.pem')
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          keyFile,
          '-out',
          certFile,
        ],
        { stdio: 'ignore' },
      )
      forwarder = track(
        await httpForwarder(ES_URL, {
          tls: { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') },
        }),
      )
    })

    it('fails verification of an unknown certificate, with one line and exit 5', async () => {
      const run = await scimtraceAsync([...REPORT, '--es', forwarder.url, '--index', index])
      expect(run.code).toBe(EXIT.unavailable)
      expect(run.stderr).toMatch(/^scimtrace: .*TLS verification failed .*--ca/m)
    })

    it('trusts the certificate given with --ca', async () => {
      const run = await scimtraceAsync([...REPORT, '--es', forwarder.url, '--index', index, '--ca', certFile])
      expect(run.code, run.stderr).toBe(0)
      same(run.stdout)
    })

    it('skips verification with --insecure, and warns', async () => {
      const run = await scimtraceAsync([...REPORT, '--es', forwarder.url, '--index', index, '--insecure'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/warning: --insecure/)
    })
  })

  it('closes the point in time on Ctrl-C and exits 130', async () => {
    // Per index, so the other test files' points in time (run in parallel) do not count.
    const openContexts = async () => {
      const stats = await es('GET', `/${big}/_stats/search?filter_path=_all.total.search.open_contexts`)
      return stats.body._all.total.search.open_contexts as number
    }
    const big = await seedIndex('sigint', await sampleDocs(SAMPLE))
    const proxy = track(await tcpProxy(ES_URL, { delayMs: 150 }))
    let pid = 0
    let openBefore = 0
    let signalled = false
    const interruptOnceOpen = async () => {
      // The opening line comes after the count, before the point in time: wait until it is open.
      for (let attempt = 0; attempt < 40 && openBefore === 0; attempt++) {
        openBefore = await openContexts()
        if (openBefore === 0) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      process.kill(pid, 'SIGINT')
    }
    const run = await scimtraceAsync([...REPORT, '--es', proxy.url, '--index', big, '--es-page-size', '2'], {
      onSpawn: (id) => {
        pid = id
      },
      onStderr: (text) => {
        if (!signalled && text.includes('documents match')) {
          signalled = true
          void interruptOnceOpen()
        }
      },
    })
    expect(signalled).toBe(true)
    expect(openBefore).toBeGreaterThan(0)
    expect(run.code).toBe(130)
    expect(run.stderr).toMatch(/^scimtrace: interrupted$/m)
    // Closed, not left to expire (keep-alive 2 min): open contexts go back to none within moments.
    let open = -1
    for (let attempt = 0; attempt < 20 && open !== 0; attempt++) {
      open = await openContexts()
      if (open !== 0) await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(open).toBe(0)
  })
})
