import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { type SanitizedHtml, sanitizeHtml } from './render-sanitize';
import { HOSTILE_VECTORS, type HostileVector, instantiate } from './testing/hostile-mail';

/*
 * Every vector of the hostile corpus through the server-side sanitizer, with the output parsed as a
 * browser would and checked structurally: nothing that runs, fetches before consent, navigates the app or
 * reads the page survives.
 */

const LISTENER_HOST = 'listener.hostile.test';
const LISTENER = `http://${LISTENER_HOST}:7777`;
const marker = (id: string) => `top.postMessage('pwn-${id}','*')`;

// Harmless to a current HTML parser (a NUL in a tag name, markup inside an attribute value, an IE
// conditional comment): aimed at filters and serializers, so the raw HTML shows nothing to find.
const INERT_WHEN_UNSANITIZED = new Set(['encoding-10', 'encoding-15', 'encoding-20']);

const { window } = new JSDOM('');
const parser = new window.DOMParser();
const pristineForm = window.document.createElement('form');

const FORBIDDEN_ELEMENTS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'base',
  'meta',
  'link',
  'form',
  'svg',
  'math',
  'template',
  'noscript',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'xlink:href',
  'background',
  'poster',
  'data',
  'ping',
  'lowsrc',
  'dynsrc',
  'codebase',
]);
const BAD_SCHEMES = new Set(['javascript', 'vbscript', 'data']);
const RASTER_DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp)[;,]/i;

function render(vector: HostileVector, allowRemote: boolean): SanitizedHtml & { hasRemote: boolean } {
  const ctx = { inlineImages: new Map<string, string>(), allowRemote, hasRemote: false };
  const output = sanitizeHtml(instantiate(vector, { listener: LISTENER, marker }), ctx);
  return { ...output, hasRemote: ctx.hasRemote };
}

/** The scheme as the URL parser sees it: tabs and newlines dropped, leading controls and spaces trimmed. */
function scheme(url: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the URL parser trims exactly C0 controls and space.
  const compact = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  return /^([a-z][a-z\d+.-]*):/i.exec(compact)?.[1]?.toLowerCase() ?? '';
}

function decodeCssEscapes(css: string): string {
  return css.replace(
    /\\([\da-f]{1,6})\s?|\\([\s\S])/gi,
    (_, hex: string | undefined, char: string | undefined) =>
      hex ? String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff) || 0xfffd) : (char ?? ''),
  );
}

/** What CSS (a style attribute or the collected stylesheet) must never hold, attribute selectors aside. */
function cssProblems(where: string, css: string, allowRemote: boolean): string[] {
  const found: string[] = [];
  const text = decodeCssEscapes(css.replace(/\/\*[\s\S]*?\*\//g, '')).toLowerCase();
  for (const needle of ['@import', 'expression(', 'behavior', '-moz-binding', 'javascript:', 'vbscript:']) {
    if (text.includes(needle)) found.push(`${where} contains ${needle}`);
  }
  if (!allowRemote && text.includes(LISTENER_HOST)) found.push(`${where} names the listener: ${css}`);
  return found;
}

function attributeProblems(element: Element, allowRemote: boolean): string[] {
  const found: string[] = [];
  const tag = element.localName;
  const isLink = (tag === 'a' || tag === 'area') && element.hasAttribute('href');
  for (const { name, value } of Array.from(element.attributes)) {
    const where = `<${tag} ${name}="${value}">`;
    if (name.toLowerCase().startsWith('on')) found.push(`${where}: event handler`);
    if (name === 'style') found.push(...cssProblems(where, value, allowRemote));
    if ((name === 'id' || name === 'name') && (value in window.document || value in pristineForm)) {
      found.push(`${where}: clobbers a built-in property`);
    }
    if (!URL_ATTRIBUTES.has(name.toLowerCase())) continue;
    const urls =
      name === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s/)[0] ?? '') : [value];
    for (const url of urls) {
      const rasterImage = tag === 'img' && name === 'src' && RASTER_DATA_IMAGE.test(url.trim());
      if (BAD_SCHEMES.has(scheme(url)) && !rasterImage) found.push(`${where}: ${scheme(url)}: URL`);
    }
    // Links are only followed on a click, in a new tab; everything else here is fetched at once.
    if (!allowRemote && !(isLink && name === 'href') && value.toLowerCase().includes(LISTENER_HOST)) {
      found.push(`${where}: fetches from the listener`);
    }
  }
  if (isLink) {
    const rel = (element.getAttribute('rel') ?? '').split(/\s+/);
    if (element.getAttribute('target') !== '_blank') found.push(`<${tag}> opens outside a new tab`);
    if (!rel.includes('noopener') || !rel.includes('noreferrer'))
      found.push(`<${tag}> rel="${rel.join(' ')}"`);
  }
  return found;
}

/** Everything in a parsed page that could run, fetch, navigate or clobber, by name. */
function pageProblems(page: Document, allowRemote: boolean): string[] {
  const found: string[] = [];
  for (const element of Array.from(page.querySelectorAll('*'))) {
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml')
      found.push(`<${element.localName}> (foreign)`);
    else if (FORBIDDEN_ELEMENTS.has(element.localName)) found.push(`<${element.localName}>`);
    found.push(...attributeProblems(element, allowRemote));
  }
  return found;
}

/** The sanitizer's output as the reading pane assembles it: the stylesheet, then our body. */
function problems(output: SanitizedHtml, allowRemote: boolean): string[] {
  const page = parser.parseFromString(
    `<!doctype html><html><head></head><body${output.bodyAttributes}>${output.bodyHtml}</body></html>`,
    'text/html',
  );
  const found = cssProblems('stylesheet', output.css, allowRemote);
  if (/<\/style/i.test(output.css)) found.push('stylesheet can close its style element');
  return [...found, ...pageProblems(page, allowRemote)];
}

describe('the structural checks', () => {
  it('find the attack in every vector when nothing is sanitized', () => {
    const missed = HOSTILE_VECTORS.filter(
      (vector) => vector.attempts !== 'spoof' && !INERT_WHEN_UNSANITIZED.has(vector.id),
    ).filter((vector) => {
      // Parsed as a whole document, as a frame would: a frameset only counts at the start of one.
      const page = parser.parseFromString(instantiate(vector, { listener: LISTENER, marker }), 'text/html');
      return pageProblems(page, false).length === 0;
    });
    expect(missed.map((vector) => vector.id)).toEqual([]);
  });
});

for (const allowRemote of [false, true]) {
  describe(`sanitizeHtml, remote content ${allowRemote ? 'allowed' : 'blocked'}`, () => {
    for (const vector of HOSTILE_VECTORS) {
      it(`${vector.id}: ${vector.description}`, () => {
        expect(problems(render(vector, allowRemote), allowRemote)).toEqual([]);
      });
    }
  });
}

describe('sanitizeHtml flags remote content it holds back', () => {
  it('sets hasRemote for every vector that would load from the listener once allowed', () => {
    // Those are the mails where blocking must offer "Show images".
    const loading = HOSTILE_VECTORS.filter((vector) =>
      problems(render(vector, true), false).some((problem) => /listener/.test(problem)),
    );
    expect(loading.length).toBeGreaterThanOrEqual(20);
    const unflagged = loading.filter((vector) => !render(vector, false).hasRemote);
    expect(unflagged.map((vector) => vector.id)).toEqual([]);
  });
});

describe('sanitizeHtml drops CSS attribute selectors', () => {
  for (const vector of HOSTILE_VECTORS.filter((v) => /<style/i.test(v.html))) {
    for (const allowRemote of [false, true]) {
      it(`${vector.id} (remote ${allowRemote ? 'allowed' : 'blocked'})`, () => {
        expect(render(vector, allowRemote).css).not.toContain('[');
      });
    }
  }
});

describe('sanitizeHtml keeps what is safe', () => {
  it('keeps a raster data: image and, once allowed, a remote one', () => {
    const gif = HOSTILE_VECTORS.find((vector) => vector.id === 'event-handler-22');
    const remote = HOSTILE_VECTORS.find((vector) => vector.id === 'remote-fetch-01');
    if (!gif || !remote) throw new Error('corpus changed');
    expect(render(gif, false).bodyHtml).toMatch(/<img src="data:image\/gif;base64,/);
    expect(render(remote, true).bodyHtml).toContain(`src="http://${LISTENER_HOST}:7777/remote-fetch-01.png"`);
  });
});
