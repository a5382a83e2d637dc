import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    tags: [
      {
        name: 'slow',
        description:
          'Reliability tests that spawn many server processes (test/reliability); bounded, part ' +
          "of npm test; skip them with --tags-filter='!slow'.",
      },
    ],
  },
});
