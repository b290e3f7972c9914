import { deflateSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';
import { mailbox } from './mailbox';

/*
 * Compose, second part: Enter in an address field, importance, pictures pasted into the text, the reply
 * docked under the message, untouched replies discarded, and quoted history folded in the reading pane.
 * Each checked against what Microsoft 365 (the emulator) holds afterwards.
 */

const token = `x${Date.now().toString(36)}`;

// Each test signs in (some twice) and waits on Microsoft 365's copy: generous on a busy machine.
test.describe.configure({ timeout: 180_000 });

/** Calls Graph on the emulator as `user` (what the recipient's Outlook would read). */
async function graphAs<T>(user: string, path: string): Promise<T> {
  const { access_token } = (await emulatorControl('/tokens', { user })) as { access_token: string };
  const response = await fetch(`${EMULATOR_URL}/v1.0${path}`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  expect(response.ok, `GET ${path}`).toBe(true);
  return (await response.json()) as T;
}

async function deliveredTo(user: string, subject: string) {
  const box = await mailbox(user);
  const inbox = box.folders.find((f) => f.wellKnownName === 'inbox')?.id;
  return box.messages.filter((m) => m.parentFolderId === inbox && m.subject === subject);
}

async function draftsOf(user: string) {
  const box = await mailbox(user);
  const drafts = box.folders.find((f) => f.wellKnownName === 'drafts')?.id;
  return box.messages.filter((m) => m.parentFolderId === drafts);
}

/** A w×h PNG of one colour, made here so the test needs no image file. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3] ?? 0)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A paste of files into an element, as the browser fires it for a screenshot on the clipboard. */
async function pasteFiles(target: Locator, files: { name: string; type: string; base64: string }[]) {
  await target.evaluate((element, list) => {
    const data = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], f.name, { type: f.type }));
    }
    element.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, files);
}

const newPane = (page: Page) => page.getByRole('dialog', { name: /New message|Draft/ });

async function openMail(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });
}

async function startNew(page: Page, subject: string) {
  await page.getByRole('button', { name: 'New message' }).click();
  const compose = newPane(page);
  const to = compose.getByRole('combobox', { name: 'To' });
  await to.click();
  await to.pressSequentially('alex@contoso.test');
  await to.press('Enter');
  await compose.getByRole('textbox', { name: 'Subject' }).fill(subject);
  return compose;
}

test('Enter in To accepts the address as a chip and never sends or asks about the subject', async ({
  page,
}) => {
  await openMail(page, 'adele');
  await page.getByRole('button', { name: 'New message' }).click();
  const compose = newPane(page);
  const to = compose.getByRole('combobox', { name: 'To' });
  const chips = compose.getByRole('list', { name: 'To recipients' });
  await to.pressSequentially('alex@contoso.test');
  await to.press('Enter');
  await expect(chips.getByRole('listitem')).toHaveText(['alex@contoso.test']);
  await expect(to).toHaveValue('');
  await expect(to).toBeFocused();
  // Enter again with nothing typed: still nothing sent, nothing asked.
  await to.press('Enter');
  await to.pressSequentially('not an address');
  await to.press('Enter');
  await expect(chips.getByRole('listitem')).toHaveCount(2);
  await expect(chips.getByRole('listitem').nth(1)).toHaveAttribute('data-invalid', '');
  await expect(chips.getByRole('listitem').nth(1)).toContainText('not a valid email address');
  await expect(page.getByText('Send without a subject?')).toBeHidden();
  await expect(compose).toBeVisible();
  await expect(page.getByText('Sending…')).toBeHidden();
  // Backspace in the empty input takes the last chip back to edit it.
  await to.press('Backspace');
  await expect(to).toHaveValue('not an address');
  await to.fill('');
  await expect(chips.getByRole('listitem')).toHaveText(['alex@contoso.test']);
  const axe = await new AxeBuilder({ page }).include('[data-compose]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await compose.getByRole('button', { name: 'Discard' }).click();
  await expect(compose).toBeHidden();
});

test('High importance reaches the recipient and shows in their reading pane', async ({ page, browser }) => {
  await openMail(page, 'adele');
  const subject = `${token} budget decision needed`;
  const compose = await startNew(page, subject);
  await compose.getByRole('textbox', { name: 'Message body' }).click();
  await page.keyboard.type('Please decide by Friday.');
  await compose.getByRole('combobox', { name: 'Importance' }).selectOption('high');
  await expect(compose.getByRole('status')).toHaveText('Saved');
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(compose).toBeHidden();

  await expect.poll(async () => (await deliveredTo('alex', subject)).length, { timeout: 30_000 }).toBe(1);
  const [message] = await deliveredTo('alex', subject);
  const graph = await graphAs<{ importance: string }>(
    'alex',
    `/me/messages/${encodeURIComponent(message?.id ?? '')}?$select=importance`,
  );
  expect(graph.importance).toBe('high');

  const alexContext = await browser.newContext();
  const alex = await alexContext.newPage();
  await openMail(alex, 'alex');
  await alex.goto(`/mail?folder=inbox&message=${encodeURIComponent(message?.id ?? '')}`);
  await expect(alex.getByRole('region', { name: 'Reading pane' }).getByText('High importance')).toBeVisible({
    timeout: 30_000,
  });
  await alexContext.close();
});

test('a pasted picture reaches the recipient as an inline attachment referenced by cid:', async ({
  page,
  browser,
}) => {
  await openMail(page, 'adele');
  const subject = `${token} chart inline`;
  const compose = await startNew(page, subject);
  const body = compose.getByRole('textbox', { name: 'Message body' });
  await body.click();
  await page.keyboard.type('The chart: ');
  const picture = png(48, 24, [220, 40, 40]);
  await pasteFiles(body, [{ name: 'chart.png', type: 'image/png', base64: picture.toString('base64') }]);
  const shown = body.locator('img[alt="chart.png"]');
  await expect(shown).toBeVisible({ timeout: 30_000 });
  // Shown from the app's own route for the draft's picture, not a remote or data: URL.
  await expect(shown).toHaveAttribute('src', /^\/api\/drafts\/[^/]+\/inline\/[^/]+$/);
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);

  // Too big for the text: a clear error, nothing inserted.
  const big = Buffer.alloc(3 * 1024 * 1024 + 10, 1).toString('base64');
  await pasteFiles(body, [{ name: 'huge.png', type: 'image/png', base64: big }]);
  await expect(compose.getByText('“huge.png” is larger than 3 MB')).toBeVisible();
  await expect(body.locator('img[src^="/api/drafts/"]')).toHaveCount(1);

  await page.keyboard.type(' done.');
  await expect(compose.getByRole('status')).toHaveText('Saved');
  await compose.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(compose).toBeHidden();

  await expect.poll(async () => (await deliveredTo('alex', subject)).length, { timeout: 30_000 }).toBe(1);
  const [message] = await deliveredTo('alex', subject);
  const id = encodeURIComponent(message?.id ?? '');
  const received = await graphAs<{ body: { content: string }; hasAttachments: boolean }>(
    'alex',
    `/me/messages/${id}?$select=body,hasAttachments`,
  );
  const { value: attachments } = await graphAs<{
    value: { id: string; name: string; isInline: boolean; contentId: string; size: number }[];
  }>('alex', `/me/messages/${id}/attachments`);
  expect(attachments).toHaveLength(1);
  expect(attachments[0]).toMatchObject({ name: 'chart.png', isInline: true, size: picture.length });
  const contentId = attachments[0]?.contentId ?? '∅';
  expect(received.body.content).toContain(`src="cid:${contentId}"`);
  expect(received.body.content).not.toContain('/api/drafts/');
  expect(received.hasAttachments).toBe(false);

  // Alex sees the picture in the message, through the reading pane's inline-image path.
  const alexContext = await browser.newContext();
  const alex = await alexContext.newPage();
  await openMail(alex, 'alex');
  await alex.goto(`/mail?folder=inbox&message=${id}`);
  const frame = alex.locator('iframe[title^="Message body"]').first().contentFrame();
  const image = frame.locator('img[alt="chart.png"]');
  await expect(image).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
  await alexContext.close();
});

for (const [width, height, scheme] of [
  [1440, 900, 'light'],
  [1440, 900, 'dark'],
  [390, 844, 'light'],
  [390, 844, 'dark'],
] as const) {
  test(`the reply docks under the message at ${width} px (${scheme}) without covering its subject`, async ({
    page,
  }, info) => {
    await page.setViewportSize({ width, height });
    await page.emulateMedia({ colorScheme: scheme });
    const subject = `${token} layout ${width} ${scheme} — a longer subject to wrap on a phone`;
    const { id } = (await emulatorControl('/mail', {
      to: 'alex',
      from: 'megan@contoso.test',
      fromName: 'Megan Bowen',
      subject,
      bodyType: 'html',
      body: '<p style="font-family:Times New Roman;color:#000;background:#fff">Can you check the figures before Friday?</p>',
    })) as { id: string };
    await signIn(page, 'alex');
    await expect(page).toHaveURL(/\/mail/);
    await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(id)}`);
    const heading = page.locator('#conversation-subject');
    await expect(heading).toContainText(subject, { timeout: 30_000 });
    await page
      .getByRole('toolbar', { name: 'Message actions' })
      .getByRole('button', { name: 'Reply', exact: true })
      .click();
    const reply = page.getByRole('dialog', { name: 'Reply' });
    await expect(reply.getByRole('textbox', { name: 'Message body' })).toBeVisible({ timeout: 30_000 });
    await expect(reply.locator('iframe[title="The quoted message"]')).toBeVisible();
    await expect(reply).toHaveAttribute('data-docked', '');
    // The subject being answered is named in the pane's own header too.
    await expect(reply.getByRole('heading', { level: 2 })).toContainText(`RE: ${subject}`);

    const subjectBox = await heading.boundingBox();
    const replyBox = await reply.boundingBox();
    expect(subjectBox && replyBox).toBeTruthy();
    if (!subjectBox || !replyBox) return;
    // The heading is on screen, whole, and entirely above the docked reply.
    expect(subjectBox.y).toBeGreaterThanOrEqual(0);
    expect(subjectBox.y + subjectBox.height).toBeLessThanOrEqual(replyBox.y);
    expect(replyBox.y + replyBox.height).toBeLessThanOrEqual(height + 1);
    await page.screenshot({ path: info.outputPath(`reply-${width}-${scheme}.png`) });
    if (process.env.E2E_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/reply-${width}-${scheme}.png` });

    const axe = await new AxeBuilder({ page }).include('[data-compose]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await reply.getByRole('button', { name: 'Close' }).click();
    await expect(reply).toBeHidden();
  });
}

test('closing an untouched reply leaves no draft; one with words is kept and says so', async ({ page }) => {
  const subject = `${token} drafts stay tidy`;
  const { id } = (await emulatorControl('/mail', {
    to: 'alex',
    from: 'megan@contoso.test',
    subject,
    body: 'Lunch on Thursday?',
  })) as { id: string };
  await signIn(page, 'alex');
  await expect(page).toHaveURL(/\/mail/);
  await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(id)}`);
  await expect(page.locator('#conversation-subject')).toContainText(subject, { timeout: 30_000 });
  const before = (await draftsOf('alex')).length;
  const replyButton = page
    .getByRole('toolbar', { name: 'Message actions' })
    .getByRole('button', { name: 'Reply', exact: true });
  const reply = page.getByRole('dialog', { name: 'Reply' });

  for (let click = 0; click < 2; click += 1) {
    await replyButton.click();
    await expect(reply.getByRole('textbox', { name: 'Message body' })).toBeVisible({ timeout: 30_000 });
    // Exchange made the draft when Reply was clicked…
    await expect.poll(async () => (await draftsOf('alex')).length, { timeout: 20_000 }).toBe(before + 1);
    // …and closing it untouched takes it away again (Close once, Escape once).
    if (click === 0) await reply.getByRole('button', { name: 'Close' }).click();
    else {
      await reply.getByRole('textbox', { name: 'Message body' }).click();
      await page.keyboard.press('Escape');
    }
    await expect(reply).toBeHidden();
    await expect.poll(async () => (await draftsOf('alex')).length, { timeout: 20_000 }).toBe(before);
  }

  await replyButton.click();
  const body = reply.getByRole('textbox', { name: 'Message body' });
  await body.click();
  await page.keyboard.type('Thursday works.');
  await expect(reply.getByRole('status')).toHaveText('Saved');
  await reply.getByRole('button', { name: 'Close' }).click();
  await expect(reply).toBeHidden();
  await expect(page.getByText('Draft saved.')).toBeVisible();
  const drafts = await draftsOf('alex');
  expect(drafts).toHaveLength(before + 1);
  expect(drafts.some((d) => d.subject === `RE: ${subject}`)).toBe(true);
});

test('earlier quoted history is folded behind "…" and opens on click, inside the frame', async ({ page }) => {
  const subject = `${token} venue options`;
  const first = (await emulatorControl('/mail', {
    to: 'alex',
    from: 'megan@contoso.test',
    fromName: 'Megan Bowen',
    subject,
    body: 'Three venues are free on the 12th.',
  })) as { id: string; conversationId: string };
  const quoted = `Old words ${token}`;
  const second = (await emulatorControl('/mail', {
    to: 'alex',
    from: 'megan@contoso.test',
    fromName: 'Megan Bowen',
    subject: `RE: ${subject}`,
    conversationId: first.conversationId,
    bodyType: 'html',
    body:
      '<div dir="ltr">The second one is my favourite.</div><div class="gmail_signature">Megan Bowen | Contoso</div>' +
      `<div class="gmail_quote"><div class="gmail_attr">On Mon, Megan wrote:</div><blockquote class="gmail_quote">${quoted}</blockquote></div>`,
  })) as { id: string };
  await signIn(page, 'alex');
  await expect(page).toHaveURL(/\/mail/);
  await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(second.id)}`);
  const frame = page.locator('iframe[title^="Message body"]').first().contentFrame();
  await expect(frame.getByText('The second one is my favourite.')).toBeVisible({ timeout: 30_000 });
  const fold = frame.locator('details.tidings-quoted');
  await expect(fold).toHaveCount(1);
  await expect(frame.getByText(quoted)).toBeHidden();
  await expect(frame.getByText('Megan Bowen | Contoso')).toBeHidden();
  await fold.locator('summary').click();
  await expect(frame.getByText(quoted)).toBeVisible();
  await expect(frame.getByText('Megan Bowen | Contoso')).toBeVisible();
  await fold.locator('summary').click();
  await expect(frame.getByText(quoted)).toBeHidden();
});
