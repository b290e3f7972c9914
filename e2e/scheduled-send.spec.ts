import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { emulatorControl, signIn } from './helpers';
import { mailbox } from './mailbox';

/*
 * Send later through the real sign-in: the message waits in Microsoft 365's Outbox (shown as Scheduled)
 * until its time, then reaches the recipient; a cancelled one goes back to Drafts and never arrives. The
 * end-to-end emulator's clock runs at real speed, so the test moves it on with its control API.
 */

// Each test signs in and walks several screens on a busy machine: more than the default minute.
test.describe.configure({ timeout: 240_000 });

const token = `later${Date.now().toString(36)}`;

async function folderOf(user: string, wellKnownName: string, subject: string) {
  const box = await mailbox(user);
  const folder = box.folders.find((f) => f.wellKnownName === wellKnownName)?.id;
  return box.messages.filter((m) => m.parentFolderId === folder && m.subject === subject);
}

/** A time `minutes` from now as a datetime-local field takes it, in the browser's own zone. */
const localTime = (page: Page, minutes: number) =>
  page.evaluate((ahead) => {
    const at = new Date(Date.now() + ahead * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
  }, minutes);

async function openMail(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });
}

async function writeMessage(page: Page, subject: string) {
  await page.getByRole('button', { name: 'New message' }).click();
  const compose = page.getByRole('dialog', { name: 'New message' });
  await compose.getByRole('combobox', { name: 'To' }).fill('megan@contoso.test');
  await compose.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await compose.getByRole('textbox', { name: 'Message body' }).click();
  await page.keyboard.type('Sent at the right moment.');
  await expect(compose.getByRole('status')).toHaveText('Saved');
  return compose;
}

test('a scheduled message is delivered at its time; a cancelled one never', async ({ page }) => {
  await openMail(page, 'alex');
  const onTime = `${token} on time`;
  const cancelled = `${token} cancelled`;

  // Ten minutes from now, in the browser's own zone, through the date and time field.
  let compose = await writeMessage(page, onTime);
  await compose.getByRole('button', { name: 'Send later' }).click();
  const panel = compose.getByRole('group', { name: 'Send later' });
  await expect(panel.getByRole('button', { name: /Tomorrow morning/ })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('[data-compose]').analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await panel.getByLabel('Pick a date and time').fill(await localTime(page, 10));
  await panel.getByRole('button', { name: 'Schedule send' }).click();
  await expect(compose).toBeHidden();
  await expect(page.getByText(/Scheduled for/)).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(async () => (await folderOf('alex', 'outbox', onTime)).length, { timeout: 20_000 })
    .toBe(1);

  // The second one for twenty minutes from now, then cancelled.
  compose = await writeMessage(page, cancelled);
  await compose.getByRole('button', { name: 'Send later' }).click();
  const second = compose.getByRole('group', { name: 'Send later' });
  await second.getByLabel('Pick a date and time').fill(await localTime(page, 20));
  await second.getByRole('button', { name: 'Schedule send' }).click();
  await expect(compose).toBeHidden();
  await expect
    .poll(async () => (await folderOf('alex', 'outbox', cancelled)).length, { timeout: 20_000 })
    .toBe(1);

  // Both show under Scheduled, with their times; neither is in this device's Outbox.
  const scheduled = page.getByTestId('scheduled-folder');
  await scheduled.locator('summary').click();
  const rows = scheduled.getByTestId('scheduled-message');
  await expect(rows.filter({ hasText: onTime })).toContainText('Sends', { timeout: 30_000 });
  await expect(rows.filter({ hasText: cancelled })).toBeVisible();
  await expect(page.getByTestId('outbox-folder')).toHaveCount(0);
  await scheduled
    .getByRole('button', { name: `Cancel sending “${cancelled}” (moves it back to Drafts)` })
    .click();
  await expect(page.getByText(`“${cancelled}” won’t be sent. It’s back in Drafts.`)).toBeVisible({
    timeout: 30_000,
  });
  await expect(rows.filter({ hasText: cancelled })).toHaveCount(0);
  expect(await folderOf('alex', 'drafts', cancelled)).toHaveLength(1);

  // Nothing has arrived yet; eleven minutes later the first has, and never the cancelled one.
  expect(await folderOf('megan', 'inbox', onTime)).toHaveLength(0);
  await emulatorControl('/clock/advance', { minutes: 11 });
  await expect
    .poll(async () => (await folderOf('megan', 'inbox', onTime)).length, { timeout: 20_000 })
    .toBe(1);
  expect(await folderOf('alex', 'sentitems', onTime)).toHaveLength(1);
  // Past the time it was scheduled for: still nothing.
  await emulatorControl('/clock/advance', { minutes: 15 });
  expect(await folderOf('megan', 'inbox', cancelled)).toHaveLength(0);
  expect(await folderOf('alex', 'drafts', cancelled)).toHaveLength(1);

  // The list catches up: nothing is waiting any more.
  await page.reload();
  await page.getByTestId('scheduled-folder').locator('summary').click();
  await expect(page.getByTestId('scheduled-folder')).toContainText('Nothing scheduled', { timeout: 30_000 });
});

for (const width of [1440, 390]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`Send later and Scheduled at ${width} px, ${scheme}`, async ({ page }, info) => {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      await page.emulateMedia({ colorScheme: scheme });
      await openMail(page, 'adele');
      const compose = await writeMessage(page, `${token} layout ${width} ${scheme}`);
      await compose.getByRole('button', { name: 'Send later' }).click();
      await expect(compose.getByRole('group', { name: 'Send later' })).toBeVisible();
      await page.screenshot({ path: info.outputPath(`send-later-${width}-${scheme}.png`) });
      await compose
        .getByRole('group', { name: 'Send later' })
        .getByRole('button', { name: /Tomorrow morning/ })
        .click();
      await expect(compose).toBeHidden();
      if (width < 600) await page.getByRole('button', { name: 'Folders', exact: true }).click();
      const scheduled = page.getByTestId('scheduled-folder');
      await scheduled.locator('summary').click();
      await expect(scheduled.getByTestId('scheduled-message').first()).toBeVisible({ timeout: 30_000 });
      await page.screenshot({ path: info.outputPath(`scheduled-${width}-${scheme}.png`) });
    });
  }
}
