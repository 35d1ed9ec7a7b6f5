/**
 * Vitest global set-up: one plain and one security-enabled Elasticsearch for the whole run, when the run
 * includes Elasticsearch tests. Without java or mvn the tests skip, saying why in one line; with `CI=true`
 * a server that cannot start fails the run.
 */
import type { TestProject } from 'vitest/node'
import { missingTools, type RunningServer, startServer } from './server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    esUrl: string
    esSecureUrl: string
    esSecureUser: string
    esSecurePassword: string
    esSkip: string
  }
}

/** Whether the files this run selects include Elasticsearch tests (no filter: every file). */
function runsElasticsearchTests(): boolean {
  const filters = process.argv
    .slice(2)
    .filter((arg) => !arg.startsWith('-') && arg !== 'run' && !arg.endsWith('vitest'))
  return filters.length === 0 || filters.some((filter) => /elasticsearch/i.test(filter))
}

export default async function setup(project: TestProject) {
  const ci = process.env.CI === 'true'
  const servers: RunningServer[] = []
  const provide = (url = '', secure?: RunningServer, skip = '') => {
    project.provide('esUrl', url)
    project.provide('esSecureUrl', secure?.url ?? '')
    project.provide('esSecureUser', secure?.user?.username ?? '')
    project.provide('esSecurePassword', secure?.user?.password ?? '')
    project.provide('esSkip', skip)
  }
  if (!runsElasticsearchTests() && !ci) {
    provide('', undefined, 'not selected')
    return
  }
  // Servers already running (a developer's loop: test/elasticsearch/start.sh in another terminal).
  const given = process.env.SCIMTRACE_TEST_ES_URL
  if (given) {
    const secureUrl = process.env.SCIMTRACE_TEST_ES_SECURE_URL ?? ''
    project.provide('esUrl', given)
    project.provide('esSecureUrl', secureUrl)
    project.provide('esSecureUser', secureUrl ? 'scimtrace' : '')
    project.provide('esSecurePassword', secureUrl ? 'scimtrace-test-pw' : '')
    project.provide('esSkip', '')
    return
  }
  const missing = missingTools()
  if (missing) {
    if (ci) throw new Error(`CI=true but Elasticsearch cannot run: ${missing}`)
    const line = `Elasticsearch tests skipped: ${missing} (they need java and mvn; see test/elasticsearch/start.sh)`
    console.warn(line)
    provide('', undefined, line)
    return
  }
  const started = Date.now()
  const [plain, secure] = await Promise.all([
    startServer({ port: 9250 }),
    startServer({ port: 9260, security: true }),
  ])
  servers.push(plain, secure)
  console.warn(
    `Elasticsearch ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${plain.url}, secured ${secure.url}`,
  )
  provide(plain.url, secure)
  return async () => {
    await Promise.all(servers.map((server) => server.stop()))
  }
}
