/**
 * The okta-lifecycle scenario in every export format must give the same requests as its api_json.log.
 * Uses the generated files under samples/ when they exist, else builds them in memory with the generator.
 */
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { Accounting } from '../../src/common/accounting.js'
import { readEntries } from '../../src/sources/index.js'
import type { LogDoc } from '../../src/sources/types.js'
import { collect, withTempDir } from './fixtures.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

const EXPORTS = [
  ['exports/okta-lifecycle.kibana.csv', 'kibana-csv'],
  ['exports/okta-lifecycle.es-hits.json', 'es-json'],
  ['exports/okta-lifecycle.fields.json', 'es-json'],
  ['exports/okta-lifecycle.kibana.ndjson', 'kibana-ndjson'],
  ['exports/okta-lifecycle.docs.json', 'es-json'],
] as const
const LOG = 'okta-lifecycle/api_json.log'

async function sampleFiles(): Promise<Map<string, Buffer>> {
  const names = [LOG, ...EXPORTS.map(([name]) => name)]
  if (names.every((name) => existsSync(join(root, 'samples', name)))) {
    return new Map(
      await Promise.all(
        names.map(async (name) => [name, await readFile(join(root, 'samples', name))] as const),
      ),
    )
  }
  const { buildSamples } = await import('../../samples/generator/index.js')
  return buildSamples().files
}

/** What every format keeps, in time order (Discover exports newest first). */
function requests(docs: LogDoc[]): LogDoc[] {
  return docs
    .map(({ time, method, path, status, params, correlation_id }) => ({
      time,
      method,
      path,
      status,
      params,
      correlation_id,
    }))
    .sort(
      (a, b) =>
        String(a.time).localeCompare(String(b.time)) ||
        String(a.correlation_id).localeCompare(String(b.correlation_id)),
    )
}

describe('samples: okta-lifecycle in every export format', () => {
  it('gives the same time/method/path/status/params as the api_json log', async () => {
    const files = await sampleFiles()
    await withTempDir(async (dir) => {
      const read = async (name: string) => {
        const path = join(dir, name.replaceAll('/', '__'))
        await writeFile(path, files.get(name) ?? Buffer.alloc(0))
        const accounting = new Accounting()
        const entries = await collect(readEntries([path], { accounting }))
        return { docs: entries.map((e) => e.doc), accounting }
      }
      const log = await read(LOG)
      expect(log.docs.length).toBeGreaterThan(0)
      const expected = requests(log.docs)
      for (const [name, format] of EXPORTS) {
        const { docs, accounting } = await read(name)
        expect(accounting.snapshot().sources[0]?.format, name).toBe(format)
        expect(accounting.skipped, name).toBe(0)
        expect(requests(docs), name).toEqual(expected)
      }
    })
  })

  const rotated = join(root, 'samples/rotated')
  const log = join(root, 'samples', LOG)
  const generated = existsSync(rotated) && existsSync(log)
  it.skipIf(!generated)(
    'reads samples/rotated (logrotate gzip, svlogd, current) and samples/k8s in order',
    async () => {
      const read = async (input: string) =>
        (await collect(readEntries([input], { accounting: new Accounting() }))).map((e) => e.doc)
      const expected = await read(log)
      expect(await read(rotated)).toEqual(expected)
      expect(await read(join(root, 'samples/k8s/api_json.log'))).toEqual(expected)
    },
  )
})
