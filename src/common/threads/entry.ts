/**
 * Where a worker's entry script is. Built code has it next to the module that starts it, under the same
 * name in tsc's output (`dist/src/…`) and in the bundle (`dist/bin/`, one file per entry). Under vitest the
 * sources are TypeScript, which a worker thread cannot load, so the test setup (`test/setup/bundle.ts`)
 * bundles the entry scripts from the sources first and names their folder in `SCIMTRACE_TEST_BUNDLE`: tests
 * never run stale compiled code.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The entry script `name` (`worker.js`) next to `from` (the starting module's `import.meta.url`). */
export function entryUrl(from: string, name: string): URL {
  if (!from.endsWith('.ts')) return new URL(`./${name}`, from)
  const dir = process.env.SCIMTRACE_TEST_BUNDLE
  if (!dir) {
    throw new Error(
      `${name} runs in a worker thread, which cannot load TypeScript: run the tests with vitest (test/setup/bundle.ts bundles it from the sources)`,
    )
  }
  return pathToFileURL(join(dir, name))
}
