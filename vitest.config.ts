import { defineConfig } from 'vitest/config';

// Database tests run on the embedded PGlite always, and again on PostgreSQL when DATABASE_URL is set.
const serverTests = ['src/**/*.test.ts', 'test/api/**/*.test.ts', 'providers/**/*.test.ts'];
const common = { globalSetup: ['test/support/global-setup.ts'], hookTimeout: 120_000, testTimeout: 30_000 };

export default defineConfig({
  test: {
    projects: [
      { extends: true as const, test: { ...common, name: 'pglite', include: serverTests, env: { XR_TEST_DB: 'pglite' } } },
      ...(process.env.DATABASE_URL
        ? [{ extends: true as const, test: { ...common, name: 'postgres', include: serverTests, env: { XR_TEST_DB: 'postgres' } } }]
        : []),
      { extends: true as const, test: { name: 'web', include: ['web/src/**/*.test.ts', 'web/src/**/*.test.tsx'] } },
      { extends: true as const, test: { ...common, name: 'e2e', include: ['test/e2e/**/*.e2e.test.ts'], testTimeout: 180_000, fileParallelism: false, env: { XR_TEST_DB: 'pglite' } } },
    ],
  },
});
