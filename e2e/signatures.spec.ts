import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { emulatorControl, signIn } from './helpers';
import { mailbox } from './mailbox';

/*
 * Signatures through the real sign-in: written in Settings, put into a new message and a reply (above the
 * quote) when they open, switched or removed in the compose pane, and carried to the recipient.
 */

// Each test signs in and walks several screens on a busy machine: more than the default minute.
test.describe.configure({ timeout: 240_000 });

const token = `sig${Date.now().toString(36)}`;
const SIGNATURE = `Adele Vance, Contoso Sales ${token}`;

interface GraphMessage {
  body: { content: string };
}
const messageOf = (user: string, id: string) =>
  emulatorControl(`/mailboxes/${user}/messages/${encodeURIComponent(id)}`) as Promise<GraphMessage>;

async function delivered(user: string, subject: string) {
  const box = await mailbox(user);
  const inbox = box.folders.find((f) => f.wellKnownName === 'inbox')?.id;
  return box.messages.filter((m) => m.parentFolderId === inbox && m.subject === subject);
}

async function openMail(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });
}

async function createSignature(page: Page, name: string, text: string) {
  await page.goto('/settings?section=signatures');
  await page.getByRole('button', { name: 'New signature' }).click();
  const form = page.getByRole('form', { name: 'New signature' });
  await form.getByRole('textbox', { name: 'Name' }).fill(name);
  await form.getByRole('textbox', { name: 'Signature text' }).click();
  await page.keyboard.type(text);
  await form.getByRole('checkbox', { name: 'Add to new messages' }).check();
  await form.getByRole('checkbox', { name: 'Add to replies and forwards' }).check();
  await form.getByRole('button', { name: 'Save signature' }).click();
  await expect(page.getByTestId('signature-row').filter({ hasText: name })).toBeVisible({ timeout: 30_000 });
}

test('a signature goes into a new message and a reply above the quote, and reaches the recipient', async ({
  page,
}) => {
  await openMail(page, 'adele');
  await createSignature(page, 'Work', SIGNATURE);
  const row = page.getByTestId('signature-row').filter({ hasText: 'Work' });
  await expect(row).toContainText('Default for new messages');
  await expect(row).toContainText('Default for replies and forwards');
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // A new message opens with it.
  await page.goto('/mail');
  await page.getByRole('button', { name: 'New message' }).click();
  const compose = page.getByRole('dialog', { name: 'New message' });
  const body = compose.getByRole('textbox', { name: 'Message body' });
  await expect(body.locator('[data-signature]')).toHaveText(SIGNATURE, { timeout: 30_000 });
  const subject = `Signed ${token}`;
  await compose.getByRole('combobox', { name: 'To' }).fill('alex@contoso.test');
  await compose.getByRole('textbox', { name: 'Subject' }).fill(subject);
  // The person writes on the empty line above the signature.
  await body.locator('p').first().click();
  await page.keyboard.type('See you at the launch.');
  await expect(compose.getByRole('status')).toHaveText('Saved');

  // The picker removes it and puts it back.
  const picker = compose.getByRole('combobox', { name: 'Signature' });
  await expect(picker).toHaveValue(/.+/);
  await picker.selectOption({ label: 'No signature' });
  await expect(body.locator('[data-signature]')).toHaveCount(0);
  await picker.selectOption({ label: 'Work' });
  await expect(body.locator('[data-signature]')).toHaveText(SIGNATURE);
  await expect(body).toContainText('See you at the launch.');
  await expect(compose.getByRole('status')).toHaveText('Saved');
  await compose.getByRole('button', { name: 'Send', exact: true }).click();

  await expect.poll(async () => (await delivered('alex', subject)).length, { timeout: 30_000 }).toBe(1);
  const [received] = await delivered('alex', subject);
  const content = (await messageOf('alex', received?.id ?? '')).body.content;
  expect(content).toMatch(new RegExp(`See you at the launch\\..*${SIGNATURE}`, 's'));

  // A reply opens with it above the quoted message.
  const box = await mailbox('adele');
  const inbox = box.folders.find((f) => f.wellKnownName === 'inbox')?.id;
  const original = box.messages.find((m) => m.parentFolderId === inbox && !m.subject.startsWith('[hostile]'));
  expect(original).toBeDefined();
  await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(original?.id ?? '')}`);
  await page.getByRole('button', { name: 'Reply', exact: true }).first().click();
  const reply = page.getByRole('dialog', { name: /Reply/ });
  const replyBody = reply.getByRole('textbox', { name: 'Message body' });
  await expect(replyBody.locator('[data-signature]')).toHaveText(SIGNATURE, { timeout: 30_000 });
  const quote = reply.locator('iframe[title="The quoted message"]');
  await expect(quote).toBeVisible();
  const signatureBox = await replyBody.locator('[data-signature]').boundingBox();
  const quoteBox = await quote.boundingBox();
  expect((signatureBox?.y ?? 0) + (signatureBox?.height ?? 0)).toBeLessThanOrEqual(quoteBox?.y ?? 0);
  await replyBody.locator('p').first().click();
  await page.keyboard.type(`Replying ${token}`);
  await expect(reply.getByRole('status')).toHaveText('Saved');
  await reply.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(reply).toBeHidden();

  // Microsoft 365 sent it with the signature between the reply and the quote.
  const sentItems = box.folders.find((f) => f.wellKnownName === 'sentitems')?.id;
  await expect
    .poll(
      async () =>
        (await mailbox('adele')).messages.filter(
          (m) => m.parentFolderId === sentItems && !box.messages.some((b) => b.id === m.id),
        ).length,
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(1);
  const sent = (await mailbox('adele')).messages.filter(
    (m) => m.parentFolderId === sentItems && !box.messages.some((b) => b.id === m.id),
  );
  const bodies = await Promise.all(sent.map(async (m) => (await messageOf('adele', m.id)).body.content));
  const replied = bodies.find((b) => b.includes(`Replying ${token}`)) ?? '';
  expect(replied).toMatch(new RegExp(`Replying ${token}.*${SIGNATURE}.*Subject:`, 's'));
});

for (const width of [1440, 390]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`signatures in Settings and compose at ${width} px, ${scheme}`, async ({ page }, info) => {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      await page.emulateMedia({ colorScheme: scheme });
      await openMail(page, 'megan');
      await page.goto('/settings?section=signatures');
      if ((await page.getByTestId('signature-row').count()) === 0) {
        await createSignature(page, 'Megan', 'Megan Bowen — Marketing');
      }
      await page.screenshot({ path: info.outputPath(`signatures-${width}-${scheme}.png`) });
      await page.getByRole('button', { name: 'Edit Megan' }).click();
      await expect(page.getByRole('form', { name: /Edit/ })).toBeVisible();
      await page.screenshot({ path: info.outputPath(`signature-edit-${width}-${scheme}.png`) });
      await page.goto('/mail');
      await page.getByRole('button', { name: 'New message' }).click();
      const compose = page.getByRole('dialog', { name: 'New message' });
      await expect(compose.locator('[data-signature]')).toHaveText('Megan Bowen — Marketing', {
        timeout: 30_000,
      });
      await page.screenshot({ path: info.outputPath(`compose-signature-${width}-${scheme}.png`) });
    });
  }
}
