/**
 * vitest's global set-up: bundle the entry scripts from the TypeScript sources, as `npm run bundle` does from
 * tsc's output, into a fresh folder named by `SCIMTRACE_TEST_BUNDLE`. Worker threads cannot load TypeScript,
 * so the read worker and the report job run from this bundle (`common/threads/entry.ts`), and the CLI tests
 * spawn its `main.js` (`test/cli/run.ts`): `npx vitest` never tests stale compiled code from `dist/`.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The bundle's entries; the same as package.json's `bundle` script, from the sources. */
export const ENTRIES = [
  'src/cli/main.ts',
  'src/sources/api-log/worker.ts',
  'src/analysis/parallel/report-job.ts',
  'src/analysis/parallel/prepare-segment.ts',
]

export default async function setup(): Promise<() => void> {
  // Inside the project, so the bundle finds package.json (its version) and node_modules (yargs) as dist/bin does.
  const dir = join(ROOT, 'node_modules', '.cache', `scimtrace-test-bundle-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  await build({
    entryPoints: ENTRIES.map((entry) => join(ROOT, entry)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: dir,
    entryNames: '[name]',
    // Loaded only by runs that read a cluster (`cli/es-options.ts`), from node_modules, as in dist/bin.
    external: ['@elastic/elasticsearch'],
    logLevel: 'warning',
  })
  // The explorer's own bundle beside main.js, as package.json's `bundle` script makes dist/bin/tui.js: Ink and
  // React load only for `tui` (`cli/commands/tui.ts`).
  await build({
    entryPoints: [join(ROOT, 'src/views/tui/start.tsx')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(dir, 'tui.js'),
    alias: { 'react-devtools-core': join(ROOT, 'src/views/tui/no-devtools.ts') },
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: {
      js: 'import { createRequire as __tuiCreateRequire } from "node:module"; const require = __tuiCreateRequire(import.meta.url);',
    },
    logLevel: 'warning',
  })
  process.env.SCIMTRACE_TEST_BUNDLE = dir
  return () => rmSync(dir, { recursive: true, force: true })
}
