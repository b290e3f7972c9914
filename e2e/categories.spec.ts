import { expect, type Page, test } from '@playwright/test';
import { emulatorControl, signIn } from './helpers';
import { inboxOf, mailbox } from './mailbox';

/*
 * Outlook categories through the real sign-in: assigned in one tab, seen live in another tab of the same
 * browser (PATCH → Graph's change notification → webhook → cache → Pusher → the other tab's list), kept on
 * Microsoft 365, taken off again, and the list filtered to one category showing exactly its messages.
 */

test.describe.configure({ timeout: 180_000 });

const token = `cat${Date.now().toString(36)}`;

async function emulatorMessage(user: string, id: string) {
  return (await mailbox(user)).messages.find((m) => m.id === id);
}

async function deliver(subject: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { id } = (await emulatorControl('/mail', {
    to: 'adele@contoso.test',
    from: 'lee.gu@northwindtraders.test',
    fromName: 'Lee Gu',
    subject,
    body: 'Numbers attached.',
    ...extra,
  })) as { id: string };
  return id;
}

const inboxRows = (page: Page) => page.getByRole('listbox', { name: 'Inbox' }).getByRole('option');
const row = (page: Page, subject: string) => inboxRows(page).filter({ hasText: subject });

async function openInbox(page: Page) {
  await page.goto('/mail');
  await expect(inboxRows(page).first()).toBeVisible({ timeout: 30_000 });
}

test('a category assigned in one tab shows live in another, is kept on Microsoft 365, and comes off again', async ({
  page,
  context,
}) => {
  await signIn(page, 'adele');
  await expect(page).toHaveURL(/\/mail/);
  await openInbox(page);
  const other = await context.newPage();
  await openInbox(other);

  const subject = `${token} quarterly numbers`;
  const id = await deliver(subject);
  await expect(row(page, subject)).toBeVisible({ timeout: 30_000 });
  await expect(row(other, subject)).toBeVisible({ timeout: 30_000 });
  let reloaded = false;
  other.on('framenavigated', (frame) => {
    if (frame === other.mainFrame()) reloaded = true;
  });

  await row(page, subject).click();
  const reading = page.getByRole('region', { name: 'Reading pane' });
  await reading.getByRole('button', { name: 'Categorize' }).click();
  const choices = reading.getByRole('group', { name: 'Categories' });
  await choices.getByRole('checkbox', { name: 'Customers' }).check();
  // At once in this tab (the row and the reading pane's header)…
  await expect(row(page, subject).locator('[data-category="Customers"]')).toBeVisible();
  await expect(reading.locator('[data-category="Customers"]')).toBeVisible();
  // …live in the other one, without a reload…
  await expect(row(other, subject).locator('[data-category="Customers"]')).toBeVisible({ timeout: 20_000 });
  expect(reloaded).toBe(false);
  // …and on Microsoft 365.
  await expect.poll(async () => (await emulatorMessage('adele', id))?.categories).toEqual(['Customers']);
  // The pill wears the master list's colour (Customers is preset7, Outlook's blue).
  const background = await row(other, subject)
    .locator('[data-category="Customers"]')
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).toBe('rgb(222, 236, 249)');

  await choices.getByRole('checkbox', { name: 'Customers' }).uncheck();
  await expect(row(page, subject).locator('[data-category]')).toHaveCount(0);
  await expect(row(other, subject).locator('[data-category]')).toHaveCount(0, { timeout: 20_000 });
  await expect.poll(async () => (await emulatorMessage('adele', id))?.categories).toEqual([]);
  expect(reloaded).toBe(false);
});

test('filtering by a category shows exactly the Inbox messages that carry it', async ({ page }) => {
  const tagged = [
    await deliver(`${token} flight booking`, { categories: ['Travel'] }),
    await deliver(`${token} hotel receipt`, { categories: ['Travel', 'Finance'] }),
  ];
  await deliver(`${token} lunch plans`);
  await signIn(page, 'adele');
  await expect(page).toHaveURL(/\/mail/);
  await openInbox(page);
  await expect(row(page, `${token} hotel receipt`)).toBeVisible({ timeout: 30_000 });

  await page.getByRole('combobox', { name: 'Filter by category' }).selectOption('Travel');
  const expected = (await inboxOf('adele'))
    .filter((m) => m.categories.includes('Travel') && m.inferenceClassification === 'focused')
    .map((m) => m.subject)
    .sort();
  expect(expected).toEqual([`${token} flight booking`, `${token} hotel receipt`]);
  expect(tagged).toHaveLength(2);
  await expect(inboxRows(page)).toHaveCount(expected.length, { timeout: 20_000 });
  const shown = (await inboxRows(page).allInnerTexts()).map(
    (text) => expected.find((subject) => text.includes(subject)) ?? text,
  );
  expect(shown.sort()).toEqual(expected);

  await page.getByRole('combobox', { name: 'Filter by category' }).selectOption('');
  await expect(row(page, `${token} lunch plans`)).toBeVisible();
});

for (const width of [1440, 390]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`categories and the Focused/Other tabs fit at ${width} px, ${scheme}`, async ({ page }, info) => {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      await page.emulateMedia({ colorScheme: scheme });
      const subject = `${token} layout ${width} ${scheme}`;
      await deliver(subject, { categories: ['Finance', 'Follow up', 'Customers'] });
      await signIn(page, 'adele');
      await expect(page).toHaveURL(/\/mail/);
      await openInbox(page);
      await expect(page.getByRole('tab', { name: 'Focused' })).toHaveAttribute('aria-selected', 'true');
      await expect(row(page, subject)).toBeVisible({ timeout: 30_000 });
      await page.screenshot({ path: info.outputPath(`list-${width}-${scheme}.png`) });

      await row(page, subject).click();
      const toolbar = page.getByRole('toolbar', { name: 'Message actions' });
      await expect(toolbar).toBeVisible();
      await expect(
        page.getByRole('region', { name: 'Reading pane' }).locator('[data-category="Finance"]'),
      ).toBeVisible();
      await toolbar.getByRole('button', { name: 'Categorize' }).click();
      await page.screenshot({ path: info.outputPath(`categorize-${width}-${scheme}.png`) });
      // One row of buttons: as tall as a button, not two.
      const height = (await toolbar.boundingBox())?.height ?? 0;
      expect(height).toBeLessThan(64);
      const header = page.locator('#list-title');
      if (width > 600) expect((await header.boundingBox())?.height ?? 0).toBeLessThan(40);
    });
  }
}
