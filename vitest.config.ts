import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Bundles the CLI and the worker entry scripts from the sources (tests never run stale dist/ code), and
    // starts a real Elasticsearch when the run includes its tests (test/elasticsearch/).
    globalSetup: ['test/setup/bundle.ts', 'test/elasticsearch/global-setup.ts'],
    // End-to-end tests spawn the bundled executable; give them room on a 2-core machine.
    testTimeout: 30_000,
    pool: 'forks',
  },
})
