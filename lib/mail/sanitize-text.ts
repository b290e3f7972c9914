/*
 * The readable text of mail HTML, for the "too complex to show safely" fallback. It runs on HTML that
 * defeated the sanitizer's budget, so it parses nothing: one hand-written pass that jumps from tag to tag
 * with indexOf, skips what is not shown (style, script, head, comments), turns block boundaries into line
 * breaks, decodes the common character references and stops at a fixed output length. Work is linear in
 * the input, and the input is capped too.
 */

/** Text longer than this is cut, with a note; the original can be downloaded whole. */
export const MAX_FALLBACK_TEXT = 200_000;
/**
 * Only this much of the HTML is read: past it, a body is mostly markup or embedded data. On the event
 * loop (a worker ran out of time) much less: the worst markup for this scan costs ~0.1 ms per KB.
 */
export const MAX_FALLBACK_INPUT = 4_000_000;
export const MAX_FALLBACK_INPUT_MAIN_THREAD = 64_000;

const HIDDEN = new Set(['style', 'script', 'head', 'title', 'template', 'noscript', 'xmp', 'iframe']);
// How many line breaks an element's edges stand for: a line, or a paragraph (a blank line).
const LINE = new Set([
  'address',
  'article',
  'aside',
  'dd',
  'div',
  'dt',
  'footer',
  'header',
  'li',
  'section',
  'tr',
]);
const PARAGRAPH = new Set([
  'blockquote',
  'dl',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'ol',
  'p',
  'pre',
  'table',
  'ul',
]);
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  euro: '€',
  pound: '£',
  zwnj: '',
  zwj: '',
  shy: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]{2,8}));?/gi, (whole, dec, hex, name) => {
    if (dec || hex) {
      const code = Number.parseInt(dec ?? hex, dec ? 10 : 16);
      // Controls and surrogates would only confuse; bidi overrides could reorder what the reader sees.
      if (code < 32 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return ' ';
      if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return '';
      return String.fromCodePoint(code);
    }
    return NAMED[String(name).toLowerCase()] ?? whole;
  });
}

function tagName(html: string, start: number): string {
  let end = start;
  while (end < html.length && end - start < 16) {
    const code = html.charCodeAt(end) | 0x20;
    if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57 && end > start))) break;
    end += 1;
  }
  return html.slice(start, end).toLowerCase();
}

/** Index just past the `>` that ends the tag opened at `lt`, stepping over quoted attribute values. */
function endOfTag(html: string, lt: number): number {
  let i = lt + 1;
  while (i < html.length) {
    const code = html.charCodeAt(i);
    if (code === 62 /* > */) return i + 1;
    if (code === 34 || code === 39) {
      const close = html.indexOf(html[i] ?? '"', i + 1);
      if (close === -1) return html.length;
      i = close + 1;
    } else i += 1;
  }
  return html.length;
}

/** Index just past `</name…>`, matched case-insensitively, or -1. */
function endOfElement(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() === name) {
      const end = html.indexOf('>', at);
      return end === -1 ? html.length : end + 1;
    }
  }
  return -1;
}

/**
 * Collects text with whitespace collapsed and breaks merged as they arrive (no regex over the whole
 * output, which could backtrack on long runs of breaks).
 */
class TextOut {
  private readonly parts: string[] = [];
  length = 0;
  private breaks = 0;
  private gap = '';

  text(raw: string): void {
    const text = decodeEntities(raw.replace(/\s+/g, ' ')).replace(BIDI_CONTROLS, '');
    const core = text.trim();
    if (!core) {
      if (text) this.gap ||= ' ';
      return;
    }
    const space = this.gap || (text.startsWith(' ') ? ' ' : '');
    const lead = !this.length ? '' : this.breaks ? '\n'.repeat(this.breaks) : space;
    this.parts.push(lead, core);
    this.length += lead.length + core.length;
    this.breaks = 0;
    this.gap = text.endsWith(' ') ? ' ' : '';
  }

  lineBreak(): void {
    this.breaks = Math.min(2, this.breaks + 1);
  }

  block(breaks: 1 | 2): void {
    this.breaks = Math.max(this.breaks, breaks);
  }

  cell(): void {
    if (!this.breaks) this.gap = '\t';
  }

  toString(): string {
    return this.parts.join('').trimEnd();
  }
}

/** Plain text of `html`: at most MAX_FALLBACK_TEXT characters, whatever the input. */
export function htmlToText(source: string, maxInput = MAX_FALLBACK_INPUT): string {
  const html = source.length > maxInput ? source.slice(0, maxInput) : source;
  const out = new TextOut();
  let cut = source.length > maxInput;
  let i = 0;
  while (i < html.length) {
    if (out.length >= MAX_FALLBACK_TEXT) {
      cut = true;
      break;
    }
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd - i > MAX_FALLBACK_TEXT) {
      out.text(html.slice(i, i + MAX_FALLBACK_TEXT));
      cut = true;
      break;
    }
    if (textEnd > i) out.text(html.slice(i, textEnd));
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    const closing = html[lt + 1] === '/';
    const name = tagName(html, lt + (closing ? 2 : 1));
    if (!name) {
      if (/[!?/]/.test(html[lt + 1] ?? '')) i = endOfTag(html, lt);
      else {
        out.text('<');
        i = lt + 1;
      }
      continue;
    }
    i = endOfTag(html, lt);
    if (!closing && HIDDEN.has(name)) {
      const end = endOfElement(html, name, i);
      // An unclosed <head> hides nothing: its end is implied by the first body content.
      if (end !== -1) i = end;
      else if (name !== 'head') i = html.length;
    } else if (name === 'br') out.lineBreak();
    else if (LINE.has(name)) out.block(1);
    else if (PARAGRAPH.has(name)) out.block(2);
    else if (name === 'td' || name === 'th') out.cell();
  }
  const text = out.toString();
  return cut ? `${text.slice(0, MAX_FALLBACK_TEXT)}\n\n[…]` : text;
}
