import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newsletter } from '../../emulator/store/seed-content';
import { SeededRandom } from '../../emulator/store/seed-random';
import { type RenderedBody, type RenderInput, renderMessageBody } from './render-body';
import { ADVERSARIAL_MAILS as CASES } from './sanitize-adversarial-mails';
import { TOO_COMPLEX_HEADING } from './sanitize-document';

/*
 * Mail whose size or shape made the old sanitizer hold the event loop for seconds to minutes. Each must
 * come back as the "too complex" fallback (or, where that is cheap, a correct render), and while they are
 * being worked on the same process must go on answering HTTP requests and firing timers. Nothing here
 * asserts how fast anything is.
 */

const ORIGINAL_URL = '/api/messages/AAMk-adversarial%3D/original';

function input(content: string): RenderInput {
  return {
    body: { contentType: 'html', content },
    inlineImages: {},
    allowRemoteContent: false,
    originalUrl: ORIGINAL_URL,
  };
}

function bodyText(document: string): string {
  return new JSDOM(document).window.document.body.textContent ?? '';
}

/** A tiny server in this process: while the event loop is free it answers at once. */
let server: Server;
let serverUrl: string;

beforeAll(async () => {
  server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/**
 * Runs `work` while asking the server and a timer for signs of life; returns what answered while the work
 * was still in flight.
 */
async function whileResponsive<T>(
  work: () => Promise<T>,
): Promise<{ result: T; answers: number; ticks: number }> {
  let pending = true;
  let answers = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    if (pending) ticks += 1;
  }, 5);
  const probe = (async () => {
    while (pending) {
      const response = await fetch(serverUrl);
      await response.text();
      if (pending) answers += 1;
    }
  })();
  try {
    const result = await work();
    return { result, answers, ticks };
  } finally {
    pending = false;
    clearInterval(timer);
    await probe;
  }
}

function expectFallback(rendered: RenderedBody, shows: string): void {
  expect(rendered.tooComplex).toBe(true);
  expect(rendered.hasRemoteContent).toBe(false);
  const doc = new JSDOM(rendered.document).window.document;
  expect(doc.body.textContent).toContain(TOO_COMPLEX_HEADING);
  expect(doc.body.textContent).toContain(shows);
  const link = doc.querySelector('a');
  expect(link?.getAttribute('href')).toBe(ORIGINAL_URL);
  expect(link?.getAttribute('target')).toBe('_blank');
  // The fallback carries none of the mail's markup.
  expect(doc.querySelectorAll('div, p').length).toBeLessThan(10);
}

describe('renderMessageBody with adversarial sizes', () => {
  for (const c of CASES) {
    it(`answers ${c.name} with ${c.fallback ? 'the fallback' : 'the fallback or a correct render'}`, async () => {
      const result = await renderMessageBody(input(c.html()));
      if (c.fallback || result.tooComplex) expectFallback(result, c.shows);
      else expect(bodyText(result.document)).toContain(c.shows);
    });
  }

  // Quick rejections can be over before a request makes the round trip; together, and with the one that
  // makes a worker sanitize 50,000 tags, they are not.
  it('answers all of them at once, and the server answers meanwhile', async () => {
    const htmls = CASES.map((c) => c.html());
    const { result, answers, ticks } = await whileResponsive(() =>
      Promise.all(htmls.map((html) => renderMessageBody(input(html)))),
    );
    expect(answers).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(0);
    result.forEach((rendered, index) => {
      const c = CASES[index];
      if (!c) return;
      if (c.fallback || rendered.tooComplex) expectFallback(rendered, c.shows);
    });
  });

  it('falls back when the time budget runs out, and the next mail renders normally', async () => {
    const rng = new SeededRandom('adversarial');
    const owner = { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } };
    const mail = newsletter(rng, owner, 1).body.content;
    const heavy = mail.replace('<body>', `<body>${'<table><tr><td>x</td></tr></table>'.repeat(20_000)}`);
    const over = await renderMessageBody(input(heavy), { budgetMs: 1 });
    expect(over.tooComplex).toBe(true);
    expect(bodyText(over.document)).toContain(TOO_COMPLEX_HEADING);

    const next = await renderMessageBody(input(mail), { budgetMs: 120_000 });
    expect(next.tooComplex).toBe(false);
    expect(new JSDOM(next.document).window.document.querySelectorAll('table').length).toBeGreaterThan(0);
  });

  it('renders a real newsletter in full, not the fallback', async () => {
    const rng = new SeededRandom('adversarial-newsletter');
    const owner = { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } };
    for (let issue = 1; issue <= 5; issue += 1) {
      const mail = newsletter(rng, owner, issue).body.content;
      const rendered = await renderMessageBody(input(mail), { budgetMs: 120_000 });
      expect(rendered.tooComplex).toBe(false);
      expect(rendered.document).not.toContain(TOO_COMPLEX_HEADING);
    }
  });

  it('renders a long thread of nested quotes and a big table newsletter in full', async () => {
    // A reply chain 40 deep, each quoting the last in Outlook's markup, and a 2,000-row table.
    let thread = '<p>Original question about the Q3 numbers.</p>';
    for (let reply = 1; reply <= 40; reply += 1) {
      thread =
        `<div class="WordSection1"><p class="MsoNormal"><span>Reply ${reply}: sounds good.</span></p>` +
        `<div style="border:none;border-top:solid #E1E1E1 1pt"><p><b>From:</b> Someone</p></div>` +
        `<blockquote style="margin-left:8px"><div>${thread}</div></blockquote></div>`;
    }
    const rows = Array.from(
      { length: 2_000 },
      (_, i) =>
        `<tr><td style="padding:4px">Row ${i}</td><td><a href="https://x.test/${i}">open</a></td></tr>`,
    ).join('');
    for (const html of [thread, `<table><tbody>${rows}</tbody></table>`]) {
      const rendered = await renderMessageBody(input(html), { budgetMs: 120_000 });
      expect(rendered.tooComplex).toBe(false);
    }
  });
});
