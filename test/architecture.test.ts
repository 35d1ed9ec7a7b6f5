/**
 * The import rules of `src/` (issue #9), checked on every file's imports rather than by a reviewer's grep.
 *
 * Stages, lowest first: each imports only from its own stage or those below it. The renderers sit below the
 * engine (it streams the JSON report through them); the explorer sits above it, since it drives `analyse()`.
 * Worker threads are owned by the domain-free `common/threads/`, the read path (its own workers, behind
 * `readApiLog`) and the engine's two-thread split; nothing else starts or imports one.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))

/** Stages from the ground floor up; a file belongs to the first whose folder holds it. */
const LAYERS: { name: string; folder: string }[] = [
  { name: 'common', folder: 'common' },
  { name: 'sources', folder: 'sources' },
  { name: 'records', folder: 'records' },
  { name: 'timelines', folder: 'timelines' },
  { name: 'diagnosis', folder: 'diagnosis' },
  { name: 'views', folder: 'views' },
  { name: 'analysis', folder: 'analysis' },
  { name: 'explorer', folder: 'views/tui' },
  { name: 'cli', folder: 'cli' },
  { name: 'library face', folder: 'index.ts' },
]

function layerOf(file: string): number {
  const path = relative(SRC, file).split('\\').join('/')
  let found = -1
  LAYERS.forEach((layer, index) => {
    if (path === layer.folder || path.startsWith(`${layer.folder}/`)) {
      // The deepest folder wins (`views/tui` over `views`).
      if (found === -1 || layer.folder.length > (LAYERS[found] as { folder: string }).folder.length)
        found = index
    }
  })
  if (found === -1) throw new Error(`${path} is in no stage: add its folder to LAYERS`)
  return found
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}

/** Every module a file names: static and type imports, re-exports, `import()` and worker `new URL(…)`s. */
function importsOf(text: string): string[] {
  const names: string[] = []
  const patterns = [
    /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ]
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) names.push(match[1] as string)
  return names
}

interface Edge {
  from: string
  to: string
  /** The imported module inside `src/`, or undefined for a package or a Node module. */
  target: string | undefined
}

const edges: Edge[] = sourceFiles(SRC).flatMap((file) =>
  importsOf(readFileSync(file, 'utf8')).map((name) => ({
    from: file,
    to: name,
    target: name.startsWith('.') ? resolve(dirname(file), name).replace(/\.js$/, '') : undefined,
  })),
)
const local = edges.filter((edge): edge is Edge & { target: string } => edge.target !== undefined)
const show = (edge: Edge): string => `${relative(SRC, edge.from)} → ${edge.to}`

describe('the import rules of src/', () => {
  it('reads a real graph (a broken pattern would pass every rule below)', () => {
    expect(local.length).toBeGreaterThan(300)
    expect(local.some((edge) => show(edge) === 'cli/main.ts → ./commands/index.js')).toBe(true)
  })

  it('imports only from the same stage or one below it', () => {
    const upward = local.filter((edge) => layerOf(`${edge.target}.ts`) > layerOf(edge.from)).map(show)
    expect(upward).toEqual([])
  })

  it('has no import from cli/ inside any stage', () => {
    const cli = `${SRC}cli/`
    expect(
      local.filter((edge) => !edge.from.startsWith(cli) && edge.target.startsWith(cli)).map(show),
    ).toEqual([])
  })

  it('keeps common/ free of any stage (the ground floor imports nothing)', () => {
    const common = `${SRC}common/`
    const out = local.filter((edge) => edge.from.startsWith(common) && !edge.target.startsWith(common))
    expect(out.map(show)).toEqual([])
  })

  it('keeps the two-thread split inside the engine', () => {
    const split = `${SRC}analysis/parallel/`
    const users = local.filter(
      (edge) => edge.target.startsWith(split) && !edge.from.startsWith(`${SRC}analysis/`),
    )
    expect(users.map(show)).toEqual([])
  })

  it('starts worker threads only in common/threads, the read path and the split', () => {
    const owners = ['common/threads/', 'sources/api-log/', 'analysis/parallel/'].map(
      (folder) => `${SRC}${folder}`,
    )
    const threads = edges.filter(
      (edge) => edge.to === 'node:worker_threads' && !owners.some((owner) => edge.from.startsWith(owner)),
    )
    expect(threads.map(show)).toEqual([])
    const pools = local.filter(
      (edge) =>
        edge.target.startsWith(`${SRC}common/threads/`) &&
        !owners.some((owner) => edge.from.startsWith(owner)) &&
        !edge.from.startsWith(`${SRC}sources/index.ts`),
    )
    expect(pools.map(show)).toEqual([])
  })
})
