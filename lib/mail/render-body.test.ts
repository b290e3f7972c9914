import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { newsletter } from '../../emulator/store/seed-content';
import { hostileMails } from '../../emulator/store/seed-hostile';
import type { SeedContent } from '../../emulator/store/seed-mail';
import { SeededRandom } from '../../emulator/store/seed-random';
import { type RenderedBody, type RenderInput, renderMessageBody } from './render-body';

const OWNER = { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } };
const INLINE_URL = 'https://tidings.test/api/inline/signed-token';

function html(content: string, extra: Partial<RenderInput> = {}): RenderInput {
  return { body: { contentType: 'html', content }, inlineImages: {}, allowRemoteContent: false, ...extra };
}

/** The first seeded newsletter whose content matches, so the tests follow the seed data's shape. */
function seededNewsletter(matching: RegExp): SeedContent {
  const rng = new SeededRandom('render-body');
  for (let issue = 1; issue < 200; issue += 1) {
    const mail = newsletter(rng, OWNER, issue);
    if (matching.test(mail.body.content)) return mail;
  }
  throw new Error(`no seeded newsletter matches ${matching}`);
}

// Attacks beyond the seeded ones: other ways to fetch or run something that a sanitizer could miss.
const EXTRA_HOSTILE: Record<string, string> = {
  'escaped url()': '<div style="background:u\\72l(https://evil.test/a.gif)">x</div>',
  'escaped url() in sheet': '<style>p{background:\\75 rl(https://evil.test/b.gif)}</style><p>x</p>',
  'image-set': '<div style="background-image:image-set(\'https://evil.test/c.png\' 1x)">x</div>',
  'uppercase URL and comments':
    '<div style="background:URL( https://evil.test/d.gif );/**/color:red">x</div>',
  'scheme-relative': '<img src="//evil.test/e.gif"><img src="\\\\evil.test/f.gif">',
  srcset: '<img src="cid:logo" srcset="https://evil.test/g.png 2x, cid:logo 1x">',
  'background attribute':
    '<table background="https://evil.test/h.gif"><tr><td background="http://evil.test/i">x</td></tr></table>',
  'svg image':
    '<svg><image href="https://evil.test/j.png"></image><use xlink:href="https://evil.test/k.svg#a"></use></svg>',
  picture: '<picture><source srcset="https://evil.test/l.webp"><img src="cid:logo"></picture>',
  'link stylesheet':
    '<link rel="stylesheet" href="https://evil.test/m.css"><link rel="prefetch" href="https://evil.test/n">',
  'input image and video':
    '<input type="image" src="https://evil.test/o"><video poster="https://evil.test/p.jpg"></video>',
  ping: '<a href="https://ok.test/" ping="https://evil.test/ping">x</a>',
  'font-face and import':
    '<style>@import "https://evil.test/q.css";@font-face{font-family:x;src:url(https://evil.test/r.woff)}' +
    '@media screen{div{background:url(https://evil.test/s.gif)}}</style><div>x</div>',
  'style breakout':
    '<style>p{color:red}</style><style>a{content:"</style><img src=x onerror=alert(1)>"}</style>',
  'noscript and template':
    '<noscript><img src="https://evil.test/t.gif"></noscript><template><img src="https://evil.test/u.gif"></template>',
  'relative urls': '<img src="/api/me"><img src="images/v.png"><div style="background:url(w.png)">x</div>',
  'data svg': '<img src="data:image/svg+xml,<svg onload=alert(1)>"><a href="data:text/html,x">d</a>',
  'vbscript and entities':
    '<a href="vbscript:msgbox(1)">v</a><a href="jav&#x09;ascript:alert(1)">t</a><a href="&#106;avascript:alert(1)">e</a>',
  'mathml and namespace confusion':
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  'meta in body': '<meta http-equiv="refresh" content="0;url=https://evil.test/"><p>x</p>',
  'expression and behavior':
    '<div style="width:expression(alert(1));behavior:url(x.htc);-moz-binding:url(y)">x</div>',
};

const FETCHING_ATTRIBUTES = new Set([
  'src',
  'srcset',
  'background',
  'poster',
  'data',
  'action',
  'formaction',
  'ping',
]);
const FORBIDDEN_ELEMENTS = new Set([
  'script',
  'iframe',
  'object',
  'embed',
  'form',
  'base',
  'link',
  'frame',
  'input',
]);

/** Every URL a browser would fetch from CSS text. */
function cssUrls(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*["']?([^"')]*)/gi)].map((m) => m[1] ?? '');
  if (/@import|image-set|image\(|\\/i.test(css)) urls.push('<unexpected css>');
  return urls;
}

/**
 * Parses the output as the browser would and walks every element, attribute and stylesheet. Returns the
 * problems found, so a failure names them all.
 */
function problems(document: string, remoteAllowed: boolean): string[] {
  const found: string[] = [];
  const { window } = new JSDOM(document);
  const isAllowedFetch = (url: string) =>
    url === INLINE_URL ||
    /^data:image\/(png|jpeg|gif|webp)[;,]/i.test(url) ||
    (remoteAllowed && /^https?:/i.test(url));
  const checkUrl = (where: string, url: string) => {
    if (!isAllowedFetch(url.trim())) found.push(`${where} fetches ${url}`);
  };
  for (const el of Array.from(window.document.querySelectorAll('*'))) {
    const tag = el.localName;
    if (FORBIDDEN_ELEMENTS.has(tag) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml')
      found.push(`<${tag}>`);
    if (tag === 'meta' && el.getAttribute('http-equiv')?.toLowerCase() === 'refresh')
      found.push('meta refresh');
    if (tag === 'style') for (const url of cssUrls(el.textContent ?? '')) checkUrl('<style>', url);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith('on')) found.push(`${tag}[${name}]`);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these inside a scheme.
      if (/(java|vb)script:|data:text/i.test(value.replace(/[\s\u0000-\u001f]/g, ''))) {
        found.push(`${tag}[${name}]=${value}`);
      }
      if (name === 'style') for (const url of cssUrls(value)) checkUrl(`${tag}[style]`, url);
      if (name === 'srcset')
        for (const part of value.split(/,\s+/)) checkUrl(`${tag}[srcset]`, part.split(/\s/)[0] ?? '');
      else if (FETCHING_ATTRIBUTES.has(name)) checkUrl(`${tag}[${name}]`, value);
      if (name === 'href' && tag !== 'a' && tag !== 'area') found.push(`${tag}[href]`);
      if (name === 'href' && !/^(https?:|mailto:|tel:)/i.test(value)) found.push(`link to ${value}`);
    }
  }
  const metas = window.document.querySelectorAll('meta[http-equiv]');
  if (metas.length !== 1) found.push(`${metas.length} http-equiv metas`);
  return found;
}

function parse(document: string): Document {
  return new JSDOM(document).window.document;
}

function csp(document: string): string {
  return (
    parse(document).querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? ''
  );
}

describe('renderMessageBody with hostile mail', () => {
  const seeded = hostileMails(OWNER).map((m) => [m.subject, m.body.content] as const);
  const cases = [...seeded, ...Object.entries(EXTRA_HOSTILE)];

  it('covers every seeded hostile mail', async () => {
    expect(seeded.length).toBeGreaterThanOrEqual(8);
    expect(seeded.every(([subject]) => subject.startsWith('[hostile]'))).toBe(true);
  });

  for (const [name, content] of cases) {
    for (const allowRemoteContent of [false, true]) {
      it(`neutralizes ${name} (remote ${allowRemoteContent ? 'allowed' : 'blocked'})`, async () => {
        const { document } = await renderMessageBody(
          html(content, { inlineImages: { logo: INLINE_URL }, allowRemoteContent }),
        );
        expect(problems(document, allowRemoteContent)).toEqual([]);
        const lower = document.toLowerCase();
        for (const needle of [
          '<script',
          'javascript:',
          '<iframe',
          '<object',
          '<embed',
          '<form',
          '<base',
          'onerror',
          'onload',
        ]) {
          expect(lower).not.toContain(needle);
        }
        expect(lower).not.toMatch(/<meta[^>]*refresh/);
        if (!allowRemoteContent) {
          // Links may keep a remote href (they are not fetched); nothing else may name a remote host.
          const withoutLinks = lower.replace(/<a [^>]*>/g, '<a>');
          expect(withoutLinks).not.toMatch(/evil\.test\/|tracker\.tailspin-security\.test/);
        }
      });
    }
  }

  it('flags remote CSS as remote content and keeps the harmless text', async () => {
    const mail = seeded.find(([subject]) => subject.includes('CSS'));
    const result = await renderMessageBody(html(mail?.[1] ?? ''));
    expect(result.hasRemoteContent).toBe(true);
    expect(parse(result.document).body.textContent).toContain('We noticed a sign-in from a new device.');
  });

  it('renders malformed input without falling back', async () => {
    for (const content of [
      '<',
      '<<<div',
      '<table><td><tr></div></span>',
      '\u0000<p\u0000>',
      '<style>p{',
      '',
    ]) {
      expect((await renderMessageBody(html(content))).tooComplex).toBe(false);
    }
  });
});

describe('renderMessageBody with newsletters', () => {
  const remote = seededNewsletter(/images\.fabrikam\.test/);
  const inline = seededNewsletter(/cid:/);

  it('blocks the remote banner and says so', async () => {
    const result = await renderMessageBody(html(remote.body.content));
    expect(result.hasRemoteContent).toBe(true);
    expect(result.document).not.toContain('images.fabrikam.test');
    const banner = parse(result.document).querySelector('img');
    expect(banner?.hasAttribute('src')).toBe(false);
    expect(banner?.getAttribute('alt')).toMatch(/banner/);
    expect(problems(result.document, false)).toEqual([]);
  });

  it('keeps the remote banner when remote content is allowed', async () => {
    const result = await renderMessageBody(html(remote.body.content, { allowRemoteContent: true }));
    expect(result.hasRemoteContent).toBe(true);
    expect(parse(result.document).querySelector('img')?.getAttribute('src')).toBe(
      'https://images.fabrikam.test/banner.png',
    );
  });

  it('maps cid: images to the given URL and drops unknown ones', async () => {
    const contentId = /cid:([^"]+)/.exec(inline.body.content)?.[1] ?? '';
    const result = await renderMessageBody(
      html(inline.body.content, { inlineImages: { [contentId]: INLINE_URL } }),
    );
    expect(result.hasRemoteContent).toBe(false);
    expect(parse(result.document).querySelector('img')?.getAttribute('src')).toBe(INLINE_URL);
    expect(csp(result.document)).toContain('https://tidings.test');

    const unknown = await renderMessageBody(html('<img src="cid:nobody@example.test" alt="gone">'));
    const img = parse(unknown.document).querySelector('img');
    expect(img?.hasAttribute('src')).toBe(false);
    expect(unknown.document).not.toContain('cid:');
  });

  it('keeps the layout: tables, inline styles and the sanitized <style> sheet', async () => {
    const doc = parse((await renderMessageBody(html(remote.body.content))).document);
    expect(doc.querySelectorAll('table tr').length).toBeGreaterThanOrEqual(5);
    expect(doc.querySelector('td[style]')?.getAttribute('style')).toMatch(/background:rgb\(/);
    expect(
      Array.from(doc.querySelectorAll('style'))
        .map((s) => s.textContent)
        .join(''),
    ).toMatch(/td\{font-family/);
  });

  it('keeps the colour of a background whose remote image is blocked', async () => {
    const result = await renderMessageBody(
      html(
        '<div style="background:#005eb8 url(https://images.fabrikam.test/hero.jpg) no-repeat;color:#fff">x</div>',
      ),
    );
    expect(result.hasRemoteContent).toBe(true);
    expect(result.document).toContain('style="background:#005eb8 none no-repeat;color:#fff"');
  });

  it('opens links in a new tab without opener or referrer', async () => {
    const doc = parse((await renderMessageBody(html(remote.body.content))).document);
    const links = Array.from(doc.querySelectorAll('a'));
    expect(links.length).toBeGreaterThanOrEqual(4);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
      expect(link.getAttribute('href')).toMatch(/^https:\/\//);
    }
  });

  it('keeps mail links and raster data: images, drops other link schemes', async () => {
    const result = await renderMessageBody(
      html(
        '<a href="mailto:a@b.test">m</a><a href="tel:+15551234">t</a><a href="ftp://x.test/">f</a><a href="#top">h</a>' +
          '<img src="data:image/png;base64,iVBORw0KGgo=">',
      ),
    );
    const doc = parse(result.document);
    expect(Array.from(doc.querySelectorAll('a[href]')).map((a) => a.getAttribute('href'))).toEqual([
      'mailto:a@b.test',
      'tel:+15551234',
    ]);
    expect(doc.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(result.hasRemoteContent).toBe(false);
  });
});

describe('renderMessageBody with plain text', () => {
  const text =
    'Hi <Megan> & team,\n\nNotes: https://contoso.test/notes?a=1&b=2.\n(see http://x.test/a_(b))\nBye';
  let result: RenderedBody;
  beforeAll(async () => {
    result = await renderMessageBody({
      body: { contentType: 'text', content: text },
      inlineImages: {},
      allowRemoteContent: false,
    });
  });

  it('escapes, keeps line breaks and links URLs', async () => {
    const doc = parse(result.document);
    const block = doc.querySelector('.tidings-text');
    expect(block?.textContent).toBe(text);
    expect(result.document).toContain('Hi &lt;Megan&gt; &amp; team,\n\nNotes:');
    expect(doc.querySelector('style')?.textContent).toContain('white-space:pre-wrap');
    const links = Array.from(doc.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://contoso.test/notes?a=1&b=2',
      'http://x.test/a_(b)',
    ]);
    expect(links.every((a) => a.target === '_blank' && a.rel === 'noopener noreferrer')).toBe(true);
  });

  it('has no remote content', async () => {
    expect(result.hasRemoteContent).toBe(false);
    expect(problems(result.document, false)).toEqual([]);
  });
});

describe('renderMessageBody document', () => {
  it('carries a CSP that matches the mode', async () => {
    const blocked = csp((await renderMessageBody(html('<p>x</p>'))).document);
    expect(blocked).toContain("default-src 'none'");
    expect(blocked).toContain("script-src 'none'");
    expect(blocked).toContain("form-action 'none'");
    expect(blocked).toContain("base-uri 'none'");
    expect(blocked).toMatch(/img-src 'self' data:;/);
    const allowed = csp((await renderMessageBody(html('<p>x</p>', { allowRemoteContent: true }))).document);
    expect(allowed).toMatch(/img-src 'self' data: https: http:;/);
  });

  it('starts with the charset and CSP before any mail content', async () => {
    const { document } = await renderMessageBody(html('<p>x</p>'));
    expect(document).toMatch(
      /^<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="[^"]+">/,
    );
  });

  function newsletterHtml(bytes: number): string {
    const rng = new SeededRandom('render-body-perf');
    const parts: string[] = [];
    let size = 0;
    for (let issue = 1; size < bytes; issue += 1) {
      const body = /<body>([\s\S]*)<\/body>/.exec(newsletter(rng, OWNER, issue).body.content)?.[1] ?? '';
      parts.push(body);
      size += body.length;
    }
    return `<html><head><style>td{font-size:14px}</style></head><body>${parts.join('\n')}</body></html>`;
  }

  // Big bodies take seconds on a busy machine; these are about the result, not the time it takes.
  const unhurried = { budgetMs: 120_000 };

  it('renders 1 MB of newsletter HTML in full', async () => {
    const result = await renderMessageBody(html(newsletterHtml(1_000_000)), unhurried);
    expect(result.tooComplex).toBe(false);
    expect(result.hasRemoteContent).toBe(true);
    expect(result.document).not.toContain('too long to show in full');
  });

  it('clips markup after 50,000 tags', async () => {
    const result = await renderMessageBody(html('<p>Line <b>bold</b></p>\n'.repeat(20_000)), unhurried);
    expect(result.tooComplex).toBe(false);
    expect(result.document).toContain('This message is too long to show in full.');
    expect(result.document).toMatch(/<\/body><\/html>$/);
  });

  it('keeps a 5 MB body that is mostly an embedded image whole', async () => {
    const image = `data:image/png;base64,${'A'.repeat(5_000_000)}`;
    const result = await renderMessageBody(html(`<p>Scan attached</p><img src="${image}">`), unhurried);
    expect(parse(result.document).querySelector('img')?.getAttribute('src')).toBe(image);
    expect(result.document).not.toContain('too long to show in full');
  });
});
