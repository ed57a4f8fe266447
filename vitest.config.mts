import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The long whole-pipeline proofs run after these, alone: vitest.slow.config.mts.
    exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
    environment: 'node',
    testTimeout: 30000,
    hookTimeout: 60000,
    // A page on two busy cores can take seconds to show what the engine already has; a poll
    // that fails is still a failure, it only waits longer than vitest's 1 s default.
    expect: { poll: { timeout: 15000 } },
    // Trainer processes and ORT sessions use real cores; two files at a time fits this machine.
    maxWorkers: 2
  }
})
