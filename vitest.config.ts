import { defineConfig } from 'vitest/config';

// No test is timed (speed is npm run bench's): the timeout only guards against a hang, and many
// tests spawn the CLI, whose start-up a busy two-core machine can stretch past vitest's 5 s.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 60_000, setupFiles: ['test/helpers/cleanup.ts'] },
});
