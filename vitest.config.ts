import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built executable; give them room on a 2-core machine.
    testTimeout: 30_000,
    pool: 'forks',
    // Starts a real Elasticsearch when the run includes its tests (test/elasticsearch/).
    globalSetup: ['test/elasticsearch/globalSetup.ts'],
  },
})
