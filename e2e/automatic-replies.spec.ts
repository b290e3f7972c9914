import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { emulatorControl, signIn } from './helpers';
import { mailbox } from './mailbox';

/*
 * Automatic replies (out of office) through the real sign-in: set in Settings, held by Microsoft 365 (the
 * emulator's mailboxSettings), answering a colleague's mail, shown in a banner while on, and turned off
 * from the banner or Settings.
 */

// Each test signs in and walks several screens on a busy machine: more than the default minute.
test.describe.configure({ timeout: 240_000 });

interface AutomaticReplies {
  status: string;
  internalReplyMessage: string;
  externalAudience: string;
  scheduledStartDateTime: { dateTime: string; timeZone: string };
  scheduledEndDateTime: { dateTime: string; timeZone: string };
  activeNow: boolean;
}
const onGraph = (user: string) =>
  emulatorControl(`/mailboxes/${user}/automatic-replies`) as Promise<AutomaticReplies>;

const token = `away${Date.now().toString(36)}`;

async function openSettings(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await page.goto('/settings?section=automatic-replies');
  await expect(page.getByRole('group', { name: 'Automatic replies' })).toBeVisible({ timeout: 30_000 });
}

const banner = (page: Page) => page.getByTestId('automatic-replies-banner');

test('automatic replies turn on and off on Microsoft 365, answer a colleague, and show a banner', async ({
  page,
}) => {
  await openSettings(page, 'megan');
  await expect(banner(page)).toHaveCount(0, { timeout: 30_000 });
  await page.getByRole('radio', { name: 'On, until I turn them off' }).check();
  await page.getByRole('textbox', { name: 'Reply inside your organization' }).click();
  await page.keyboard.type(`I am away this week ${token}.`);
  await page.getByLabel('Reply to people outside my organization').selectOption('none');
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved. Microsoft 365 has your automatic replies.')).toBeVisible({
    timeout: 30_000,
  });

  await expect.poll(async () => (await onGraph('megan')).status, { timeout: 20_000 }).toBe('alwaysEnabled');
  const held = await onGraph('megan');
  expect(held.internalReplyMessage).toContain(`I am away this week ${token}.`);
  expect(held.externalAudience).toBe('none');
  await expect(banner(page)).toContainText('Automatic replies are on.', { timeout: 30_000 });

  // Alex writes; Microsoft 365 answers him once.
  const subject = `${token} question`;
  await emulatorControl('/mail', {
    to: 'megan',
    from: 'alex@contoso.test',
    fromName: 'Alex Wilber',
    subject,
  });
  await expect
    .poll(
      async () => {
        const box = await mailbox('alex');
        return box.messages.filter((m) => m.subject === `Automatic reply: ${subject}`).length;
      },
      { timeout: 20_000 },
    )
    .toBe(1);

  // The banner is on the mail screen too, and turns them off.
  await page.goto('/mail');
  await expect(banner(page)).toContainText('Automatic replies are on.', { timeout: 30_000 });
  await banner(page).getByRole('button', { name: 'Turn off' }).click();
  await expect(banner(page)).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(async () => (await onGraph('megan')).status, { timeout: 20_000 }).toBe('disabled');
});

test('automatic replies during a time period are stored in UTC and end by themselves', async ({ page }) => {
  await openSettings(page, 'megan');
  await page.getByRole('radio', { name: 'On during a time period' }).check();
  const [start, end] = await page.evaluate(() => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = (at: Date) =>
      `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
    return [local(new Date(Date.now() - 3_600_000)), local(new Date(Date.now() + 2 * 86_400_000))];
  });
  await page.getByLabel('Start', { exact: true }).fill(start ?? '');
  await page.getByLabel('End', { exact: true }).fill(end ?? '');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved. Microsoft 365 has your automatic replies.')).toBeVisible({
    timeout: 30_000,
  });
  await expect.poll(async () => (await onGraph('megan')).status, { timeout: 20_000 }).toBe('scheduled');
  const held = await onGraph('megan');
  expect(held.scheduledStartDateTime.timeZone).toBe('UTC');
  expect(held.activeNow).toBe(true);
  await expect(banner(page)).toContainText('Automatic replies are on until', { timeout: 30_000 });

  // Off again from Settings.
  await page.getByRole('radio', { name: 'Off', exact: true }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(banner(page)).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(async () => (await onGraph('megan')).status, { timeout: 20_000 }).toBe('disabled');
});

for (const width of [1440, 390]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`automatic replies settings and banner at ${width} px, ${scheme}`, async ({ page }, info) => {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      await page.emulateMedia({ colorScheme: scheme });
      await openSettings(page, 'adele');
      await page.getByRole('radio', { name: 'On during a time period' }).check();
      await page.screenshot({
        path: info.outputPath(`automatic-replies-${width}-${scheme}.png`),
        fullPage: true,
      });
      await page.getByRole('radio', { name: 'On, until I turn them off' }).check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(banner(page)).toBeVisible({ timeout: 30_000 });
      await page.goto('/mail');
      await expect(banner(page)).toBeVisible({ timeout: 30_000 });
      await page.screenshot({ path: info.outputPath(`automatic-replies-banner-${width}-${scheme}.png`) });
      await banner(page).getByRole('button', { name: 'Turn off' }).click();
      await expect(banner(page)).toHaveCount(0, { timeout: 30_000 });
    });
  }
}
