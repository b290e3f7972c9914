import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/* Writing and sending mail, checked against what lands in the recipient's emulated mailbox. */

interface EmulatorMailbox {
  messages: {
    id: string;
    subject: string;
    isDraft: boolean;
    attachments: { id: string; name: string; size: number }[];
  }[];
}

const mailbox = (user: string) => emulatorControl(`/mailboxes/${user}`) as Promise<EmulatorMailbox>;
const delivered = async (user: string, subject: string) =>
  (await mailbox(user)).messages.filter((m) => m.subject === subject && !m.isDraft);

/** A message's HTML body as Graph serves it to its owner. */
async function bodyThroughGraph(user: string, id: string): Promise<string> {
  const { access_token } = (await emulatorControl('/tokens', { user })) as { access_token: string };
  const response = await fetch(`${EMULATOR_URL}/v1.0/me/messages/${encodeURIComponent(id)}?$select=body`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  return ((await response.json()) as { body: { content: string } }).body.content;
}

async function openInbox(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });
}

const pane = (page: Page) => page.getByRole('dialog', { name: /New message|Draft/ });

async function startMessage(
  page: Page,
  { to, subject, body }: { to: string; subject: string; body: string },
) {
  await page.getByRole('button', { name: 'New message' }).click();
  const compose = pane(page);
  await compose.getByRole('combobox', { name: 'To' }).fill(to);
  await compose.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await compose.getByRole('textbox', { name: 'Message body' }).click();
  await page.keyboard.type(body);
  await expect(compose.getByRole('status')).toHaveText('Saved');
  return compose;
}

test('a new message with an attachment reaches the recipient byte for byte', async ({ page, browser }) => {
  await openInbox(page, 'adele');
  const subject = `Quarterly numbers ${Date.now()}`;
  const bytes = Buffer.from('region,revenue\nnorth,42\nsouth,17\n');
  const compose = await startMessage(page, {
    to: 'alex@contoso.test',
    subject,
    body: 'The figures are attached.',
  });
  await compose
    .getByTestId('compose-file-input')
    .setInputFiles({ name: 'numbers.csv', mimeType: 'text/csv', buffer: bytes });
  await expect(compose.getByRole('button', { name: 'Remove numbers.csv' })).toBeVisible();
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByText('Sending…')).toBeVisible();
  await expect(compose).toBeHidden();

  await expect.poll(async () => (await delivered('alex', subject)).length, { timeout: 20_000 }).toBe(1);
  const [message] = await delivered('alex', subject);
  expect(message?.attachments.map((a) => [a.name, a.size])).toEqual([['numbers.csv', bytes.length]]);

  // Alex downloads it through Tidings: the same bytes.
  const alexContext = await browser.newContext();
  const alex = await alexContext.newPage();
  await openInbox(alex, 'alex');
  await expect(alex.getByRole('option').filter({ hasText: subject })).toBeVisible({ timeout: 20_000 });
  const download = await alex.request.get(
    `/api/messages/${encodeURIComponent(message?.id ?? '')}/attachments/${encodeURIComponent(message?.attachments[0]?.id ?? '')}`,
  );
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(bytes)).toBe(true);
  await alexContext.close();
});

test('a draft survives a reload, and Discard deletes it', async ({ page }) => {
  await openInbox(page, 'adele');
  const subject = `Half-written ${Date.now()}`;
  await startMessage(page, { to: 'alex@contoso.test', subject, body: 'Thoughts so far' });
  await expect(page).toHaveURL(/compose=/);
  await expect
    .poll(async () => (await mailbox('adele')).messages.some((m) => m.subject === subject))
    .toBe(true);

  await page.reload();
  const compose = pane(page);
  await expect(compose.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject, { timeout: 20_000 });
  await expect(compose.getByRole('textbox', { name: 'Message body' })).toContainText('Thoughts so far');
  await expect(compose.getByRole('list', { name: 'To recipients' })).toHaveText('alex@contoso.test');

  await compose.getByRole('button', { name: 'Discard' }).click();
  await expect(compose).toBeHidden();
  await expect(page).not.toHaveURL(/compose=/);
  expect((await mailbox('adele')).messages.some((m) => m.subject === subject)).toBe(false);
});

test('“Saved” shows only once Microsoft 365 has every word typed, also words typed while a save ran', async ({
  page,
}) => {
  await openInbox(page, 'adele');
  const subject = `Typed while saving ${Date.now()}`;
  // The draft's creation answers late, so the rest of the sentence is typed while it runs.
  await emulatorControl('/faults', {
    kind: 'slow',
    delayMs: 3_000,
    count: 1,
    user: 'adele',
    pathPattern: '/me/messages',
  });
  await page.getByRole('button', { name: 'New message' }).click();
  const compose = pane(page);
  await compose.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await compose.getByRole('textbox', { name: 'Message body' }).click();
  await page.keyboard.type('First words');
  await expect(compose.getByRole('status')).toHaveText('Saving…');
  await page.keyboard.type(', and the rest of the sentence');
  await expect(compose.getByRole('status')).toHaveText('Saved', { timeout: 20_000 });
  // At that moment the draft on Microsoft 365 holds all of it.
  const draft = (await mailbox('adele')).messages.find((m) => m.subject === subject);
  expect(await bodyThroughGraph('adele', draft?.id ?? '')).toContain(
    'First words, and the rest of the sentence',
  );
  await fetch(`${EMULATOR_URL}/_emulator/faults`, { method: 'DELETE' });
});

test('a draft started on one device is finished and sent from Drafts on another', async ({
  page,
  browser,
}) => {
  await openInbox(page, 'adele');
  const subject = `Started on the laptop ${Date.now()}`;
  const laptopPane = await startMessage(page, { to: 'alex@contoso.test', subject, body: 'First half.' });
  // Escape closes the pane; the draft stays in Drafts.
  await page.keyboard.press('Escape');
  await expect(laptopPane).toBeHidden();
  await expect(page).not.toHaveURL(/compose=/);

  const phoneContext = await browser.newContext();
  try {
    const phone = await phoneContext.newPage();
    await signIn(phone, 'adele', { startAt: '/mail?folder=drafts' });
    const draftRow = phone
      .getByRole('listbox', { name: 'Drafts' })
      .getByRole('option')
      .filter({ hasText: subject });
    await expect(draftRow).toBeVisible({ timeout: 20_000 });
    await draftRow.click();
    const compose = pane(phone);
    await expect(compose.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject, { timeout: 20_000 });
    await expect(compose.getByRole('list', { name: 'To recipients' })).toHaveText('alex@contoso.test');
    const body = compose.getByRole('textbox', { name: 'Message body' });
    await expect(body).toContainText('First half.');
    await body.click();
    await phone.keyboard.press('End');
    await phone.keyboard.type(' Second half.');
    await phone.keyboard.press('Control+Enter');
    await expect(compose).toBeHidden();

    await expect.poll(async () => (await delivered('alex', subject)).length, { timeout: 20_000 }).toBe(1);
    const [sent] = await delivered('alex', subject);
    expect(await bodyThroughGraph('alex', sent?.id ?? '')).toMatch(/First half\.\s*Second half\./);
    // Sent, it is no longer a draft anywhere.
    expect((await mailbox('adele')).messages.filter((m) => m.subject === subject && m.isDraft)).toEqual([]);
  } finally {
    await phoneContext.close();
  }
});

test('a failed send keeps every word; the retry delivers exactly one copy', async ({ page }) => {
  await openInbox(page, 'adele');
  const subject = `Retry me ${Date.now()}`;
  const body = 'Every single word of this must survive the outage';
  await emulatorControl('/faults', {
    kind: 'status',
    status: 503,
    retryAfterSeconds: 0,
    count: 50,
    pathPattern: '/send',
  });
  try {
    const compose = await startMessage(page, { to: 'alex@contoso.test', subject, body });
    await compose.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(compose).toBeHidden();
    const reopened = pane(page);
    await expect(reopened.getByRole('alert')).toContainText('The message wasn’t sent', { timeout: 20_000 });
    await expect(reopened.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
    await expect(reopened.getByRole('textbox', { name: 'Message body' })).toContainText(body);
    expect(await delivered('alex', subject)).toHaveLength(0);
  } finally {
    await fetch(`${EMULATOR_URL}/_emulator/faults`, { method: 'DELETE' });
  }

  await pane(page).getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(async () => (await delivered('alex', subject)).length, { timeout: 20_000 }).toBe(1);
  await page.waitForTimeout(1000);
  expect(await delivered('alex', subject)).toHaveLength(1);
});

test('Undo within five seconds sends nothing and brings the draft back', async ({ page }) => {
  await openInbox(page, 'adele');
  const subject = `Second thoughts ${Date.now()}`;
  const compose = await startMessage(page, { to: 'alex@contoso.test', subject, body: 'On reflection…' });
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  const reopened = pane(page);
  await expect(reopened.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject, { timeout: 10_000 });
  await page.waitForTimeout(6000);
  expect(await delivered('alex', subject)).toHaveLength(0);
  await reopened.getByRole('button', { name: 'Discard' }).click();
  await expect(reopened).toBeHidden();
});

test('bad addresses and a missing subject are caught before sending', async ({ page }) => {
  await openInbox(page, 'adele');
  await page.getByRole('button', { name: 'New message' }).click();
  const compose = pane(page);
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(compose.getByText('Add at least one recipient.')).toBeVisible();
  const to = compose.getByRole('combobox', { name: 'To' });
  await to.fill('alex@contoso.test, not-an-address');
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(compose.getByText('“not-an-address” is not a valid email address.')).toBeVisible();
  // The pane, with its error showing, passes axe (every impact, not just serious ones).
  const axe = await new AxeBuilder({ page }).include('[data-compose]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
  // The bad address is a chip marked as such; removing it leaves the good one.
  await compose.getByRole('button', { name: 'Remove not-an-address' }).click();
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByText('Send without a subject?')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await compose.getByRole('button', { name: 'Discard' }).click();
  await expect(compose).toBeHidden();
});

interface MailboxWithThreads {
  folders: { id: string; wellKnownName: string | null }[];
  messages: {
    id: string;
    subject: string;
    conversationId: string;
    parentFolderId: string;
    toRecipients: string[];
  }[];
}

test('reply all stays in the thread, with the quoted original below the reply', async ({ page }) => {
  await openInbox(page, 'alex');
  const before = (await emulatorControl('/mailboxes/alex')) as MailboxWithThreads;
  const inbox = before.folders.find((f) => f.wellKnownName === 'inbox');
  const original = before.messages.find(
    (m) => m.parentFolderId === inbox?.id && m.subject.includes('Q3 marketing budget review'),
  );
  expect(original).toBeDefined();
  await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(original?.id ?? '')}`);
  await page.getByRole('button', { name: 'Reply all' }).first().click();
  const compose = page.getByRole('dialog', { name: /Reply/ });
  await expect(compose.getByRole('textbox', { name: 'Message body' })).toBeVisible();
  await compose.getByRole('textbox', { name: 'Message body' }).click();
  const words = `Counting me in ${Date.now()}`;
  await page.keyboard.type(words);
  await expect(compose.getByRole('status')).toHaveText('Saved');
  await compose.getByRole('button', { name: 'Send', exact: true }).click();

  const sentItems = before.folders.find((f) => f.wellKnownName === 'sentitems');
  await expect
    .poll(
      async () => {
        const box = (await emulatorControl('/mailboxes/alex')) as MailboxWithThreads;
        return box.messages.filter(
          (m) => m.parentFolderId === sentItems?.id && !before.messages.some((b) => b.id === m.id),
        );
      },
      { timeout: 15_000 },
    )
    .toHaveLength(1);
  const box = (await emulatorControl('/mailboxes/alex')) as MailboxWithThreads;
  const sent = box.messages.find(
    (m) => m.parentFolderId === sentItems?.id && !before.messages.some((b) => b.id === m.id),
  );
  expect(sent?.conversationId).toBe(original?.conversationId);
  expect(sent?.subject).toMatch(/^RE: /);
  expect(sent?.toRecipients.length).toBeGreaterThan(1);
  // The body holds what was typed and, below it, Exchange's quote of the original (read through Graph).
  const content = await bodyThroughGraph('alex', sent?.id ?? '');
  const typedAt = content.indexOf(words);
  const quoteAt = content.indexOf('Subject:');
  expect(typedAt).toBeGreaterThanOrEqual(0);
  expect(quoteAt).toBeGreaterThan(typedAt);
  expect(content).toContain(original?.subject.replace(/^(RE|FW): /i, '') ?? '∅');
});

test('a forward with a large attachment goes through an upload session', async ({ page }) => {
  await openInbox(page, 'megan');
  await page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first().click();
  await page.getByRole('button', { name: 'Forward' }).first().click();
  const compose = page.getByRole('dialog', { name: /Forward/ });
  await compose.getByRole('combobox', { name: 'To' }).fill('adele@contoso.test');
  await fetch(`${EMULATOR_URL}/_emulator/requests`, { method: 'DELETE' });
  const big = Buffer.alloc(5 * 1024 * 1024 + 7, 7);
  await compose
    .getByTestId('compose-file-input')
    .setInputFiles({ name: 'launch-video.mp4', mimeType: 'video/mp4', buffer: big });
  await expect(compose.getByRole('button', { name: 'Remove launch-video.mp4' })).toBeVisible({
    timeout: 30_000,
  });
  const { requests } = (await (await fetch(`${EMULATOR_URL}/_emulator/requests?user=megan`)).json()) as {
    requests: { method: string; path: string; status: number }[];
  };
  expect(requests.some((r) => r.path.endsWith('/attachments/createUploadSession') && r.status === 201)).toBe(
    true,
  );
  expect(
    requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/_upload/')).length,
  ).toBeGreaterThanOrEqual(2);
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect
    .poll(
      async () => {
        const box = (await emulatorControl('/mailboxes/adele')) as {
          messages: { subject: string; attachments: { name: string; size: number }[] }[];
        };
        return box.messages
          .flatMap((m) => m.attachments)
          .filter((a) => a.name === 'launch-video.mp4')
          .map((a) => a.size);
      },
      { timeout: 20_000 },
    )
    .toContain(big.length);
});
