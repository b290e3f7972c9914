import { expect, type Page, test } from '@playwright/test';
import { EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/*
 * Triage at speed: ticking rows (a checkbox, then Shift+J ranges across three pages of the list), bulk
 * actions sent to Microsoft 365 in batches, and Undo putting every message back where it was. The checks
 * read the emulator's mailbox, i.e. what Graph holds, not just the screen.
 */

test.describe.configure({ timeout: 300_000 });

interface Mailbox {
  folders: { id: string; displayName: string; wellKnownName: string | null }[];
  messages: {
    id: string;
    subject: string;
    parentFolderId: string;
    isRead: boolean;
    inferenceClassification: 'focused' | 'other';
  }[];
}

async function mailbox(alias: string): Promise<Mailbox> {
  return (await (await fetch(`${EMULATOR_URL}/_emulator/mailboxes/${alias}`)).json()) as Mailbox;
}

const folderId = (box: Mailbox, name: string) =>
  box.folders.find((f) => f.wellKnownName === name || f.displayName === name)?.id ?? '';

/** How many of the messages with `prefix` in their subject are in the folder named `name`. */
async function countIn(alias: string, prefix: string, name: string): Promise<number> {
  const box = await mailbox(alias);
  return box.messages.filter((m) => m.subject.startsWith(prefix) && m.parentFolderId === folderId(box, name))
    .length;
}

const rows = (page: Page) => page.getByRole('listbox', { name: 'Inbox' }).getByRole('option');

test('120 messages ticked across three pages move to a folder in one go, and Undo puts all 120 back', async ({
  page,
}) => {
  const prefix = `Triage ${Date.now().toString(36)}`;
  await emulatorControl('/mail/bulk', { to: 'megan', count: 120, subjectPrefix: prefix });
  await signIn(page, 'megan');
  await expect(rows(page).first()).toContainText(prefix, { timeout: 60_000 });

  await rows(page).first().getByTestId('row-check').click();
  await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
  // Shift+J ticks down to the next row; the list pages in as the cursor nears its end (50 a page).
  // At the end of the rows loaded so far a press waits for the next page, as a person would press again.
  const count = page.getByTestId('selection-count');
  for (let presses = 0; (await count.textContent()) !== '120 selected'; presses++) {
    expect(presses).toBeLessThan(400);
    await page.keyboard.press('Shift+J');
  }
  await expect(page.locator('[role="option"][aria-selected="true"]').first()).toContainText(prefix);

  const bar = page.getByRole('toolbar', { name: 'Selected messages' });
  await bar.getByRole('button', { name: 'Move' }).click();
  await page.getByRole('list', { name: 'Move to folder' }).getByRole('button', { name: 'Projects' }).click();
  await expect.poll(() => countIn('megan', prefix, 'Projects'), { timeout: 60_000 }).toBe(120);
  expect(await countIn('megan', prefix, 'inbox')).toBe(0);
  await expect(rows(page).filter({ hasText: prefix })).toHaveCount(0);

  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => countIn('megan', prefix, 'inbox'), { timeout: 60_000 }).toBe(120);
  expect(await countIn('megan', prefix, 'Projects')).toBe(0);
  await expect(rows(page).first()).toContainText(prefix, { timeout: 30_000 });
});

test('“Select all” in the Focused tab covers pages not loaded yet and nothing in Other; z undoes the archive', async ({
  page,
}) => {
  await signIn(page, 'alex');
  await expect(rows(page).first()).toBeVisible({ timeout: 60_000 });
  const before = await mailbox('alex');
  const inInbox = before.messages.filter((m) => m.parentFolderId === folderId(before, 'inbox'));
  const focused = inInbox.filter((m) => m.inferenceClassification === 'focused').map((m) => m.id);
  const other = inInbox.filter((m) => m.inferenceClassification === 'other').map((m) => m.id);
  expect(focused.length).toBeGreaterThan(50);
  expect(other.length).toBeGreaterThan(0);

  await page.getByRole('checkbox', { name: 'Select all messages shown' }).check();
  await page
    .getByRole('button', { name: `Select all ${focused.length.toLocaleString('en-US')} in Focused` })
    .click();
  await expect(page.getByTestId('selection-count')).toHaveText(
    `All ${focused.length.toLocaleString('en-US')} in Focused selected`,
  );
  await page.getByRole('listbox', { name: 'Inbox' }).focus();
  await page.keyboard.press('e');

  const inFolder = async (ids: string[], name: string) => {
    const box = await mailbox('alex');
    return box.messages.filter((m) => ids.includes(m.id) && m.parentFolderId === folderId(box, name)).length;
  };
  await expect.poll(() => inFolder(focused, 'archive'), { timeout: 120_000 }).toBe(focused.length);
  expect(await inFolder(other, 'inbox')).toBe(other.length);
  await expect(page.getByRole('status').getByText(/^Archived [\d,]+ messages$/)).toBeVisible();

  await page.keyboard.press('z');
  await expect.poll(() => inFolder(focused, 'inbox'), { timeout: 120_000 }).toBe(focused.length);
  await expect(rows(page).first()).toBeVisible({ timeout: 30_000 });
});

test('one message archived, flagged or marked: Undo puts back exactly what it was', async ({ page }) => {
  const subject = `Undo one ${Date.now().toString(36)}`;
  await emulatorControl('/mail', { to: 'adele', subject, from: 'megan@contoso.test' });
  await signIn(page, 'adele');
  const row = rows(page).filter({ hasText: subject });
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  const id = (await row.getAttribute('data-message-id')) ?? '';
  const state = async () => {
    const box = await mailbox('adele');
    const message = box.messages.find((m) => m.id === id) as Mailbox['messages'][number] & {
      flagStatus?: string;
    };
    return {
      folder: box.folders.find((f) => f.id === message?.parentFolderId)?.wellKnownName,
      isRead: message?.isRead,
      flagStatus: message?.flagStatus,
    };
  };
  await row.click();
  await expect.poll(state).toEqual({ folder: 'inbox', isRead: true, flagStatus: 'notFlagged' });
  const toolbar = page.getByRole('toolbar', { name: 'Message actions' });
  const undoToast = page.getByRole('status').getByRole('button', { name: 'Undo' });

  await toolbar.getByRole('button', { name: 'Flag' }).click();
  await expect.poll(state).toMatchObject({ flagStatus: 'flagged' });
  await undoToast.click();
  await expect.poll(state).toMatchObject({ flagStatus: 'notFlagged' });

  await toolbar.getByRole('button', { name: 'Mark unread' }).click();
  await expect.poll(state).toMatchObject({ isRead: false });
  await undoToast.click();
  await expect.poll(state).toMatchObject({ isRead: true });

  await toolbar.getByRole('button', { name: 'Archive' }).click();
  await expect.poll(state).toMatchObject({ folder: 'archive' });
  await expect(row).toHaveCount(0);
  await undoToast.click();
  await expect.poll(state).toEqual({ folder: 'inbox', isRead: true, flagStatus: 'notFlagged' });
  await expect(rows(page).filter({ hasText: subject })).toHaveCount(1);
});

test('a row dragged onto a folder moves there; dragging a ticked row takes the whole selection', async ({
  page,
}) => {
  const prefix = `Drag ${Date.now().toString(36)}`;
  await emulatorControl('/mail/bulk', { to: 'adele', count: 3, subjectPrefix: prefix });
  await signIn(page, 'adele');
  const mine = rows(page).filter({ hasText: prefix });
  await expect(mine).toHaveCount(3, { timeout: 60_000 });
  const projects = page.getByRole('navigation', { name: 'Folders' }).getByRole('link', { name: /^Projects/ });

  // One row, not ticked: it goes alone.
  await mine.first().dragTo(projects);
  await expect.poll(() => countIn('adele', prefix, 'Projects'), { timeout: 30_000 }).toBe(1);
  await expect(mine).toHaveCount(2);

  // Two ticked rows: dragging one carries both.
  await mine.first().getByTestId('row-check').click();
  await mine.nth(1).getByTestId('row-check').click();
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await mine.nth(1).dragTo(projects);
  await expect.poll(() => countIn('adele', prefix, 'Projects'), { timeout: 30_000 }).toBe(3);
  expect(await countIn('adele', prefix, 'inbox')).toBe(0);
  await expect(mine).toHaveCount(0);
});
