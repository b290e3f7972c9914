import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/*
 * Offline, as a person meets it: the browser's network switched off (Chromium's offline emulation, which
 * the service worker's own requests obey too), through the real sign-in against the emulator.
 */

test.describe.configure({ timeout: 180_000 });

interface MailboxState {
  folders: { id: string; wellKnownName: string | null }[];
  messages: {
    id: string;
    parentFolderId: string;
    subject: string;
    isRead: boolean;
    isDraft: boolean;
    flagStatus: string;
    toRecipients: string[];
  }[];
}

const mailbox = async (alias: string) => (await emulatorControl(`/mailboxes/${alias}`)) as MailboxState;

const folderOf = (state: MailboxState, wellKnownName: string) =>
  state.folders.find((f) => f.wellKnownName === wellKnownName)?.id;

const inboxRows = (page: Page) => page.getByRole('listbox', { name: 'Inbox' }).getByRole('option');

async function openInbox(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await expect(inboxRows(page).first()).toBeVisible({ timeout: 60_000 });
}

/** Counts in the signed-in person's mirror (IndexedDB), read the way any page script could. */
async function mirror(
  page: Page,
): Promise<{ databases: string[]; bodies: number; outbox: number; drafts: number; filled: boolean }> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .filter((n) => n.startsWith('tidings-'));
    let bodies = 0;
    let outbox = 0;
    let drafts = 0;
    let filled = false;
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const count = (store: string, query?: IDBKeyRange, index?: string) =>
        new Promise<number>((resolve) => {
          if (!db.objectStoreNames.contains(store)) return resolve(0);
          const target = db.transaction(store).objectStore(store);
          const request = index ? target.index(index).count(query) : target.count(query);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(0);
        });
      bodies += await count('responses', IDBKeyRange.only('conversation'), 'kind');
      outbox += await count('outbox');
      drafts += await count('drafts');
      filled ||= (await count('meta', IDBKeyRange.only('filledAt'))) > 0;
      db.close();
    }
    return { databases: names, bodies, outbox, drafts, filled };
  });
}

/**
 * The app is ready for offline use: the service worker is active, the page is saved, and the mirror has
 * been filled once (folders, lists, the newest bodies).
 */
async function waitUntilOfflineReady(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          const saved = await caches.open('tidings-pages').then((c) => c.match('/mail'));
          return Boolean(registration?.active && saved);
        }),
      { timeout: 60_000 },
    )
    .toBe(true);
  await expect.poll(async () => (await mirror(page)).filled, { timeout: 120_000 }).toBe(true);
}

async function goOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await expect(page.getByTestId('offline-status')).toContainText('Offline', { timeout: 30_000 });
}

async function goOnline(context: BrowserContext, page: Page) {
  await context.setOffline(false);
  await expect(page.getByTestId('offline-status')).toBeHidden({ timeout: 60_000 });
}

const pane = (page: Page) => page.getByRole('dialog', { name: /New message|Draft/ });

/** Opens a new message and types into it, as a person would (the body key by key). */
async function writeNewMessage(page: Page, mail: { to?: string; subject: string; body: string }) {
  await page.getByRole('button', { name: 'New message' }).click();
  const compose = pane(page);
  if (mail.to) await compose.getByRole('combobox', { name: 'To' }).fill(mail.to);
  await compose.getByRole('textbox', { name: 'Subject' }).fill(mail.subject);
  await compose.getByRole('textbox', { name: 'Message body' }).click();
  await page.keyboard.type(mail.body);
  return compose;
}

const bodyFrame = (page: Page) => page.locator('iframe[title^="Message body"]').last();

test('after one visit, an offline reload shows the inbox and opens five messages, one never opened before', async ({
  page,
  context,
}) => {
  // Five messages of known text on top of megan's Inbox (other specs leave her mail of every kind, an
  // answer to a meeting with no text in it among them): each must open offline with its own text.
  const stamp = Date.now();
  const sent: { subject: string; body: string }[] = [];
  for (let index = 1; index <= 5; index++) {
    const mail = {
      subject: `Read offline ${stamp} #${index}`,
      body: `Text ${index} kept for offline (${stamp})`,
    };
    await emulatorControl('/mail', { to: 'megan@contoso.test', from: 'alex@contoso.test', ...mail });
    sent.push(mail);
  }
  await openInbox(page, 'megan');
  await expect(inboxRows(page).filter({ hasText: sent[4]?.subject ?? '∅' })).toBeVisible({ timeout: 60_000 });
  // Opened once online; the other four never were.
  await inboxRows(page)
    .filter({ hasText: sent[4]?.subject ?? '∅' })
    .click();
  await expect(bodyFrame(page)).toBeVisible();
  await waitUntilOfflineReady(page);

  await context.setOffline(true);
  // The service worker's own requests are offline too, so the page below can only come from its cache.
  const [worker] = context.serviceWorkers();
  expect(
    await worker?.evaluate(() =>
      fetch('/api/health', { cache: 'no-store' }).then(
        () => 'reached',
        () => 'offline',
      ),
    ),
  ).toBe('offline');
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(inboxRows(page).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('offline-status')).toContainText('Offline — showing mail from');

  for (const mail of sent) {
    await inboxRows(page).filter({ hasText: mail.subject }).click();
    await expect(page.getByRole('heading', { level: 2, name: mail.subject })).toBeVisible({
      timeout: 30_000,
    });
    const frame = page.frameLocator('iframe[title^="Message body"]').last();
    await expect(frame.locator('body')).toContainText(mail.body, { timeout: 30_000 });
    await expect(page.getByText(/couldn’t be opened/)).toHaveCount(0);
  }
});

test('typed text survives offline: written, reloaded offline, still there; online it is in Drafts', async ({
  page,
  context,
}) => {
  await openInbox(page, 'alex');
  await waitUntilOfflineReady(page);
  await goOffline(context, page);

  const subject = `Written offline ${Date.now()}`;
  const compose = await writeNewMessage(page, {
    to: 'megan@contoso.test',
    subject,
    body: 'Every word of this was typed without a network.',
  });
  await expect(compose).toContainText('Saved on this device', { timeout: 30_000 });
  await expect(page).toHaveURL(/compose=local%3A|compose=local:/);

  await page.reload();
  const resumed = pane(page);
  await expect(resumed.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject, { timeout: 30_000 });
  await expect(resumed.getByRole('textbox', { name: 'Message body' })).toContainText(
    'Every word of this was typed without a network.',
  );

  await goOnline(context, page);
  await expect
    .poll(
      async () => (await mailbox('alex')).messages.filter((m) => m.isDraft && m.subject === subject).length,
      {
        timeout: 60_000,
      },
    )
    .toBe(1);
});

test('a mail sent offline is delivered exactly once, also when the connection drops in the middle of the replay', async ({
  page,
  context,
}) => {
  await openInbox(page, 'adele');
  await waitUntilOfflineReady(page);
  await goOffline(context, page);

  const subject = `Sent from the Outbox ${Date.now()}`;
  const compose = await writeNewMessage(page, {
    to: 'megan@contoso.test',
    subject,
    body: 'Queued while offline.',
  });
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByText(/in the Outbox/)).toBeVisible();
  await expect(page.getByTestId('outbox-folder')).toContainText('Outbox1');
  expect((await mirror(page)).outbox).toBe(1);

  // The first send reaches the server and Microsoft 365, but its answer never reaches the browser.
  let dropped = 0;
  await page.route('**/api/drafts/*/send', async (route) => {
    if (dropped > 0) return route.continue();
    dropped += 1;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await context.setOffline(false);

  await expect.poll(async () => (await mirror(page)).outbox, { timeout: 90_000 }).toBe(0);
  expect(dropped).toBe(1);
  await expect(page.getByTestId('offline-status')).toBeHidden({ timeout: 60_000 });
  const megan = await mailbox('megan');
  expect(megan.messages.filter((m) => m.subject === subject && !m.isDraft)).toHaveLength(1);
  const adele = await mailbox('adele');
  const sent = folderOf(adele, 'sentitems');
  expect(adele.messages.filter((m) => m.subject === subject && m.parentFolderId === sent)).toHaveLength(1);
  expect(adele.messages.filter((m) => m.subject === subject && m.isDraft)).toHaveLength(0);
  await expect(page.getByTestId('offline-failures')).toHaveCount(0);
});

async function graphToken(user: string): Promise<string> {
  const { access_token } = (await emulatorControl('/tokens', { user })) as { access_token: string };
  return access_token;
}

test('five actions done offline are applied in order on reconnect; one on a message deleted meanwhile is reported', async ({
  page,
  context,
}) => {
  await openInbox(page, 'megan');
  await waitUntilOfflineReady(page);
  const before = await mailbox('megan');
  const inbox = folderOf(before, 'inbox');
  const rows = await inboxRows(page).all();
  const idOf = async (index: number) => {
    const id = await rows[index]?.getAttribute('data-message-id');
    if (!id) throw new Error(`row ${index} has no message id`);
    return id;
  };
  const [a, b, c, d] = [await idOf(0), await idOf(1), await idOf(2), await idOf(3)];
  const gone = before.messages.find((m) => m.id === d);
  expect(gone && inbox && gone.parentFolderId === inbox).toBe(true);
  const aWasRead = before.messages.find((m) => m.id === a)?.isRead;

  await goOffline(context, page);
  const toolbarAction = async (id: string, name: RegExp) => {
    await page.locator(`[data-message-id="${id}"]`).click();
    await page.getByRole('toolbar').getByRole('button', { name }).first().click();
  };
  // 1–2: A flagged, then unflagged (order shows in the end state: not flagged).
  await toolbarAction(a, /^Flag/);
  await toolbarAction(a, /Unflag|Clear flag/);
  // 3: B flagged. 4: C archived. 5: D deleted — but D is deleted on the server meanwhile.
  await toolbarAction(b, /^Flag/);
  await toolbarAction(c, /Archive/);
  await toolbarAction(d, /Delete/);
  await expect(page.getByTestId('offline-status')).toContainText(/changes waiting/);

  const token = await graphToken('megan');
  const deleted = await fetch(`${EMULATOR_URL}/v1.0/me/messages/${encodeURIComponent(d)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(deleted.status).toBe(204);
  // Also gone from Deleted Items, so the replayed delete has nothing to act on.
  const after = await mailbox('megan');
  const leftover = after.messages.find(
    (m) => m.subject === gone?.subject && m.parentFolderId === folderOf(after, 'deleteditems'),
  );
  if (leftover)
    await fetch(`${EMULATOR_URL}/v1.0/me/messages/${encodeURIComponent(leftover.id)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });

  await context.setOffline(false);
  await expect(page.getByTestId('offline-failures')).toContainText(gone?.subject ?? '', { timeout: 90_000 });
  await expect.poll(async () => (await mirror(page)).outbox, { timeout: 60_000 }).toBe(0);

  const state = await mailbox('megan');
  const find = (id: string) => state.messages.find((m) => m.id === id);
  expect(find(a)?.flagStatus).toBe('notFlagged');
  expect(find(a)?.isRead).toBe(true);
  expect(aWasRead === undefined).toBe(false);
  expect(find(b)?.flagStatus).toBe('flagged');
  const archived = state.messages.filter((m) => m.parentFolderId === folderOf(state, 'archive'));
  expect(archived.some((m) => m.subject === before.messages.find((x) => x.id === c)?.subject)).toBe(true);
  expect(find(c)?.parentFolderId).not.toBe(inbox);
});

test('the offline status appears on its own and clears on reconnect; mail that arrived meanwhile shows without a reload', async ({
  page,
  context,
}) => {
  await openInbox(page, 'alex');
  await waitUntilOfflineReady(page);
  await context.setOffline(true);
  // No click, no request of ours: the browser's signal and a failed probe are enough.
  await expect(page.getByTestId('offline-status')).toContainText('Offline — showing mail from', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('live-indicator')).toHaveCount(0);

  // Search offline looks through the mail saved on this device, and says so.
  const alexMail = await mailbox('alex');
  const saved = alexMail.messages.find((m) => m.parentFolderId === folderOf(alexMail, 'inbox'));
  const word = saved?.subject.split(/\s+/).find((w) => w.length > 4) ?? '';
  await page.getByRole('searchbox', { name: 'Search mail' }).fill(word);
  await expect(page.getByText(/Offline: \d+ found in the mail saved on this device/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    page
      .getByRole('listbox', { name: /Search results/ })
      .getByRole('option')
      .first(),
  ).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search mail' }).fill('');

  const subject = `Arrived while offline ${Date.now()}`;
  await emulatorControl('/mail', {
    to: 'alex@contoso.test',
    from: 'megan@contoso.test',
    subject,
    body: 'Hello',
  });

  await context.setOffline(false);
  await expect(page.getByTestId('offline-status')).toBeHidden({ timeout: 60_000 });
  await expect(inboxRows(page).filter({ hasText: subject })).toBeVisible({ timeout: 60_000 });
});

test('signing out removes the mirror, the outbox and the saved page from the browser', async ({ page }) => {
  await openInbox(page, 'megan');
  await waitUntilOfflineReady(page);
  const before = await mirror(page);
  expect(before.databases).toHaveLength(1);

  // Offline the session cannot end on the server: nothing is deleted, and the person is told.
  await goOffline(page.context(), page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Signing out needs the network' })).toBeVisible();
  expect((await mirror(page)).databases).toEqual(before.databases);
  await goOnline(page.context(), page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  const after = await mirror(page);
  expect(after.databases).toEqual([]);
  expect(
    await page.evaluate(() =>
      caches
        .open('tidings-pages')
        .then((c) => c.match('/mail'))
        .then(Boolean),
    ),
  ).toBe(false);
});

test('someone else signing in on the same browser removes the previous person’s mirror', async ({
  page,
  context,
}) => {
  await openInbox(page, 'megan');
  await waitUntilOfflineReady(page);
  const megan = (await mirror(page)).databases;
  expect(megan).toHaveLength(1);
  // Megan's session ends without her signing out here (it expired, or she signed out elsewhere).
  await context.clearCookies();
  await openInbox(page, 'alex');
  await expect.poll(async () => (await mirror(page)).databases, { timeout: 30_000 }).not.toContain(megan[0]);
  expect((await mirror(page)).databases).toHaveLength(1);
});

test('the app passes Chromium’s installability checks; a new version takes over after “Reload to update”, the draft kept', async ({
  playwright,
}, testInfo) => {
  // Installability is not judged in incognito, which is what a test's fresh context is: use a profile.
  const profile = await mkdtemp(path.join(tmpdir(), 'tidings-install-'));
  const context = await playwright.chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    baseURL: testInfo.project.use.baseURL,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await openInbox(page, 'alex');
    await waitUntilOfflineReady(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toContain('/manifest.webmanifest');

    // A draft half written when the new version arrives.
    const subject = `Across an update ${Date.now()}`;
    await writeNewMessage(page, { subject, body: 'Half a sentence when the update came' });

    // A new deployment: a service worker script at a new address, registered as a new version would be.
    await page.evaluate(() =>
      navigator.serviceWorker.register('/serwist/sw.js?deployment=next', { scope: '/' }),
    );
    const banner = page.getByTestId('update-ready');
    await expect(banner).toContainText('A new version of Tidings is ready', { timeout: 60_000 });
    await Promise.all([
      page.waitForEvent('load', { timeout: 60_000 }),
      banner.getByRole('button', { name: 'Reload to update' }).click(),
    ]);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? ''), {
        timeout: 30_000,
      })
      .toContain('deployment=next');
    const resumed = pane(page);
    await expect(resumed.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject, { timeout: 30_000 });
    await expect(resumed.getByRole('textbox', { name: 'Message body' })).toContainText(
      'Half a sentence when the update came',
    );
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('ticked messages flagged offline wait in the Outbox, one change each, and are flagged on reconnect', async ({
  page,
  context,
}) => {
  const prefix = `Offline bulk ${Date.now().toString(36)}`;
  await emulatorControl('/mail/bulk', { to: 'alex', count: 3, subjectPrefix: prefix });
  await openInbox(page, 'alex');
  await expect(inboxRows(page).filter({ hasText: prefix })).toHaveCount(3, { timeout: 60_000 });
  await waitUntilOfflineReady(page);
  const ids: string[] = [];
  for (const row of (await inboxRows(page).all()).slice(0, 3))
    ids.push((await row.getAttribute('data-message-id')) ?? '');
  const before = await mailbox('alex');
  for (const id of ids) expect(before.messages.find((m) => m.id === id)?.subject).toContain(prefix);

  await goOffline(context, page);
  await inboxRows(page).first().getByTestId('row-check').click();
  await inboxRows(page)
    .nth(2)
    .getByTestId('row-check')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('3 selected');
  await page
    .getByRole('toolbar', { name: 'Selected messages' })
    .getByRole('button', { name: 'Flag selected' })
    .click();
  await expect.poll(async () => (await mirror(page)).outbox, { timeout: 30_000 }).toBe(3);

  await context.setOffline(false);
  await expect.poll(async () => (await mirror(page)).outbox, { timeout: 90_000 }).toBe(0);
  const after = await mailbox('alex');
  for (const id of ids) expect(after.messages.find((m) => m.id === id)?.flagStatus).toBe('flagged');
});
