import { expect, type Page, test } from '@playwright/test';
import { PUSHER_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/*
 * Headers on every kind of response (page, API, download, static file), and the pages'
 * Content-Security-Policy: the signed-in app works under it, and it alone stops markup that reaches the
 * DOM from running.
 */

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function expectCommonHeaders(headers: Record<string, string>, what: string) {
  expect(headers, what).toMatchObject(COMMON);
  expect(headers['permissions-policy'], what).toContain('camera=()');
  // The app under test is at http://localhost: HSTS there would pin every localhost project to https.
  expect(headers['strict-transport-security'], what).toBeUndefined();
}

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );

test('a page has a fresh script nonce in its CSP, and Next.js’s scripts and ours carry it', async ({
  request,
}) => {
  const first = await request.get('/signin');
  const second = await request.get('/signin');
  expectCommonHeaders(first.headers(), 'page');
  const csp = directives(first.headers()['content-security-policy'] ?? '');
  const nonce = /^'nonce-(.+)'$/.exec(csp['script-src']?.[0] ?? '')?.[1];
  expect(nonce).toBeTruthy();
  expect(csp['script-src']).toEqual([`'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(csp).toMatchObject({
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
  });
  expect(csp['connect-src']).toEqual(["'self'", PUSHER_URL.replace(/^http/, 'ws')]);
  expect(second.headers()['content-security-policy']).not.toContain(`'nonce-${nonce}'`);

  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(1);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test('API answers, downloads and static files carry the headers too', async ({ page, request }) => {
  const api = await request.get('/api/health');
  expectCommonHeaders(api.headers(), 'API');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(api.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

  const refused = await request.get('/api/messages');
  expect(refused.status()).toBe(401);
  expectCommonHeaders(refused.headers(), 'API error');

  const signin = await (await request.get('/signin')).text();
  const asset = /\/_next\/static\/[^"]+\.js/.exec(signin)?.[0];
  expect(asset).toBeTruthy();
  const file = await request.get(asset ?? '');
  expect(file.status()).toBe(200);
  expectCommonHeaders(file.headers(), 'static file');

  // A download, signed in: an attachment of a mail delivered for this test.
  const bytes = Buffer.from('quarter,total\nq1,12\n');
  const { id } = (await emulatorControl('/mail', {
    to: 'alex',
    from: 'reports@fabrikam.test',
    subject: `Headers download ${Date.now()}`,
    body: 'Attached.',
    attachments: [{ name: 'totals.csv', contentType: 'text/csv', contentBase64: bytes.toString('base64') }],
  })) as { id: string };
  await signIn(page, 'alex');
  await expect(page).toHaveURL(/\/mail/);
  const detailUrl = `/api/messages/${encodeURIComponent(id)}`;
  await expect.poll(async () => (await page.request.get(detailUrl)).status(), { timeout: 30_000 }).toBe(200);
  const detail = await (await page.request.get(detailUrl)).json();
  const attachment = detail.attachments.find((a: { name: string }) => a.name === 'totals.csv');
  const download = await page.request.get(`${detailUrl}/attachments/${encodeURIComponent(attachment.id)}`);
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(bytes)).toBe(true);
  expectCommonHeaders(download.headers(), 'download');
  expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(download.headers()['content-security-policy']).toContain("default-src 'none'");
});

type CspRecord = { __cspViolations: { directive: string; blocked: string; sample: string }[] };

/** Records every CSP violation each document (frames too) reports, from before its first script. */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: CspRecord['__cspViolations'] = [];
    (window as unknown as CspRecord).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
  return () => page.evaluate(() => (window as unknown as CspRecord).__cspViolations);
}

test('the signed-in app works under its CSP: sign-in, live updates, inline and remote images', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|hydrat/i.test(message.text()))
      consoleErrors.push(message.text());
  });
  const violations = await recordViolations(page);
  await signIn(page, 'adele');
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });

  // Live updates: a mail delivered now appears without a reload (pusher-js over the allowed socket).
  const subject = `Under CSP ${Date.now()}`;
  const logo = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  const { id } = (await emulatorControl('/mail', {
    to: 'adele',
    from: 'news@fabrikam.test',
    subject,
    bodyType: 'html',
    body:
      '<p style="color:#036">Styled inline.</p><img alt="logo" src="cid:logo@csp" width="10" height="10">' +
      '<img alt="remote" src="https://images.fabrikam.test/csp-banner.png">',
    attachments: [
      {
        name: 'logo.png',
        contentType: 'image/png',
        contentBase64: logo.toString('base64'),
        isInline: true,
        contentId: 'logo@csp',
      },
    ],
  })) as { id: string };
  const row = page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 20_000 });

  // The body frame (srcdoc, inheriting the page's CSP): inline styles apply, the inline image loads
  // through its opaque link, and the remote one waits for "Show images".
  const remote: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('images.fabrikam.test')) remote.push(request.url());
  });
  await row.click();
  const reading = page.getByRole('region', { name: 'Reading pane' });
  const body = reading.locator('iframe[title^="Message body"]').first().contentFrame();
  await expect(body.getByText('Styled inline.')).toHaveCSS('color', 'rgb(0, 51, 102)');
  const inline = body.getByRole('img', { name: 'logo' });
  // Polled in whatever document the frame holds (it is rebuilt if the message is fetched again).
  await expect
    .poll(() => inline.evaluate((img: HTMLImageElement) => img.naturalWidth).catch(() => 0))
    .toBe(1);
  const src = (await inline.getAttribute('src')) ?? '';
  expect(src).toMatch(/\/api\/inline\/[A-Za-z0-9_-]+$/);
  expect(src).not.toContain(id);
  expect(remote).toEqual([]);
  await reading.getByRole('button', { name: 'Show images' }).click();
  await expect.poll(() => remote.length).toBeGreaterThan(0);

  expect(await violations()).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('the CSP alone stops markup injected into the app: handlers, srcdoc scripts, javascript: URLs', async ({
  page,
}) => {
  const violations = await recordViolations(page);
  await signIn(page, 'alex');
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });

  // Unsanitized, straight into the app's own DOM, the way the old editor wrote a quoted mail.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      'beforeend',
      [
        '<img id="pwn-img" src="x" onerror="window.__pwned = \'img onerror\'">',
        '<svg><animate onbegin="window.__pwned = \'svg onbegin\'" attributeName="x" dur="1s"></animate></svg>',
        '<a id="pwn-link" href="javascript:void(window.__pwned=\'javascript: link\')">click</a>',
        '<iframe id="pwn-frame" srcdoc="<script>parent.__pwned = \'srcdoc script\'</script>' +
          "<img src=x onerror=&quot;parent.__pwned = 'srcdoc handler'&quot;>\"></iframe>",
        '<iframe src="javascript:void(parent.__pwned = \'javascript: frame\')"></iframe>',
        '<object data="data:text/html,<script>parent.__pwned = 1</script>"></object>',
      ].join(''),
    );
    // Not tried: a script element created by script, which 'strict-dynamic' allows. That takes script
    // already running, which markup alone never gets; a <script> written through innerHTML never runs.
  });
  await page.locator('#pwn-link').click();
  // The frame has loaded (its document is ours to read: srcdoc without sandbox is same-origin).
  await expect
    .poll(() =>
      page.evaluate(
        () => (document.getElementById('pwn-frame') as HTMLIFrameElement | null)?.contentDocument?.readyState,
      ),
    )
    .toBe('complete');
  // The srcdoc frame inherits the page's policy: its script and its handler are refused there, too.
  const frame = await (await page.locator('#pwn-frame').elementHandle())?.contentFrame();
  await expect
    .poll(async () => (await frame?.evaluate(() => (window as unknown as CspRecord).__cspViolations))?.length)
    .toBeGreaterThanOrEqual(2);
  const pwned = () => page.evaluate(() => (window as { __pwned?: string }).__pwned);
  expect(await pwned()).toBeUndefined();

  // And a top-level javascript: navigation.
  await page.evaluate(() => {
    window.location.href = "javascript:void(window.__pwned='javascript: navigation')";
  });
  await expect
    .poll(async () => (await violations()).map((v) => v.directive).sort())
    .toEqual(expect.arrayContaining(['object-src', 'script-src-attr', 'script-src-elem']));
  // Each handler, each javascript: URL (checked as inline script) and the object are reports.
  await expect.poll(async () => (await violations()).length).toBeGreaterThanOrEqual(5);
  expect(await pwned()).toBeUndefined();
  // The app is still there and working.
  await expect(page.getByRole('listbox', { name: 'Inbox' })).toBeVisible();
  expect(page.url()).toMatch(/\/mail/);
});
