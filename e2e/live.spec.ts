import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContextOptions, devices, expect, type Page, test } from '@playwright/test';
import { PUSHER_URL } from './env';
import { emulatorControl, pusherServer, signIn } from './helpers';

/*
 * Real time: mail that lands in Microsoft 365 reaches every open tab without a reload, through the
 * webhook, the cache, Pusher and the browser. Other specs use the same people, so expectations are
 * relative to what is on screen before the action.
 */

const rows = (page: Page) => page.getByRole('listbox').getByRole('option');
const rowWithSubject = (page: Page, subject: string) => rows(page).filter({ hasText: subject });
const unique = (label: string) =>
  `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function openInbox(page: Page, user: string) {
  const folders = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/folders');
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
  // The list can show before the folder list's counts (each is its own read): wait for the title's count.
  const { folders: list } = (await (await folders).json()) as {
    folders: { wellKnownName: string | null; unreadCount: number }[];
  };
  if ((list.find((f) => f.wellKnownName === 'inbox')?.unreadCount ?? 0) > 0) {
    await expect.poll(() => titleCount(page)).toBeGreaterThan(0);
  }
  // Subscribed and connected: the header shows the quiet "live" dot.
  await expect(page.getByTestId('live-indicator').locator('[data-state="live"]')).toHaveCount(1, {
    timeout: 10_000,
  });
}

/** The inbox unread count the tab title shows: "(N) Inbox — Tidings", or no parentheses at 0. */
async function titleCount(page: Page): Promise<number> {
  const match = /^\((\d+)\) /.exec(await page.title());
  return match?.[1] ? Number(match[1]) : 0;
}

async function expectAccessibleHeader(page: Page) {
  const results = await new AxeBuilder({ page }).include('header').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function newSignedInPage(browser: Browser, user: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await openInbox(page, user);
  return { context, page };
}

const deliver = (to: string, subject: string, fromName = 'Nestor Wilke') =>
  emulatorControl('/mail', { to, from: 'nestor@contoso.test', fromName, subject, body: 'Hello.' });

test('new mail appears at the top of the open inbox without a reload, with the count and title @phone', async ({
  page,
}) => {
  await openInbox(page, 'adele');
  const before = await titleCount(page);
  const subject = unique('Live arrival');
  let reloaded = false;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) reloaded = true;
  });

  const sentAt = Date.now();
  const since = new Date().toISOString();
  const { id } = (await deliver('adele', subject)) as { id: string };
  await expect(rows(page).first()).toContainText(subject, { timeout: 2000 });
  console.log(`live.spec: delivery to screen in ${Date.now() - sentAt} ms`);
  // The row came from the rich notification itself: Graph was never asked for the message.
  const { requests } = (await emulatorControl(`/requests?since=${encodeURIComponent(since)}`)) as {
    requests: { path: string }[];
  };
  expect(requests.filter((r) => r.path.includes(id))).toEqual([]);
  // It flashes once so the eye finds it.
  await expect(rows(page).first().locator('[data-fresh]')).toHaveCount(1);

  expect(reloaded).toBe(false);
  await expect(rows(page).first().locator('[data-unread]')).toHaveCount(1);
  await expect.poll(() => titleCount(page), { timeout: 2000 }).toBe(before + 1);
  await expect(page).toHaveTitle(`(${before + 1}) Inbox — Tidings`);
  await expect(
    page.getByRole('main').getByText(`${(before + 1).toLocaleString('en-US')} unread`),
  ).toBeVisible();
});

test('reading a mail on a laptop shows it read on the same person’s phone', async ({ browser }) => {
  const first = await newSignedInPage(browser, 'alex');
  const second = await newSignedInPage(browser, 'alex', {
    ...devices['Pixel 7'],
    viewport: { width: 390, height: 844 },
  });
  try {
    const subject = unique('Read elsewhere');
    await deliver('alex', subject);
    const there = rowWithSubject(second.page, subject);
    await expect(there.locator('[data-unread]')).toHaveCount(1, { timeout: 5000 });
    const countThere = await titleCount(second.page);

    // Opening it reads it.
    await rowWithSubject(first.page, subject).click();
    await expect(rowWithSubject(first.page, subject).locator('[data-unread]')).toHaveCount(0);
    await expect(there.locator('[data-unread]')).toHaveCount(0, { timeout: 2000 });
    await expect.poll(() => titleCount(second.page), { timeout: 2000 }).toBe(countThere - 1);
  } finally {
    await first.context.close();
    await second.context.close();
  }
});

test('a desktop notification names the sender and subject while the tab is hidden', async ({ browser }) => {
  const context = await browser.newContext();
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const shown: {
      title: string;
      body: string | undefined;
      tag: string | undefined;
      onclick: (() => void) | null;
    }[] = [];
    Object.assign(window, { __notifications: shown });
    class RecordingNotification {
      static permission: NotificationPermission = 'granted';
      static requestPermission = async (): Promise<NotificationPermission> => 'granted';
      title: string;
      body: string | undefined;
      tag: string | undefined;
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        this.title = title;
        this.body = options?.body;
        this.tag = options?.tag;
        shown.push(this);
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
    Object.defineProperty(document, 'hidden', { get: () => true });
  });
  const page = await context.newPage();
  try {
    await openInbox(page, 'megan');
    await expectAccessibleHeader(page);
    const bell = page.getByRole('button', { name: 'Notify me of new mail' });
    if ((await bell.getAttribute('aria-pressed')) !== 'true') await bell.click();
    await expect(bell).toHaveAttribute('aria-pressed', 'true');

    const subject = unique('Ping');
    await deliver('megan', subject, 'Lidia Holloway');
    await expect(rowWithSubject(page, subject)).toBeVisible({ timeout: 5000 });
    const recorded = () =>
      page.evaluate(
        (s) =>
          (
            (window as unknown as { __notifications: { title: string; body?: string }[] }).__notifications ??
            []
          )
            .filter((n) => n.body === s)
            .map(({ title, body }) => ({ title, body })),
        subject,
      );
    await expect.poll(recorded).toEqual([{ title: 'Lidia Holloway', body: subject }]);

    // Clicking it opens that message.
    await page.evaluate((s) => {
      const shown = (
        window as unknown as { __notifications: { body?: string; onclick: (() => void) | null }[] }
      ).__notifications;
      shown.find((n) => n.body === s)?.onclick?.();
    }, subject);
    await expect(page).toHaveURL(/[?&]message=/);
    await expect(page.getByRole('toolbar', { name: 'Message actions' })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('the browser cannot subscribe to another person’s channel', async ({ page }) => {
  await openInbox(page, 'adele');
  // From the signed-in page, over a real socket to the Pusher server: the app refuses to sign a foreign
  // channel, and the Pusher server refuses a subscription whose signature is forged.
  const outcome = await page.evaluate(
    async ({ wsUrl }) => {
      const socket = new WebSocket(wsUrl);
      const frames: { event: string; data?: string; channel?: string }[] = [];
      const next = (event: string) =>
        new Promise<{ event: string; data?: string }>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ${event}`)), 5000);
          const check = () => {
            const found = frames.find((f) => f.event === event);
            if (found) {
              clearTimeout(timer);
              resolve(found);
            } else setTimeout(check, 20);
          };
          check();
        });
      socket.onmessage = (message) => frames.push(JSON.parse(String(message.data)));
      const established = await next('pusher:connection_established');
      const socketId = (JSON.parse(established.data ?? '{}') as { socket_id: string }).socket_id;
      const channel = 'private-user-someoneelse';
      const auth = await fetch('/api/pusher/auth', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ socket_id: socketId, channel_name: channel }).toString(),
      });
      socket.send(
        JSON.stringify({
          event: 'pusher:subscribe',
          data: { channel, auth: `tidings-key:${'0'.repeat(64)}` },
        }),
      );
      const refused = await next('pusher:subscription_error').then(
        () => true,
        () => false,
      );
      const accepted = frames.some((f) => f.event === 'pusher_internal:subscription_succeeded');
      socket.close();
      return { authStatus: auth.status, refused, accepted };
    },
    { wsUrl: `${PUSHER_URL.replace('http', 'ws')}/app/tidings-key?protocol=7&client=js&version=8.6.0` },
  );
  expect(outcome).toEqual({ authStatus: 403, refused: true, accepted: false });
});

test('while Pusher is unreachable the header says so, and missed mail arrives when it is back', async ({
  page,
}) => {
  await openInbox(page, 'megan');
  const paused = page.getByRole('status').filter({ hasText: 'Live updates paused — reconnecting…' });
  const subject = unique('While away');
  await pusherServer.stop();
  try {
    await expect(paused).toBeVisible({ timeout: 10_000 });
    await expectAccessibleHeader(page);
    await deliver('megan', subject);
    // Give the app time to take it in; the browser can't hear about it yet.
    await page.waitForTimeout(1000);
  } finally {
    await pusherServer.start();
  }
  const backAt = Date.now();
  await expect(paused).toHaveCount(0, { timeout: 5000 });
  await expect(rowWithSubject(page, subject)).toBeVisible({
    timeout: Math.max(1, 5000 - (Date.now() - backAt)),
  });
});

test('with Pusher down for long, the open inbox still picks up new mail by polling', async ({ page }) => {
  test.setTimeout(90_000);
  await openInbox(page, 'megan');
  const subject = unique('Polled');
  await pusherServer.stop();
  try {
    await expect(page.getByRole('status').filter({ hasText: 'Live updates paused' })).toBeVisible({
      timeout: 10_000,
    });
    const deliveredAt = Date.now();
    await deliver('megan', subject);
    // The fallback re-reads the list every 30 s while pushes are off.
    await expect(rowWithSubject(page, subject)).toBeVisible({ timeout: 35_000 });
    console.log(`live.spec: without Pusher, on screen after ${Date.now() - deliveredAt} ms`);
  } finally {
    await pusherServer.start();
  }
});
