import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { writeBigLog } from '../../samples/generator/big.js'

const temps: string[] = []
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true })
})

describe('big-file mode', () => {
  it('writes ~5 MB of valid lines with ~1% SCIM requests, and a gzip copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scimtrace-big-'))
    temps.push(dir)
    const path = join(dir, 'api_json.log')
    const gzipPath = join(dir, 'api_json.log.gz')
    const target = 5 * 1024 * 1024
    const result = await writeBigLog({ path, bytes: target, seed: 7, gzipPath })
    const size = (await stat(path)).size
    expect(result.bytes).toBe(size)
    expect(Math.abs(size - target) / target).toBeLessThan(0.05)

    const data = await readFile(path)
    expect(gunzipSync(await readFile(gzipPath)).equals(data)).toBe(true)
    const lines = data.toString('utf8').split('\n')
    expect(lines.pop()).toBe('')
    expect(lines.length).toBe(result.lines)
    let scim = 0
    let previous = ''
    let mentions = 0
    let multibyte = 0
    for (const line of lines) {
      const doc = JSON.parse(line) as Record<string, unknown>
      expect(typeof doc.time).toBe('string')
      expect(String(doc.time) >= previous).toBe(true)
      previous = String(doc.time)
      if (String(doc.path).startsWith('/api/scim/')) scim++
      else if (line.toLowerCase().includes('scim')) mentions++
      if (Buffer.byteLength(line) !== line.length) multibyte++
    }
    expect(scim).toBe(result.scimLines)
    expect(scim / lines.length).toBeGreaterThan(0.008)
    expect(scim / lines.length).toBeLessThan(0.012)
    expect(result.people).toBeGreaterThan(10)
    expect(mentions).toBeGreaterThan(0)
    expect(multibyte).toBeGreaterThan(0)
  })

  it('is deterministic for a seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scimtrace-big-'))
    temps.push(dir)
    const a = join(dir, 'a.log')
    const b = join(dir, 'b.log')
    await writeBigLog({ path: a, bytes: 1024 * 1024, seed: 3 })
    await writeBigLog({ path: b, bytes: 1024 * 1024, seed: 3 })
    expect((await readFile(a)).equals(await readFile(b))).toBe(true)
  })
})
