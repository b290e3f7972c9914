/*
 * The demo's sign-in figure, measured the way a person meets it: against a running `npm run demo`, a
 * Chromium opens the app, signs in through the emulator's form, and the time from pressing "Sign in" to
 * the first inbox row on screen is printed. Each run uses another seeded user (a first sign-in each
 * time, as long as the demo's database is fresh).
 *   PORT=3000 node --import tsx scripts/demo-timing.ts [adele|alex|megan]
 * PLAYWRIGHT_CHROMIUM_PATH as for the end-to-end tests (default /usr/bin/chromium).
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const PASSWORDS: Record<string, string> = {
  adele: 'Adele-demo-1',
  alex: 'Alex-demo-1',
  megan: 'Megan-demo-1',
};
const appUrl = `http://localhost:${process.env.PORT || 3000}`;
const alias = process.argv[2] ?? 'adele';
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main() {
  const browser = await chromium.launch({
    executablePath: chromiumPath && existsSync(chromiumPath) ? chromiumPath : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/signin`);
    await page.getByRole('button', { name: /Sign in with Microsoft/ }).click();
    await page.getByLabel('Email or username').fill(`${alias}@contoso.test`);
    await page.getByLabel('Password').fill(PASSWORDS[alias] ?? '');
    // When the app's sign-in callback and the inbox page answered, to tell where the time went.
    const answered = new Map<string, number>();
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      const step = pathname.startsWith('/api/auth/callback/')
        ? 'callback'
        : pathname === '/mail'
          ? 'page'
          : null;
      if (step && !answered.has(step)) answered.set(step, performance.now());
    });
    const began = performance.now();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${appUrl}/mail**`, { timeout: 120_000 });
    const signedIn = performance.now();
    await page
      .getByRole('listbox', { name: 'Inbox' })
      .getByRole('option')
      .first()
      .waitFor({ state: 'visible', timeout: 120_000 });
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const at = (step: string) => seconds((answered.get(step) ?? Number.NaN) - began);
    console.log(
      `${alias}: sign-in to first inbox row ${seconds(performance.now() - began)} (callback answered at ${at('callback')}, inbox page at ${at('page')}, loaded at ${seconds(signedIn - began)})`,
    );
  } finally {
    await browser.close();
  }
}

main().catch((error: Error) => {
  console.error(`The measurement failed: ${error.message}`);
  process.exit(1);
});
