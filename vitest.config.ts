import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(__dirname),
      // `server-only` throws outside React Server Components; tests are server code.
      'server-only': path.resolve(__dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    // Build folders (.next, .next-demo, …) hold copies of packages with test files of their own.
    exclude: ['**/node_modules/**', 'e2e/**', '.next*/**', 'dist/**', 'lib/generated/**'],
    environment: 'node',
    setupFiles: ['./vitest.setup.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A render's time budget (4 s in production) is a wall clock: on a loaded CI machine a plain mail can
    // wait that long for a worker, and a test about something else would see the fallback. The tests about
    // the budget pass their own.
    env: { NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn', MAIL_RENDER_BUDGET_MS: '120000' },
  },
});
