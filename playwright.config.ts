import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { APP_ENV, APP_PORT, APP_URL, EMULATOR_PORT, EMULATOR_URL, PUSHER_PORT, PUSHER_URL } from './e2e/env';
import { SERVER_NODE_FLAGS } from './scripts/server-flags';

/*
 * End-to-end tests run against a production build (`npm run test:e2e` builds first) on Debian's Chromium.
 * PLAYWRIGHT_CHROMIUM_PATH points elsewhere; set it empty to use Playwright's own downloaded browser.
 */
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = chromiumPath && existsSync(chromiumPath) ? chromiumPath : undefined;

export default defineConfig({
  testDir: './e2e',
  // Per port, so two runs side by side (E2E_*_PORT, NEXT_DIST_DIR) keep apart.
  outputDir: `test-results/${APP_PORT}`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  // A busy 2-core machine (CI shares it) can take seconds for what is instant alone: assertions wait for
  // their condition up to 15 s instead of Playwright's 5.
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: APP_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined } },
    { name: 'phone', use: { ...devices['Pixel 7'], viewport: { width: 390, height: 844 } }, grep: /@phone/ },
  ],
  webServer: [
    {
      command: 'tsx pusher-server/main.ts',
      url: `${PUSHER_URL}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PUSHER_SERVER_PORT: String(PUSHER_PORT),
        PUSHER_APP_ID: 'tidings',
        PUSHER_KEY: 'tidings-key',
        PUSHER_SECRET: 'tidings-secret',
      },
    },
    {
      command: 'tsx emulator/main.ts',
      url: `${EMULATOR_URL}/_emulator/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        EMULATOR_PORT: String(EMULATOR_PORT),
        EMULATOR_REDIRECT_URIS: `${APP_URL}/api/auth/callback/azure-ad`,
      },
    },
    {
      // A fresh embedded database every run: the app must start on an empty folder with no manual step.
      command: `rm -rf .data/e2e-${APP_PORT} && node ${SERVER_NODE_FLAGS.join(' ')} node_modules/next/dist/bin/next start -p ${APP_PORT}`,
      url: `${APP_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { ...APP_ENV, DATABASE_URL: `pglite:.data/e2e-${APP_PORT}` },
    },
  ],
});
