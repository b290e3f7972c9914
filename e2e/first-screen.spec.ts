import { expect, type Request, test } from '@playwright/test';
import type { SyncStatusDto } from '../lib/mail/types';
import { signIn } from './helpers';

/*
 * The mail screen's first read of the list is the one it shows, and it starts from the page's head. A first sign-in's list waits on a busy
 * server; if anything asked for the same page again while that read was out, SWR would keep only the later
 * answer and the list would stay empty for as long as the second read took (the first sync's status arriving
 * used to do exactly that).
 */

// The screen's own first page of the Inbox (its Focused tab); the offline mirror reads the whole Inbox's apart.
const firstInboxPage = /\/api\/messages\?folder=inbox&limit=50&view=focused$/;

test('the Inbox list is read once while its first read is out, even as the sync status arrives', async ({
  page,
}) => {
  await signIn(page, 'megan');
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });

  // Off the screen first, so nothing the earlier page still asks for is counted below.
  await page.goto('about:blank');
  // From here on the sync always says it is running (as during a first sync), and the list's first read is
  // held until the page has had that status, and polled for it again, so any re-read it causes is seen.
  const syncing: SyncStatusDto = {
    state: 'syncing',
    folderName: 'Inbox',
    done: 10,
    total: 100,
    finishedAt: null,
    error: null,
    graphReachable: true,
  };
  let statusReads = 0;
  let polledAgain: () => void = () => {};
  const polled = new Promise<void>((resolve) => (polledAgain = resolve));
  await page.route('**/api/sync', async (route) => {
    await route.fulfill({ json: syncing });
    if (route.request().method() === 'GET' && ++statusReads >= 2) polledAgain();
  });
  const listReads: Request[] = [];
  await page.route(firstInboxPage, async (route) => {
    listReads.push(route.request());
    if (listReads.length === 1) await polled;
    await route.continue();
  });

  const firstAnswer = page.waitForResponse((response) => firstInboxPage.test(response.url()));
  await page.goto('/mail');
  await firstAnswer;
  // Only the first read was asked for before it answered (a re-read would have started while it was held).
  // That read is the page's own preload, started from its head, and the list's fetch was handed it.
  expect(listReads).toHaveLength(1);
  await expect(page.locator('link[rel="preload"][as="fetch"]')).toHaveCount(3);
  expect(
    await page
      .locator('link[rel="preload"][as="fetch"]')
      .evaluateAll((links) => links.map((link) => new URL((link as HTMLLinkElement).href).pathname)),
  ).toEqual(['/api/folders', '/api/sync', '/api/messages']);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible();
});

test('reads the first screen does not need wait until the list’s first read has answered', async ({
  page,
}) => {
  await signIn(page, 'megan');
  const rows = page.getByRole('listbox', { name: 'Inbox' }).getByRole('option');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });

  const secondary = (request: Request) => {
    const { pathname } = new URL(request.url());
    return (
      ['/api/categories', '/api/automatic-replies', '/api/scheduled'].includes(pathname) ||
      (pathname === '/api/sync' && request.method() === 'POST')
    );
  };
  await page.goto('about:blank');
  let held = true;
  const whileHeld: string[] = [];
  page.on('request', (request) => {
    if (held && secondary(request)) whileHeld.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let reads = 0;
  await page.route(firstInboxPage, async (route) => {
    if (++reads === 1) await released;
    await route.continue();
  });

  const liveConnected = page.waitForRequest(
    (request) => new URL(request.url()).pathname === '/api/pusher/auth',
  );
  await page.goto('/mail');
  // The screen is up (its folder pane drawn from this device's copy) and has connected for live updates:
  // everything that used to ask for these asked as it mounted, before that.
  await expect(
    page.getByRole('navigation', { name: 'Folders' }).getByRole('link', { name: /^Inbox\b/ }),
  ).toBeVisible();
  await liveConnected;
  expect(whileHeld).toEqual([]);

  const after = ['/api/categories', '/api/automatic-replies', '/api/scheduled'].map((path) =>
    page.waitForRequest((request) => new URL(request.url()).pathname === path),
  );
  const syncRound = page.waitForRequest(
    (request) => new URL(request.url()).pathname === '/api/sync' && request.method() === 'POST',
  );
  held = false;
  release();
  await Promise.all([...after, syncRound]);
  await expect(rows.first()).toBeVisible();
});
