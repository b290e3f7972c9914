import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';
import { mailbox } from './mailbox';

/*
 * Settings › Inbox rules through the real sign-in: a rule made on the screen is a messageRule on
 * Microsoft 365, and Exchange applies it to arriving mail — the matching message shows in Projects live,
 * never in the Inbox. Editing, turning off, reordering and deleting reach Microsoft 365 too.
 */

test.describe.configure({ timeout: 180_000 });

const USER = 'alex';
const token = `rl${Date.now().toString(36)}`;

interface GraphRule {
  id: string;
  displayName: string;
  sequence: number;
  isEnabled: boolean;
  conditions: Record<string, unknown>;
  actions: Record<string, unknown>;
}
const rulesOnGraph = async () => ((await emulatorControl(`/rules/${USER}`)) as { rules: GraphRule[] }).rules;

/** Removes the mailbox's rules on Microsoft 365: each test starts from none, and leaves none behind. */
async function clearRules() {
  const { access_token } = (await emulatorControl('/tokens', {
    user: USER,
    scopes: ['MailboxSettings.ReadWrite'],
  })) as { access_token: string };
  for (const rule of await rulesOnGraph())
    await fetch(`${EMULATOR_URL}/v1.0/me/mailFolders/inbox/messageRules/${encodeURIComponent(rule.id)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${access_token}` },
    });
}
test.beforeEach(clearRules);
test.afterAll(clearRules);

const settings = (page: Page) => page.getByRole('main');
const ruleList = (page: Page) => page.getByRole('list', { name: 'Inbox rules, in the order they run' });
const ruleRow = (page: Page, name: string) => ruleList(page).getByRole('listitem', { name });
const folderLink = (page: Page, name: RegExp) =>
  page.getByRole('navigation', { name: 'Folders' }).getByRole('link', { name });
const rows = (page: Page, folder: string) => page.getByRole('listbox', { name: folder }).getByRole('option');

async function newRule(page: Page, name: string, subject: string, folder: string) {
  await settings(page).getByRole('button', { name: 'New rule' }).click();
  const form = page.getByRole('form', { name: 'New rule' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Subject contains').fill(subject);
  await form.getByLabel('Move to folder').selectOption({ label: folder });
  await form.getByRole('button', { name: 'Save rule' }).click();
  await expect(ruleRow(page, name)).toBeVisible({ timeout: 20_000 });
}

test('a rule made on the screen moves matching new mail to Projects, live', async ({ page }, testInfo) => {
  await signIn(page, USER);
  await expect(page).toHaveURL(/\/mail/);
  await page.goto('/settings?section=rules');
  await expect(settings(page).getByRole('heading', { name: 'Inbox rules' })).toBeVisible();
  await expect(settings(page).getByText('No rules yet')).toBeVisible({ timeout: 20_000 });

  const name = `Projects for ${token}`;
  await newRule(page, name, `${token} status`, 'Projects');
  await expect(ruleRow(page, name)).toContainText(`Subject contains “${token} status”`);
  await expect(ruleRow(page, name)).toContainText('Move to Projects');
  await expect(settings(page).getByRole('status')).toContainText(`Saved “${name}”`);

  const box = await mailbox(USER);
  const projects = box.folders.find((f) => (f as { displayName?: string }).displayName === 'Projects')?.id;
  expect(await rulesOnGraph()).toEqual([
    expect.objectContaining({
      displayName: name,
      sequence: 1,
      isEnabled: true,
      conditions: { subjectContains: [`${token} status`] },
      actions: { moveToFolder: projects },
    }),
  ]);

  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({
      path: testInfo.outputPath(`rules-settings-390-${colorScheme}.png`),
      fullPage: true,
    });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`rules-settings-1440-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Watch Projects while the mail arrives: it shows there with no reload, and never in the Inbox.
  await page.getByRole('link', { name: 'Back to mail' }).click();
  await folderLink(page, /^Projects/).click();
  await expect(rows(page, 'Projects').first()).toBeVisible({ timeout: 30_000 });
  const matching = `${token} status: launch week`;
  const other = `${token} lunch on Friday`;
  await emulatorControl('/mail', {
    to: USER,
    from: 'lee.gu@northwindtraders.test',
    subject: matching,
    body: 'On track.',
  });
  await emulatorControl('/mail', {
    to: USER,
    from: 'lee.gu@northwindtraders.test',
    subject: other,
    body: 'Pizza?',
  });
  await expect(rows(page, 'Projects').filter({ hasText: matching })).toBeVisible({ timeout: 30_000 });
  const after = await mailbox(USER);
  const folderOf = (subject: string) => after.messages.find((m) => m.subject === subject)?.parentFolderId;
  expect(folderOf(matching)).toBe(projects);
  expect(folderOf(other)).toBe(after.folders.find((f) => f.wellKnownName === 'inbox')?.id);

  await folderLink(page, /^Inbox/).click();
  await expect(rows(page, 'Inbox').filter({ hasText: other })).toBeVisible({ timeout: 30_000 });
  await expect(rows(page, 'Inbox').filter({ hasText: matching })).toHaveCount(0);
});

test('rules are edited, turned off, reordered and deleted on Microsoft 365', async ({ page }, testInfo) => {
  await signIn(page, USER);
  await expect(page).toHaveURL(/\/mail/);
  await page.goto('/settings?section=rules');
  const first = `First ${token}`;
  const second = `Second ${token}`;
  await newRule(page, first, `${token} alpha`, 'Archive');
  await newRule(page, second, `${token} beta`, 'Projects');
  const order = async () =>
    (await rulesOnGraph()).filter((r) => [first, second].includes(r.displayName)).map((r) => r.displayName);
  await expect.poll(order).toEqual([first, second]);

  await ruleRow(page, second)
    .getByRole('button', { name: `Move ${second} up` })
    .click();
  await expect.poll(order, { timeout: 20_000 }).toEqual([second, first]);
  await expect(ruleList(page).getByRole('listitem').first()).toHaveAccessibleName(second);

  await ruleRow(page, first)
    .getByRole('switch', { name: `${first} on` })
    .uncheck();
  await expect
    .poll(async () => (await rulesOnGraph()).find((r) => r.displayName === first)?.isEnabled, {
      timeout: 20_000,
    })
    .toBe(false);
  await expect(ruleRow(page, first)).toContainText('Off');

  await ruleRow(page, first)
    .getByRole('button', { name: `Edit ${first}` })
    .click();
  const form = page.getByRole('form', { name: `Edit rule “${first}”` });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(form).toBeVisible();
    await page.screenshot({
      path: testInfo.outputPath(`rule-editor-390-${colorScheme}.png`),
      fullPage: true,
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
  await form.getByLabel('Mark as read').check();
  await form.getByLabel('It’s from').fill('not an address');
  await form.getByRole('button', { name: 'Save rule' }).click();
  await expect(form.getByRole('alert')).toHaveText('“not an address” is not an email address.');
  await form.getByLabel('It’s from').fill('lee.gu@northwindtraders.test');
  await form.getByRole('button', { name: 'Save rule' }).click();
  await expect(form).toHaveCount(0, { timeout: 20_000 });
  await expect
    .poll(async () => (await rulesOnGraph()).find((r) => r.displayName === first), { timeout: 20_000 })
    .toMatchObject({
      conditions: {
        subjectContains: [`${token} alpha`],
        fromAddresses: [{ emailAddress: { address: 'lee.gu@northwindtraders.test' } }],
      },
      actions: { markAsRead: true },
    });

  await ruleRow(page, second)
    .getByRole('button', { name: `Delete ${second}` })
    .click();
  await ruleRow(page, second).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(ruleRow(page, second)).toHaveCount(0, { timeout: 20_000 });
  await expect.poll(order, { timeout: 20_000 }).toEqual([first]);
});
