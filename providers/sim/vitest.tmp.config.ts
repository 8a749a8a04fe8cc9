import { defineConfig } from 'vitest/config';
const common = { globalSetup: ['test/support/global-setup.ts'], hookTimeout: 120_000, testTimeout: 30_000 };
export default defineConfig({
  root: '/work/main',
  test: { projects: [{ test: { ...common, root: '/work/main', name: 'pglite', include: ['providers/**/*.test.ts', 'src/modules/aggregation/interface-call/**/*.test.ts'], env: { XR_TEST_DB: 'pglite' } } }] },
});
