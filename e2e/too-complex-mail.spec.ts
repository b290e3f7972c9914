import { expect, test } from '@playwright/test';
import { emulatorControl, signIn } from './helpers';

/*
 * A mail too complex to sanitize safely (issue #11): the reader sees the notice and the text, the app
 * keeps answering, and "Download the original" works from inside the sandboxed frame (a new tab from an
 * opaque origin: the root-relative link resolves against the app, the session cookie goes with it).
 */

test('a mail too complex to show safely shows its text and downloads from inside the frame', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const subject = `Too complex ${Date.now()}`;
  const delivered = (await emulatorControl('/mail', {
    to: 'megan',
    from: 'deep@fabrikam.test',
    subject,
    bodyType: 'html',
    body: `<p>Quarterly figures inside</p>${'<div>'.repeat(20_000)}x`,
  })) as { id: string };

  await signIn(page, 'megan');
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox').getByRole('option').filter({ hasText: subject })).toBeVisible({
    timeout: 30_000,
  });
  await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(delivered.id)}`);

  const reading = page.getByRole('region', { name: 'Reading pane' });
  const frame = reading.locator('iframe[title^="Message body"]').first().contentFrame();
  await expect(frame.getByText('This message is too complex to show safely.')).toBeVisible({
    timeout: 20_000,
  });
  // Said once, inside the frame: not again by the app around it.
  await expect(reading.getByText(/too complex to show safely/)).toHaveCount(0);
  await expect(frame.getByText('Quarterly figures inside')).toBeVisible();
  expect((await page.request.get('/api/health')).status()).toBe(200);

  const download = page.waitForEvent('download');
  await frame.getByRole('link', { name: 'Download the original message' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('message.html');
  const saved = await file.path();
  expect(saved).toBeTruthy();

  const original = await page.request.get(`/api/messages/${encodeURIComponent(delivered.id)}/original`);
  expect(original.status()).toBe(200);
  expect(original.headers()['content-type']).toBe('application/octet-stream');
  expect(original.headers()['content-disposition']).toBe('attachment; filename="message.html"');
  expect(original.headers()['x-content-type-options']).toBe('nosniff');
  // The route sends `sandbox; default-src 'none'`; next.config.js's policy for every API answer replaces
  // it with its own, under which nothing in the document can run either.
  expect(original.headers()['content-security-policy']).toMatch(/sandbox|default-src 'none'/);
  expect(await original.text()).toContain('<p>Quarterly figures inside</p>');

  // Another person's session cannot fetch it.
  const anonymous = await page.context().browser()?.newContext();
  const stranger = await anonymous?.request.get(
    `${new URL(page.url()).origin}/api/messages/${encodeURIComponent(delivered.id)}/original`,
  );
  expect(stranger?.status()).toBe(401);
  await anonymous?.close();
});
