/**
 * The input shapes of issue #10, generated once (deterministically, `samples/generator/big.ts`) into
 * `bench/data/` and reused while their meta file says they were made with the same options:
 * - `dense-1m-4g`: 1,000,000 SCIM requests and nothing else, 100,000 people in 4 groups;
 * - `dense-200k-1g`: the same shape with 200,000 requests and 20,000 people in one group;
 * - `sparse-1g-1g-fail`: 1 GiB of ordinary API traffic with 1% SCIM requests, all in one group, ~40% failing.
 * `--quick` makes each a tenth of its size.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ShapeOptions {
  bytes: number
  scimRatio?: number
  requests?: number
  people?: number
  groups?: number
  failures?: number
  seed?: number
}

export interface Shape {
  name: string
  what: string
  options: ShapeOptions
}

export interface ShapeFile extends Shape {
  path: string
  bytes: number
  lines: number
  scimLines: number
  people: number
  /** SCIM requests answered with a 4xx or 5xx (counted in the file, for the table). */
  failed: number
}

const GiB = 2 ** 30

export function shapes(quick: boolean): Shape[] {
  const k = quick ? 10 : 1
  return [
    {
      name: `dense-${1000 / k}k-4g`,
      what: `${(1_000_000 / k).toLocaleString('en')} SCIM requests, ${(100_000 / k).toLocaleString('en')} people, 4 groups`,
      options: {
        bytes: 8 * GiB,
        scimRatio: 1,
        requests: 1_000_000 / k,
        people: 100_000 / k,
        groups: 4,
        failures: 0.05,
      },
    },
    {
      name: `dense-${200 / k}k-1g`,
      what: `${(200_000 / k).toLocaleString('en')} SCIM requests, ${(20_000 / k).toLocaleString('en')} people, one group`,
      options: {
        bytes: 8 * GiB,
        scimRatio: 1,
        requests: 200_000 / k,
        people: 20_000 / k,
        groups: 1,
        failures: 0.05,
      },
    },
    {
      name: `sparse-${1024 / k}m-1g-fail`,
      what: `${1024 / k} MiB, 1% SCIM requests in one group, ~40% of them failing`,
      options: { bytes: GiB / k, scimRatio: 0.01, people: 20_000 / k, groups: 1, failures: 0.7 },
    },
  ]
}

type Generator = (options: ShapeOptions & { path: string }) => Promise<{
  bytes: number
  lines: number
  scimLines: number
  people: number
}>

/** The file of a shape, generated unless a copy made with the same options is there. */
export async function shapeFile(dataDir: string, shape: Shape, seed: number): Promise<ShapeFile> {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, `${shape.name}.log`)
  const metaPath = `${path}.meta.json`
  const options = { ...shape.options, seed }
  type Meta = { options: ShapeOptions; result: Omit<ShapeFile, keyof Shape | 'path'> }
  let meta: Meta | undefined
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta
    if (JSON.stringify(meta.options) !== JSON.stringify(options) || statSync(path).size !== meta.result.bytes)
      meta = undefined
  } catch {
    meta = undefined
  }
  if (!meta || !existsSync(path)) {
    const { writeBigLog } = (await import(new URL('../samples/generator/big.js', import.meta.url).href)) as {
      writeBigLog: Generator
    }
    process.stderr.write(`generating ${path} (${shape.what})…\n`)
    const result = await writeBigLog({ ...options, path })
    meta = { options, result: { ...result, failed: countFailed(path) } }
    writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`)
  }
  return { ...shape, path, ...meta.result }
}

/** SCIM requests with a 4xx/5xx status: one pass, line by line, on the generator's own key order. */
function countFailed(path: string): number {
  let failed = 0
  const text = readFileSync(path)
  let start = 0
  while (start < text.length) {
    let end = text.indexOf(10, start)
    if (end < 0) end = text.length
    const line = text.toString('latin1', start, Math.min(end, start + 400))
    if (line.includes('/api/scim/') && /"status":[45]\d\d/.test(line)) failed++
    start = end + 1
  }
  return failed
}
