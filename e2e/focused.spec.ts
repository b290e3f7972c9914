import { expect, type Page, test } from '@playwright/test';
import { EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';
import { inboxOf } from './mailbox';

/*
 * The Inbox's Focused and Other tabs through the real sign-in: each shows the messages Microsoft 365
 * classified that way (newsletters in Other), and "Always move to Other" for a sender moves all their
 * Inbox mail there and leaves the override on the mailbox.
 */

test.describe.configure({ timeout: 180_000 });

const token = `foc${Date.now().toString(36)}`;

const rows = (page: Page) => page.getByRole('listbox', { name: 'Inbox' }).getByRole('option');
const tab = (page: Page, name: 'Focused' | 'Other') => page.getByRole('tab', { name });

/** Every id of one tab, through the API the list pages through (the list itself shows a window of it). */
async function idsOfTab(page: Page, view: 'focused' | 'other'): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/messages?folder=inbox&view=${view}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page_ = (await (await page.request.get(url)).json()) as {
      messages: { id: string }[];
      nextCursor: string | null;
    };
    ids.push(...page_.messages.map((m) => m.id));
    cursor = page_.nextCursor;
  } while (cursor);
  return ids.sort();
}

async function shownIds(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-message-id') ?? ''));
}

test('Focused and Other show exactly what Microsoft 365 classified each way', async ({ page }) => {
  await signIn(page, 'megan');
  await expect(page).toHaveURL(/\/mail/);
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
  await expect(tab(page, 'Focused')).toHaveAttribute('aria-selected', 'true');

  const inbox = await inboxOf('megan');
  const byView = (view: 'focused' | 'other') =>
    inbox
      .filter((m) => m.inferenceClassification === view)
      .sort((a, b) => (a.receivedDateTime < b.receivedDateTime ? 1 : -1));
  for (const view of ['focused', 'other'] as const) {
    expect(byView(view).length).toBeGreaterThan(10);
    await expect
      .poll(() => idsOfTab(page, view), { timeout: 30_000 })
      .toEqual(
        byView(view)
          .map((m) => m.id)
          .sort(),
      );
  }

  // What the screen shows: the newest of each tab, in order, and nothing of the other.
  for (const [name, view] of [
    ['Other', 'other'],
    ['Focused', 'focused'],
  ] as const) {
    await tab(page, name).click();
    await expect(tab(page, name)).toHaveAttribute('aria-selected', 'true');
    const newest = byView(view).slice(0, 5);
    await expect(rows(page).first()).toContainText(newest[0]?.subject ?? '', { timeout: 20_000 });
    const shown = await shownIds(page);
    const expected = new Set(byView(view).map((m) => m.id));
    expect(shown.length).toBeGreaterThan(4);
    expect(shown.filter((id) => !expected.has(id))).toEqual([]);
    expect(shown.slice(0, 5)).toEqual(newest.map((m) => m.id));
  }
});

test('“Always move to Other” moves all of a sender’s Inbox mail to Other and keeps the override', async ({
  page,
}) => {
  const sender = { from: 'pradeep.gupta@fourthcoffee.test', fromName: 'Pradeep Gupta' };
  const subjects = [`${token} coffee order`, `${token} coffee invoice`];
  for (const subject of subjects)
    await emulatorControl('/mail', { to: 'megan@contoso.test', ...sender, subject, body: 'Hello.' });
  const bystander = `${token} unrelated`;
  await emulatorControl('/mail', {
    to: 'megan@contoso.test',
    from: 'miriam.graham@proseware.test',
    subject: bystander,
    body: 'Hi.',
  });

  await signIn(page, 'megan');
  await expect(page).toHaveURL(/\/mail/);
  const mine = (subject: string) => rows(page).filter({ hasText: subject });
  for (const subject of subjects) await expect(mine(subject)).toBeVisible({ timeout: 30_000 });

  await mine(subjects[0] ?? '').click();
  const reading = page.getByRole('region', { name: 'Reading pane' });
  await reading.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: /Always move to Other/ }).click();
  await expect(page.getByText(/will always go to Other/)).toBeVisible({ timeout: 20_000 });

  for (const subject of subjects) await expect(mine(subject)).toHaveCount(0, { timeout: 20_000 });
  await expect(mine(bystander)).toBeVisible();
  await tab(page, 'Other').click();
  for (const subject of subjects) await expect(mine(subject)).toBeVisible({ timeout: 20_000 });
  await expect(mine(bystander)).toHaveCount(0);

  const inbox = await inboxOf('megan');
  for (const subject of subjects)
    expect(inbox.find((m) => m.subject === subject)?.inferenceClassification).toBe('other');
  expect(inbox.find((m) => m.subject === bystander)?.inferenceClassification).toBe('focused');

  const { access_token } = (await emulatorControl('/tokens', { user: 'megan' })) as { access_token: string };
  const overrides = (await (
    await fetch(`${EMULATOR_URL}/v1.0/me/inferenceClassification/overrides`, {
      headers: { authorization: `Bearer ${access_token}` },
    })
  ).json()) as { value: { classifyAs: string; senderEmailAddress: { address: string } }[] };
  expect(overrides.value).toEqual([
    expect.objectContaining({
      classifyAs: 'other',
      senderEmailAddress: expect.objectContaining({ address: sender.from }),
    }),
  ]);

  // New mail from them lands in Other too.
  const later = `${token} coffee reminder`;
  await emulatorControl('/mail', { to: 'megan@contoso.test', ...sender, subject: later, body: 'Again.' });
  await expect(mine(later)).toBeVisible({ timeout: 20_000 });
  await tab(page, 'Focused').click();
  await expect(rows(page).first()).toBeVisible();
  await expect(mine(later)).toHaveCount(0);
});
