import { expect, type Request, test } from '@playwright/test';
import type { SyncStatusDto } from '../lib/mail/types';
import { signIn } from './helpers';

/*
 * The mail screen's first read of the list is the one it shows, and it starts from the page's head. A first sign-in's list waits on a busy
 * server; if anything asked for the same page again while that read was out, SWR would keep only the later
 * answer and the list would stay empty for as long as the second read took (the first sync's status arriving
 * used to do exactly that).
 */

const firstInboxPage = /\/api\/messages\?folder=inbox&limit=50(&view=\w+)?$/;

test('the Inbox list is read once while its first read is out, even as the sync status arrives', async ({
  page,
}) => {
  await signIn(page, 'megan');
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });

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
  await page.reload();
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
