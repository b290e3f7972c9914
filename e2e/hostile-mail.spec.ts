import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { HOSTILE_VECTORS, hostileMails } from '../lib/mail/testing/hostile-mail';
import { APP_URL, EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/*
 * The hostile-content corpus (lib/mail/testing/hostile-mail.ts, one mail per family) through every surface
 * that shows mail: the reading pane, Reply, Reply all, Forward, a resumed draft, search results and desktop
 * notifications. Each vector that would run script calls __pwn(id), a binding Playwright puts into every
 * frame; each remote fetch goes to a listener of ours. Asserted: no script ran in any frame, the listener
 * heard nothing before the reader chose "Show images" (and nothing that leaks attributes after), and the
 * page never navigated away.
 */

const USER = 'megan';
const PASSWORD_USER = USER;

let listener: Server;
let listenerHost = '';
const heard: string[] = [];

test.beforeAll(async () => {
  listener = createServer((request, response) => {
    heard.push(request.url ?? '');
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerHost = `127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

const marker = (id: string) => `__pwn('${id}')`;

interface Watch {
  pwned: string[];
  dialogs: string[];
  popups: string[];
  navigations: string[];
  violations: () => string[];
}

/** A page with every way a vector could show itself recorded. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; watch: Watch }> {
  const watch: Watch = {
    pwned: [],
    dialogs: [],
    popups: [],
    navigations: [],
    violations() {
      return [
        ...this.pwned.map((id) => `script ran: ${id}`),
        ...this.dialogs.map((d) => `dialog: ${d}`),
        ...this.popups.map((p) => `popup: ${p}`),
        ...this.navigations.map((n) => `navigated to ${n}`),
      ];
    },
  };
  await context.exposeBinding('__pwn', (_source, id: unknown) => {
    watch.pwned.push(String(id));
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('popup', (popup) => watch.popups.push(popup.url()));
  page.on('framenavigated', (frame) => {
    const url = frame.url();
    if (frame === page.mainFrame() ? !url.startsWith(APP_URL) : !/^about:(srcdoc|blank)$/.test(url))
      watch.navigations.push(url);
  });
  return { page, watch };
}

async function deliver(subject: string, html: string, extra: Record<string, unknown> = {}) {
  return (await emulatorControl('/mail', {
    to: USER,
    from: 'mallory@fabrikam.test',
    fromName: 'Mallory',
    subject,
    body: html,
    bodyType: 'html',
    ...extra,
  })) as { id: string };
}

/** Graph as another client of the same person (a phone, Outlook) would use it. */
async function graph(path: string, body: unknown): Promise<{ id: string }> {
  const { access_token } = (await emulatorControl('/tokens', { user: USER })) as { access_token: string };
  const response = await fetch(`${EMULATOR_URL}/v1.0${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as { id: string };
}

/** Waits until every frame on the page has finished loading: then whatever a vector does has happened. */
async function framesSettled(page: Page) {
  await page.waitForLoadState('load');
  for (const frame of page.frames()) await frame.waitForLoadState('load');
}

async function signedIn(browser: Browser) {
  const context = await browser.newContext();
  const { page, watch } = await watchedPage(context);
  await signIn(page, PASSWORD_USER);
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  // Signing in goes through Microsoft's pages; from here on the page must stay on ours.
  watch.navigations.length = 0;
  return { context, page, watch };
}

let mails: { subject: string; id: string; family: string }[] = [];

test.describe.configure({ mode: 'serial' });

test('the corpus is wide: at least 100 vectors in every family of the issue', () => {
  expect(HOSTILE_VECTORS.length).toBeGreaterThanOrEqual(100);
  const families = new Set(HOSTILE_VECTORS.map((v) => v.family));
  for (const family of ['script', 'event-handler', 'mutation', 'css-leak', 'remote-fetch', 'navigation'])
    expect(families).toContain(family);
});

test('reading pane: no script, no remote request, no navigation, for every hostile mail', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const corpus = hostileMails(listenerHost, marker);
  mails = [];
  for (const mail of corpus) {
    const { id } = await deliver(mail.subject, mail.html);
    mails.push({ subject: mail.subject, id, family: mail.family });
  }
  // A mail whose header fields are markup: they must show as text everywhere.
  const headerSubject = `<img src=x onerror="__pwn('subject')"> Header fields`;
  const { id: headerId } = await deliver(headerSubject, '<p>Plain.</p>', {
    fromName: `<svg onload="__pwn('from')">Mallory`,
  });
  const { context, page, watch } = await signedIn(browser);
  try {
    for (const mail of [...mails, { id: headerId, subject: headerSubject, family: 'header' }]) {
      await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(mail.id)}`);
      const frame = page.locator('iframe[title^="Message body"]').first();
      await expect(frame, mail.subject).toBeVisible({ timeout: 20_000 });
      await expect(frame).not.toHaveAttribute('sandbox', /allow-scripts|allow-same-origin/);
      await framesSettled(page);
      expect(watch.violations(), mail.subject).toEqual([]);
    }
    await expect(page.getByRole('heading', { name: headerSubject })).toBeVisible();
    expect(heard, 'requests to the listener before "Show images"').toEqual([]);
  } finally {
    await context.close();
  }
});

test('Reply, Reply all and Forward quote every hostile mail without running or loading anything', async ({
  browser,
}) => {
  test.setTimeout(360_000);
  const { context, page, watch } = await signedIn(browser);
  try {
    for (const mail of mails) {
      await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(mail.id)}`);
      await expect(page.locator('iframe[title^="Message body"]').first()).toBeVisible({ timeout: 20_000 });
      for (const action of ['Reply', 'Reply all', 'Forward']) {
        await page.getByRole('toolbar').getByRole('button', { name: action, exact: true }).first().click();
        const compose = page.getByRole('dialog', { name: action });
        const quote = compose.locator('iframe[title="The quoted message"]');
        await expect(quote, `${action}: ${mail.subject}`).toBeVisible({ timeout: 20_000 });
        await expect(quote).not.toHaveAttribute('sandbox', /allow-scripts|allow-same-origin/);
        // The person's text starts empty: nothing of the original is editable markup.
        await expect(compose.getByRole('textbox', { name: 'Message body' })).toHaveText('');
        await framesSettled(page);
        expect(watch.violations(), `${action}: ${mail.subject}`).toEqual([]);
        await compose.getByRole('button', { name: 'Discard' }).click();
        await expect(compose).toBeHidden();
      }
    }
    expect(heard, 'requests to the listener from a quote').toEqual([]);
  } finally {
    await context.close();
  }
});

test('a draft written elsewhere with hostile HTML resumes as harmless text', async ({ browser }) => {
  test.setTimeout(240_000);
  const corpus = hostileMails(listenerHost, marker);
  const drafts = [];
  for (const mail of corpus) {
    drafts.push(
      await graph('/me/messages', {
        subject: `Draft: ${mail.family}`,
        body: { contentType: 'html', content: mail.html },
      }),
    );
  }
  const { context, page, watch } = await signedIn(browser);
  try {
    for (const [index, draft] of drafts.entries()) {
      await page.goto(`/mail?folder=drafts&compose=${encodeURIComponent(draft.id)}`);
      const body = page.getByRole('dialog').getByRole('textbox', { name: 'Message body' });
      // The vectors' headings are text and survive; what they carry does not.
      await expect(body, corpus[index]?.family).toContainText(corpus[index]?.vectorIds[0] ?? '∅', {
        timeout: 20_000,
      });
      // Only what the editor can hold: no embedding elements, no handlers, no script URLs. Its one kind of
      // picture is this draft's own inline attachment, read from our origin (a cid: of the mail becomes
      // that route, which serves only the draft's own attachments); any other picture source is a finding.
      const ownInline = `/api/drafts/${encodeURIComponent(draft.id)}/inline/`;
      const found = await body.evaluate(
        (root, ownInline) => [
          ...[
            ...root.querySelectorAll('svg,math,style,script,iframe,form,input,object,embed,video,audio'),
          ].map((element) => `<${element.localName}>`),
          ...[...root.querySelectorAll('img')]
            .filter((image) => !(image.getAttribute('src') ?? '').startsWith(ownInline))
            .map((image) => `<img src=${image.getAttribute('src')}>`),
          ...[...root.querySelectorAll('*')].flatMap((element) =>
            [...element.attributes]
              .filter(
                (attr) =>
                  /^on/i.test(attr.name) ||
                  (attr.name.toLowerCase() === 'href' && !/^(https?:|mailto:)/i.test(attr.value.trim())) ||
                  (attr.name.toLowerCase() === 'src' &&
                    !(element.localName === 'img' && attr.value.startsWith(ownInline))),
              )
              .map((attr) => `${element.localName} ${attr.name}=${attr.value}`),
          ),
        ],
        ownInline,
      );
      expect(found, corpus[index]?.family).toEqual([]);
      await framesSettled(page);
      expect(watch.violations(), corpus[index]?.family).toEqual([]);
    }
    expect(heard, 'requests to the listener from a resumed draft').toEqual([]);
  } finally {
    await context.close();
  }
});

test('search results show hostile subjects and snippets as text', async ({ browser }) => {
  const { context, page, watch } = await signedIn(browser);
  try {
    const search = page.getByRole('searchbox', { name: /Search/ });
    for (const query of ['hostile corpus', 'Header fields']) {
      await search.fill(query);
      await search.press('Enter');
      await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible({ timeout: 20_000 });
      await framesSettled(page);
    }
    await expect(
      page.getByRole('listbox').getByText(`<img src=x onerror="__pwn('subject')">`, { exact: false }),
    ).toBeVisible();
    expect(watch.violations()).toEqual([]);
    expect(heard).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a desktop notification of a hostile mail is plain text', async ({ browser }) => {
  const context = await browser.newContext();
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const shown: { title: string; body: string | undefined }[] = [];
    Object.assign(window, { __notifications: shown });
    class RecordingNotification {
      static permission: NotificationPermission = 'granted';
      static requestPermission = async (): Promise<NotificationPermission> => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
    Object.defineProperty(document, 'hidden', { get: () => true });
  });
  const { page, watch } = await watchedPage(context);
  try {
    await signIn(page, PASSWORD_USER);
    await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible({ timeout: 30_000 });
    watch.navigations.length = 0;
    const bell = page.getByRole('button', { name: 'Notify me of new mail' });
    if ((await bell.getAttribute('aria-pressed')) !== 'true') await bell.click();
    await expect(bell).toHaveAttribute('aria-pressed', 'true');

    const subject = `<img src=x onerror="__pwn('notification')"> Pay now \u202Efdp.exe ${Date.now()}`;
    await deliver(subject, '<p>Body</p>', { fromName: '<b onmouseover="__pwn(\'from\')">Boss</b>' });
    const shown = () =>
      page.evaluate(
        () => (window as unknown as { __notifications: { title: string; body?: string }[] }).__notifications,
      );
    await expect.poll(async () => (await shown()).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const [notification] = await shown();
    // Text as written, minus the bidi override: nothing was parsed as markup.
    expect(notification?.body).toBe(subject.replace('\u202E', ''));
    expect(notification?.title).toBe('<b onmouseover="__pwn(\'from\')">Boss</b>');
    await framesSettled(page);
    expect(watch.violations()).toEqual([]);
  } finally {
    await context.close();
  }
});

test('after "Show images", mail CSS still cannot read attributes, and no script runs', async ({
  browser,
}) => {
  const leak = mails.find((m) => m.family === 'css-leak');
  expect(leak).toBeDefined();
  const { context, page, watch } = await signedIn(browser);
  try {
    await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(leak?.id ?? '')}`);
    await expect(page.locator('iframe[title^="Message body"]').first()).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Show images' }).click();
    await expect(page.getByRole('button', { name: /Show images|Loading images/ })).toBeHidden({
      timeout: 20_000,
    });
    await framesSettled(page);
    expect(heard.filter((url) => url.startsWith('/css-leak-'))).toEqual([]);
    expect(watch.violations()).toEqual([]);

    // The listener does hear what consent allows: the check above is not vacuous.
    const images = mails.find((m) => m.family === 'remote-fetch');
    await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(images?.id ?? '')}`);
    await page.getByRole('button', { name: 'Show images' }).click();
    await expect
      .poll(() => heard.some((url) => url.startsWith('/remote-fetch-')), { timeout: 20_000 })
      .toBe(true);
    await framesSettled(page);
    expect(watch.violations()).toEqual([]);
  } finally {
    await context.close();
  }
});
