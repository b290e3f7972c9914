import http from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { EMULATOR_URL, UNSUBSCRIBE_PORT } from './env';
import { emulatorControl, signIn } from './helpers';
import { mailbox } from './mailbox';

/*
 * One-click unsubscribe, Report junk and Block sender through the real sign-in. The list's server is a
 * listener on loopback that the app reaches as news.example.com (a public-looking address, mapped to the
 * listener after the address check: e2e/env.ts); a link naming a private address is refused before any
 * connection. Block sender makes an inbox rule on Microsoft 365, so the sender's next mail lands in Junk.
 */

test.describe.configure({ timeout: 180_000 });

const USER = 'adele';
const token = `uj${Date.now().toString(36)}`;

interface Received {
  method: string;
  url: string;
  body: string;
  contentType: string | undefined;
}
let received: Received[] = [];
let listener: http.Server;

test.beforeAll(async () => {
  listener = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        body,
        contentType: req.headers['content-type'],
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('You have been unsubscribed.');
    });
  });
  await new Promise<void>((resolve) => listener.listen(UNSUBSCRIBE_PORT, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  listener.closeAllConnections();
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  // Leave the mailbox's rules as they were for the specs after this one.
  const { access_token } = (await emulatorControl('/tokens', {
    user: USER,
    scopes: ['MailboxSettings.ReadWrite'],
  })) as { access_token: string };
  const rules = '/v1.0/me/mailFolders/inbox/messageRules';
  const headers = { authorization: `Bearer ${access_token}` };
  const { value } = (await (await fetch(`${EMULATOR_URL}${rules}`, { headers })).json()) as {
    value: { id: string }[];
  };
  for (const rule of value)
    await fetch(`${EMULATOR_URL}${rules}/${encodeURIComponent(rule.id)}`, { method: 'DELETE', headers });
});

test.beforeEach(() => {
  received = [];
});

const rows = (page: Page, folder = 'Inbox') =>
  page.getByRole('listbox', { name: folder }).getByRole('option');
const row = (page: Page, subject: string, folder = 'Inbox') =>
  rows(page, folder).filter({ hasText: subject });
const reading = (page: Page) => page.getByRole('region', { name: 'Reading pane' });

async function deliverList(subject: string, unsubscribe: string, from = 'news@example.com') {
  await emulatorControl('/mail', {
    to: USER,
    from,
    fromName: 'Example News',
    subject,
    body: 'This week’s stories.',
    headers: [
      { name: 'List-Id', value: 'Example News <weekly.news.example.com>' },
      { name: 'List-Unsubscribe', value: `<${unsubscribe}>` },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
  });
}

async function openMessage(page: Page, subject: string) {
  await expect(row(page, subject)).toBeVisible({ timeout: 30_000 });
  await row(page, subject).click();
  await expect(reading(page).getByRole('heading', { name: subject })).toBeVisible({ timeout: 20_000 });
}

async function folderOf(subject: string): Promise<string | null | undefined> {
  const box = await mailbox(USER);
  const message = box.messages.find((m) => m.subject === subject);
  return message && box.folders.find((f) => f.id === message.parentFolderId)?.wellKnownName;
}

test('one-click unsubscribe POSTs exactly once to the list’s server, reached as a public host', async ({
  page,
}, testInfo) => {
  const subject = `${token} weekly digest`;
  await deliverList(subject, 'http://news.example.com/unsubscribe?u=adele-7');
  await signIn(page, USER);
  await openMessage(page, subject);

  const banner = reading(page).getByRole('button', { name: 'Unsubscribe from Example News' });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  const axe = await new AxeBuilder({ page }).exclude('iframe').analyze();
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(banner).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`unsubscribe-banner-390-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });

  await banner.click();
  const confirm = reading(page).getByRole('group', { name: 'Unsubscribe from Example News' });
  await expect(confirm).toContainText('Tidings will ask news.example.com to stop sending you mail.');
  expect(received).toHaveLength(0);
  await confirm.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(
    reading(page).getByRole('status').filter({ hasText: 'You’re unsubscribed from Example News' }),
  ).toContainText('It may take a few days', { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('unsubscribe-done-1440.png') });
  expect(received).toEqual([
    {
      method: 'POST',
      url: '/unsubscribe?u=adele-7',
      body: 'List-Unsubscribe=One-Click',
      contentType: 'application/x-www-form-urlencoded',
    },
  ]);
});

test('a List-Unsubscribe pointing at a private address is refused with a clear message; nothing is sent', async ({
  page,
}) => {
  const loopback = `${token} loopback list`;
  const intranet = `${token} intranet list`;
  await deliverList(loopback, `http://127.0.0.1:${UNSUBSCRIBE_PORT}/unsubscribe`);
  await deliverList(intranet, 'http://intranet.example.com/unsubscribe');
  await signIn(page, USER);

  for (const [subject, why] of [
    [
      loopback,
      /Tidings didn’t contact 127\.0\.0\.1: it points to a loopback address \(127\.0\.0\.1\), not to the public internet/,
    ],
    [
      intranet,
      /Tidings didn’t contact intranet\.example\.com: it points to a private address \(192\.168\.10\.5\)/,
    ],
  ] as const) {
    await openMessage(page, subject);
    await reading(page).getByRole('button', { name: 'Unsubscribe from Example News' }).click();
    await reading(page)
      .getByRole('group', { name: 'Unsubscribe from Example News' })
      .getByRole('button', { name: 'Unsubscribe' })
      .click();
    const alert = reading(page).getByRole('alert').filter({ hasText: 'Couldn’t unsubscribe' });
    await expect(alert).toContainText(why, { timeout: 30_000 });
  }
  expect(received).toEqual([]);
});

test('Report junk moves a message to Junk Email, one or several', async ({ page }) => {
  const one = `${token} cheap watches`;
  const many = [`${token} prize draw A`, `${token} prize draw B`];
  for (const subject of [one, ...many])
    await emulatorControl('/mail', { to: USER, from: 'offers@spam.example', subject, body: 'Buy.' });
  await signIn(page, USER);
  await openMessage(page, one);
  await reading(page).getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: /Report junk/ }).click();
  await expect.poll(() => folderOf(one), { timeout: 30_000 }).toBe('junkemail');
  await expect(row(page, one)).toHaveCount(0, { timeout: 20_000 });

  for (const subject of many) await row(page, subject).getByTestId('row-check').click();
  await page
    .getByRole('toolbar', { name: 'Selected messages' })
    .getByRole('button', { name: 'Report selected as junk' })
    .click();
  for (const subject of many)
    await expect.poll(() => folderOf(subject), { timeout: 30_000 }).toBe('junkemail');
  for (const subject of many) await expect(row(page, subject)).toHaveCount(0, { timeout: 20_000 });
});

test('Block sender: an inbox rule on Microsoft 365, and the sender’s next mail lands in Junk', async ({
  page,
}) => {
  const pest = `pest-${token}@spam.example`;
  const first = `${token} first pitch`;
  const next = `${token} second pitch`;
  await emulatorControl('/mail', { to: USER, from: pest, fromName: 'Pest', subject: first, body: 'Hello.' });
  await signIn(page, USER);
  await openMessage(page, first);
  await reading(page).getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: /Block sender/ }).click();
  await expect(page.getByText(`Blocked ${pest}: their mail goes to Junk Email`)).toBeVisible({
    timeout: 30_000,
  });
  await expect.poll(() => folderOf(first), { timeout: 30_000 }).toBe('junkemail');

  const box = await mailbox(USER);
  const junk = box.folders.find((f) => f.wellKnownName === 'junkemail')?.id;
  const { rules } = (await emulatorControl(`/rules/${USER}`)) as {
    rules: { displayName: string; conditions: unknown; actions: unknown }[];
  };
  expect(rules).toContainEqual(
    expect.objectContaining({
      displayName: `Block ${pest}`,
      conditions: { fromAddresses: [{ emailAddress: { address: pest, name: 'Pest' } }] },
      actions: { moveToFolder: junk, stopProcessingRules: true },
    }),
  );

  // Their next mail: Exchange's rule files it in Junk Email as it arrives.
  await emulatorControl('/mail', { to: USER, from: pest, subject: next, body: 'Again.' });
  expect(await folderOf(next)).toBe('junkemail');
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('link', { name: /^Junk Email/ })
    .click();
  await expect(row(page, next, 'Junk Email')).toBeVisible({ timeout: 30_000 });
  await expect(row(page, first, 'Junk Email')).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('link', { name: /^Inbox/ })
    .click();
  await expect(rows(page).first()).toBeVisible({ timeout: 20_000 });
  await expect(row(page, next)).toHaveCount(0);
});
