import { defineConfig } from 'vitest/config'

/**
 * The long whole-pipeline proofs (`*.slow.test.ts`), run by `npm test` after every other test and
 * one file at a time: thousands of real processes would starve the timing of the end-to-end tests
 * beside them on a two-core machine.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.slow.test.ts'],
    environment: 'node',
    testTimeout: 30000,
    hookTimeout: 60000,
    maxWorkers: 1
  }
})
