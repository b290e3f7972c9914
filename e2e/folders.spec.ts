import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, type Locator, type Page, test } from '@playwright/test';
import { EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/*
 * Folders made, renamed, filled and deleted from the folder pane, through the real sign-in, checked
 * against the mailbox in the Microsoft 365 emulator. Other specs use the same people: this one works on
 * folders and mail of its own, with names no other spec uses.
 */

// What waits on Microsoft 365 (a folder made, a move answered) gets time on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });

interface EmulatorMailbox {
  folders: { id: string; displayName: string; parentFolderId: string | null; wellKnownName: string | null }[];
  messages: { id: string; parentFolderId: string; subject: string }[];
}

const mailbox = (user: string) => emulatorControl(`/mailboxes/${user}`) as Promise<EmulatorMailbox>;
const graphFolderNamed = async (user: string, name: string) =>
  (await mailbox(user)).folders.find((f) => f.displayName === name);

const unique = (label: string) =>
  `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

const pane = (page: Page) => page.getByRole('navigation', { name: 'Folders' });
const linkName = (name: string) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
const folderLink = (page: Page, name: string) => pane(page).getByRole('link', { name: linkName(name) });
const rowOf = (page: Page, name: string) =>
  pane(page)
    .locator('li[data-folder-row]')
    .filter({ has: page.getByRole('link', { name: linkName(name) }) });
const menuButton = (page: Page, name: string) =>
  pane(page).getByRole('button', { name: `Actions for ${name}`, exact: true });
const rows = (page: Page) => page.getByRole('listbox').getByRole('option');

async function openInbox(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });
  // Folder work starts once the first sync has brought the mailbox in, as a person would wait for it.
  await expect
    .poll(async () => (await (await page.request.get('/api/sync')).json()).state, { timeout: 90_000 })
    .toBe('idle');
}

async function chooseFromMenu(page: Page, folder: string, item: string) {
  await rowOf(page, folder).hover();
  await menuButton(page, folder).click();
  await pane(page)
    .getByRole('menu', { name: `Actions for ${folder}` })
    .getByRole('menuitem', { name: item })
    .click();
}

/** How far a row's link is indented (its nesting depth shows as padding). */
const indent = async (link: Locator) =>
  Number.parseFloat(await link.evaluate((a) => getComputedStyle(a).paddingLeft));

async function screenshots(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('a folder is created, renamed, filled, given a subfolder and deleted into Deleted Items', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const subjects = [unique('Folder test receipt A'), unique('Folder test receipt B')];
  for (const subject of subjects) {
    await emulatorControl('/mail', { to: 'alex', from: 'billing@fabrikam.test', subject, body: 'Receipt.' });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await openInbox(page, 'alex');
  // A second tab of the same person hears of folder changes without a reload.
  const other = await context.newPage();
  await other.goto('/mail');
  await expect(pane(other).getByRole('link', { name: /^Inbox\b/ })).toBeVisible({ timeout: 30_000 });

  // Create.
  const first = unique('Receipts');
  await pane(page).getByRole('button', { name: 'New folder' }).click();
  const nameField = pane(page).getByRole('textbox', { name: 'Name of the new folder' });
  await expect(nameField).toBeFocused();
  await nameField.fill(first);
  await nameField.press('Enter');
  // A link once Microsoft 365 has made it (until then it shows as being created).
  await expect(folderLink(page, first)).toBeVisible();
  await expect(pane(page).getByRole('button', { name: 'New folder' })).toBeFocused();
  await expect.poll(() => graphFolderNamed('alex', first)).toBeTruthy();
  const created = await graphFolderNamed('alex', first);
  await expect(folderLink(other, first)).toBeVisible();

  // A name its siblings have is refused in place, and Escape leaves the list as it was.
  await pane(page).getByRole('button', { name: 'New folder' }).click();
  await nameField.fill(first.toUpperCase());
  await nameField.press('Enter');
  await expect(pane(page).getByRole('alert')).toHaveText(
    `There’s already a folder called “${first.toUpperCase()}” here. Choose another name.`,
  );
  await nameField.press('Escape');
  await expect(nameField).toHaveCount(0);
  await expect(pane(page).getByRole('button', { name: 'New folder' })).toBeFocused();

  // A name the folder list here doesn't know of (made in Outlook elsewhere) is refused by Microsoft 365:
  // the folder shown meanwhile goes again, and the reason is given.
  const elsewhere = unique('Made elsewhere');
  const { access_token: token } = (await emulatorControl('/tokens', { user: 'alex' })) as {
    access_token: string;
  };
  const made = await fetch(`${EMULATOR_URL}/v1.0/me/mailFolders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: elsewhere }),
  });
  expect(made.status).toBe(201);
  await pane(page).getByRole('button', { name: 'New folder' }).click();
  await nameField.fill(elsewhere);
  await nameField.press('Enter');
  await expect(
    page.getByText(
      `The folder couldn’t be created. There’s already a folder called “${elsewhere}” at the top of your mailbox. Choose another name.`,
    ),
  ).toBeVisible();
  await expect(pane(page).getByText(elsewhere)).toHaveCount(0);

  // Rename, from the keyboard: the menu opens on Enter, arrows move, Escape returns focus to the button.
  const renamed = unique('Paid receipts');
  await menuButton(page, first).focus();
  await page.keyboard.press('Enter');
  const menu = pane(page).getByRole('menu', { name: `Actions for ${first}` });
  await expect(menu.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
  await expect(menuButton(page, first)).toHaveAttribute('aria-expanded', 'true');
  await page.screenshot({ path: test.info().outputPath('folders-menu-1440.png') });
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(menuButton(page, first)).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  const renameField = pane(page).getByRole('textbox', { name: `New name for ${first}` });
  await expect(renameField).toBeFocused();
  await renameField.fill(renamed);
  await page.screenshot({ path: test.info().outputPath('folders-rename-1440.png') });
  await renameField.press('Enter');
  await expect(folderLink(page, renamed)).toBeVisible();
  await expect
    .poll(async () => (await mailbox('alex')).folders.find((f) => f.id === created?.id)?.displayName)
    .toBe(renamed);
  await expect(folderLink(other, renamed)).toBeVisible();

  // Fill it through the Move menu, which offers only folders a message can go to.
  const toolbar = page.getByRole('toolbar', { name: 'Message actions' });
  for (const subject of subjects) {
    await rows(page).filter({ hasText: subject }).click();
    await toolbar.getByRole('button', { name: 'Move' }).click();
    const targets = toolbar.getByRole('list', { name: 'Move to folder' });
    await expect(targets.getByRole('button', { name: renamed })).toBeVisible();
    await expect(targets.getByRole('button', { name: 'Projects' })).toBeVisible();
    for (const never of ['Inbox', 'Drafts', 'Outbox']) {
      await expect(targets.getByRole('button', { name: never, exact: true })).toHaveCount(0);
    }
    await targets.getByRole('button', { name: renamed }).click();
    // Done once Microsoft 365 has answered and the app offers to undo it.
    await expect(page.getByText(`Moved “${subject}” to ${renamed}`)).toBeVisible();
  }
  await expect
    .poll(async () => {
      const box = await mailbox('alex');
      return box.messages.filter((m) => subjects.includes(m.subject) && m.parentFolderId === created?.id)
        .length;
    })
    .toBe(2);
  await folderLink(page, renamed).click();
  await expect(page.getByRole('listbox', { name: renamed }).getByRole('option')).toHaveCount(2);

  // A subfolder, shown nested under it.
  const sub = unique('2031');
  await chooseFromMenu(page, renamed, 'New subfolder');
  const subField = pane(page).getByRole('textbox', { name: 'Name of the new subfolder' });
  await expect(subField).toBeFocused();
  await subField.fill(sub);
  await subField.press('Enter');
  await expect(folderLink(page, sub)).toBeVisible();
  await expect.poll(async () => (await graphFolderNamed('alex', sub))?.parentFolderId).toBe(created?.id);
  expect(await indent(folderLink(page, sub))).toBeGreaterThan(await indent(folderLink(page, renamed)));
  await screenshots(page, 'folders-1440');

  // Delete: the question says what will happen; the folder, its mail and its subfolder go to Deleted Items.
  await chooseFromMenu(page, renamed, 'Delete');
  const dialog = page.getByRole('dialog', { name: `Delete “${renamed}”?` });
  await expect(dialog).toContainText(
    `“${renamed}”, its 2 messages and its 1 subfolder will move to Deleted Items, where you can still open them.`,
  );
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('folders-delete-dialog-1440.png') });
  await dialog.getByRole('button', { name: 'Delete folder' }).click();
  await expect(page.getByText(`“${renamed}” was moved to Deleted Items.`)).toBeVisible();

  const deletedItems = (await mailbox('alex')).folders.find((f) => f.wellKnownName === 'deleteditems');
  await expect
    .poll(async () => (await graphFolderNamed('alex', renamed))?.parentFolderId)
    .toBe(deletedItems?.id);
  const box = await mailbox('alex');
  // Gone from the top of the mailbox; its mail in it, under Deleted Items; its subfolder with it.
  expect(box.folders.filter((f) => f.displayName === renamed).map((f) => f.parentFolderId)).toEqual([
    deletedItems?.id,
  ]);
  expect(box.messages.filter((m) => subjects.includes(m.subject)).map((m) => m.parentFolderId)).toEqual([
    created?.id,
    created?.id,
  ]);
  expect(box.folders.find((f) => f.displayName === sub)?.parentFolderId).toBe(created?.id);

  // The pane shows it nested under Deleted Items, in this tab and the other.
  for (const tab of [page, other]) {
    const deletedRow = folderLink(tab, 'Deleted Items');
    await expect(async () => {
      const order = await pane(tab)
        .locator('li[data-folder-row] a')
        .evaluateAll((links) => links.map((a) => a.textContent ?? ''));
      const at = order.findIndex((text) => text.startsWith('Deleted Items'));
      expect(order[at + 1]?.startsWith(renamed)).toBe(true);
      expect(await indent(folderLink(tab, renamed))).toBeGreaterThan(await indent(deletedRow));
    }).toPass({ timeout: 15_000 });
  }

  // From Deleted Items, deleting is for good.
  await chooseFromMenu(page, renamed, 'Delete for good');
  const final = page.getByRole('dialog', { name: `Delete “${renamed}” for good?` });
  await expect(final).toContainText('will be deleted for good. This can’t be undone.');
  await final.getByRole('button', { name: 'Delete for good' }).click();
  await expect(folderLink(page, renamed)).toHaveCount(0);
  await expect.poll(() => graphFolderNamed('alex', renamed)).toBeUndefined();
  expect((await mailbox('alex')).messages.filter((m) => subjects.includes(m.subject))).toEqual([]);
  // The folder that was open is gone: the Inbox takes its place.
  await expect(page.getByRole('listbox', { name: 'Inbox' })).toBeVisible();
  // The cache says what Graph says.
  const cachedNames = async () =>
    ((await (await page.request.get('/api/folders')).json()) as { folders: { name: string }[] }).folders.map(
      (f) => f.name,
    );
  await expect.poll(cachedNames).not.toContain(renamed);
  expect(await cachedNames()).not.toContain(sub);
  await expect(folderLink(other, renamed)).toHaveCount(0);

  const results = await new AxeBuilder({ page }).include('nav').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('Outlook’s own folders have no actions; on a phone a folder is made and renamed from the menu @phone', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openInbox(page, 'megan');
  await page.getByRole('button', { name: 'Folders' }).click();
  await expect(folderLink(page, 'Inbox')).toBeVisible();
  await expect(
    pane(page).getByRole('button', { name: /^Actions for (Inbox|Drafts|Sent Items|Deleted Items)$/ }),
  ).toHaveCount(0);

  const name = unique('Phone folder');
  await pane(page).getByRole('button', { name: 'New folder' }).click();
  await pane(page).getByRole('textbox', { name: 'Name of the new folder' }).fill(name);
  await page.keyboard.press('Enter');
  await expect(folderLink(page, name)).toBeVisible();
  // On a touch screen the actions button is always shown.
  await expect(menuButton(page, name)).toBeVisible();
  await expect(menuButton(page, name)).toHaveCSS('opacity', '1');
  await screenshots(page, 'folders-390');

  await menuButton(page, name).click();
  await page.screenshot({ path: test.info().outputPath('folders-390-menu.png') });
  await pane(page).getByRole('menuitem', { name: 'Rename' }).click();
  const field = pane(page).getByRole('textbox', { name: `New name for ${name}` });
  await field.fill(`${name} renamed`);
  await field.press('Enter');
  await expect.poll(async () => (await graphFolderNamed('megan', `${name} renamed`))?.id).toBeTruthy();

  await chooseFromMenu(page, `${name} renamed`, 'Delete');
  await page.screenshot({ path: test.info().outputPath('folders-390-dialog.png') });
  await page.getByRole('dialog').getByRole('button', { name: 'Delete folder' }).click();
  const deletedItems = (await mailbox('megan')).folders.find((f) => f.wellKnownName === 'deleteditems');
  await expect
    .poll(async () => (await graphFolderNamed('megan', `${name} renamed`))?.parentFolderId)
    .toBe(deletedItems?.id);
});
