import { expect, type Page, test } from '@playwright/test';
import { APP_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/*
 * Forged writes: another site, or a same-origin request that is not JSON, is refused with a clear error
 * and changes nothing in the mailbox (lib/api/same-origin.ts). Signed in for real, so the session cookie
 * goes along wherever the browser would send it.
 */

interface EmulatorMailbox {
  folders: { id: string; wellKnownName: string | null }[];
  messages: { id: string; subject: string; isDraft: boolean; parentFolderId: string }[];
}

const mailbox = (user: string) => emulatorControl(`/mailboxes/${user}`) as Promise<EmulatorMailbox>;
const EVIL = 'http://evil.test';

async function folderOf(user: string, id: string) {
  const box = await mailbox(user);
  const message = box.messages.find((m) => m.id === id);
  return box.folders.find((f) => f.id === message?.parentFolderId)?.wellKnownName;
}

const draftCount = async (user: string) => (await mailbox(user)).messages.filter((m) => m.isDraft).length;

/** Delivers a fresh mail from `from` and waits until Tidings has it; returns its id. */
async function freshMessage(page: Page, user: string, from: string) {
  const subject = `CSRF target ${Date.now()}`;
  const { id } = (await emulatorControl('/mail', {
    to: user,
    from,
    subject,
    bodyType: 'html',
    body: '<p>Hello</p><img src="https://images.fabrikam.test/pixel.png">',
  })) as { id: string };
  await expect
    .poll(async () => (await page.request.get(`/api/messages/${encodeURIComponent(id)}`)).status(), {
      timeout: 30_000,
    })
    .toBe(200);
  return id;
}

async function senderTrusted(page: Page, id: string): Promise<boolean> {
  const detail = await (await page.request.get(`/api/messages/${encodeURIComponent(id)}`)).json();
  return detail.senderTrusted;
}

async function signedIn(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
}

test('writes from another origin are refused with 403 and change nothing', async ({ page }) => {
  await signedIn(page, 'megan');
  const sender = `csrf-${Date.now()}@fabrikam.test`;
  const id = await freshMessage(page, 'megan', sender);
  const drafts = await draftCount('megan');

  // The session cookie goes along (page.request shares the browser's cookies); only Origin differs.
  const forged = [
    { url: '/api/trusted-senders', data: { address: sender } },
    { url: '/api/drafts', data: { subject: 'forged', to: ['mallory@evil.test'] } },
    { url: `/api/messages/${encodeURIComponent(id)}/move`, data: { destination: 'deleteditems' } },
  ];
  for (const { url, data } of forged) {
    const senders: Record<string, string>[] = [
      { origin: EVIL },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of senders) {
      const response = await page.request.post(url, { data, headers });
      expect(response.status(), `${url} ${JSON.stringify(headers)}`).toBe(403);
      const body = await response.json();
      expect(body.error.code).toBe('cross_origin');
      expect(body.error.message).toContain(`open ${APP_URL}`);
    }
  }
  const deleted = await page.request.delete(`/api/messages/${encodeURIComponent(id)}`, {
    headers: { origin: EVIL },
  });
  expect(deleted.status()).toBe(403);

  expect(await senderTrusted(page, id)).toBe(false);
  expect(await draftCount('megan')).toBe(drafts);
  expect(await folderOf('megan', id)).toBe('inbox');

  // The same writes from our own origin go through: the refusal was about the origin alone.
  const allowed = await page.request.post('/api/trusted-senders', {
    data: { address: sender },
    headers: { origin: APP_URL },
  });
  expect(allowed.status()).toBe(204);
  expect(await senderTrusted(page, id)).toBe(true);
});

test('a form on another site cannot post to Tidings, even as text/plain JSON', async ({ page }) => {
  await signedIn(page, 'megan');
  const sender = `csrf-form-${Date.now()}@fabrikam.test`;
  const id = await freshMessage(page, 'megan', sender);
  // A real cross-site page in the same browser: the classic text/plain form that smuggles a JSON body.
  await page.route(`${EVIL}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<form method="post" enctype="text/plain" action="${APP_URL}/api/trusted-senders">
        <input name='{"address":"${sender}","x":"' value='"}'></form>
        <script>document.forms[0].submit()</script>`,
    }),
  );
  const answer = page.waitForResponse((r) => r.url() === `${APP_URL}/api/trusted-senders`);
  await page.goto(`${EVIL}/attack`);
  const response = await answer;
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe('cross_origin');
  expect(await senderTrusted(page, id)).toBe(false);
});

test('a same-origin write that is not JSON is refused with 415 and changes nothing', async ({ page }) => {
  await signedIn(page, 'megan');
  const sender = `csrf-text-${Date.now()}@fabrikam.test`;
  const id = await freshMessage(page, 'megan', sender);
  const drafts = await draftCount('megan');

  // From the signed-in page itself: the browser adds the real Origin and the session cookie.
  const statuses = await page.evaluate(
    async ({ sender, id }) => {
      const send = async (url: string, type: string, body: string) => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
        return { url, type, status: response.status, body: await response.json() };
      };
      return [
        await send('/api/trusted-senders', 'text/plain', JSON.stringify({ address: sender })),
        await send('/api/drafts', 'text/plain', JSON.stringify({ subject: 'forged' })),
        await send(
          `/api/messages/${encodeURIComponent(id)}/move`,
          'application/x-www-form-urlencoded',
          'destination=deleteditems',
        ),
        await send('/api/drafts', 'multipart/form-data; boundary=x', '--x--'),
      ];
    },
    { sender, id },
  );
  for (const result of statuses) {
    expect(result.status, `${result.url} as ${result.type}`).toBe(415);
    expect(result.body.error.code).toBe('unsupported_media_type');
    expect(result.body.error.message).toContain('application/json');
  }
  expect(await senderTrusted(page, id)).toBe(false);
  expect(await draftCount('megan')).toBe(drafts);
  expect(await folderOf('megan', id)).toBe('inbox');
});

test('Pusher auth answers only our own pages', async ({ page }) => {
  await signedIn(page, 'megan');
  const form = { socket_id: '123.456', channel_name: 'private-user-x' };
  const foreign = await page.request.post('/api/pusher/auth', { form, headers: { origin: EVIL } });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error.code).toBe('cross_origin');
  const asJson = await page.request.post('/api/pusher/auth', { data: form, headers: { origin: APP_URL } });
  expect(asJson.status()).toBe(415);
});
