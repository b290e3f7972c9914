import 'server-only';

/*
 * The document the reading pane's sandboxed iframe shows (srcdoc): our base styles and a CSP around the
 * sanitized body, a plain-text body, or the "too complex to show safely" fallback. Everything here is
 * linear in its input, so the fallback can be built on the event loop.
 */

// Mail is designed for a white page, so the frame stays light even when the app is dark.
const BASE_CSS = [
  ':root{color-scheme:light}',
  'html{background:#fff;color:#1b1b1b}',
  'body{margin:0;padding:16px;font:14px/1.5 "Segoe UI",-apple-system,Roboto,Helvetica,Arial,sans-serif;',
  'overflow-wrap:break-word;word-wrap:break-word}',
  'img{max-width:100%;height:auto}',
  'table{max-width:100%}',
  'pre{white-space:pre-wrap}',
  '.tidings-text{white-space:pre-wrap;margin:0;font:inherit}',
  '.tidings-notice{margin:0 0 16px;padding:12px;border:1px solid #c8c8c8;border-radius:4px;background:#f5f5f5}',
  '.tidings-notice p{margin:0 0 4px}',
  // The fold of quoted history and signatures (render-quotes.ts): a small "…" button, as in Gmail.
  '.tidings-quoted{margin:8px 0 0}',
  '.tidings-quoted>summary{display:inline-block;list-style:none;cursor:pointer;padding:0 8px;',
  'border:1px solid #c8c8c8;border-radius:4px;background:#f3f3f3;color:#444;',
  'font:700 14px/16px "Segoe UI",-apple-system,Roboto,Helvetica,Arial,sans-serif;letter-spacing:1px}',
  '.tidings-quoted>summary::-webkit-details-marker{display:none}',
  '.tidings-quoted>summary:hover{background:#e6e6e6}',
  '.tidings-quoted>summary:focus-visible{outline:2px solid #0b57d0;outline-offset:2px}',
  '.tidings-quoted>summary+*{margin-top:8px}',
].join('');

/*
 * A compose pane's quote sits in the app's own surface, so it follows the app: its light or dark scheme
 * (the frame's prefers-color-scheme is the iframe element's, which inherits the page's color-scheme) and
 * its sans-serif font. After the mail's own CSS and with !important, so a quoted mail's black text and
 * white boxes don't make a white slab in a dark pane; code keeps a monospace font.
 */
const QUOTE_CSS = [
  ':root{color-scheme:light dark}',
  'html{background:transparent!important;color:light-dark(#1b1b1b,#e4e4e7)!important}',
  'body{padding:8px 12px!important;background:transparent!important}',
  'body,body :not(pre,code,kbd,samp,tt){font-family:"Segoe UI",-apple-system,Roboto,Helvetica,Arial,sans-serif!important}',
  'a{color:light-dark(#0b57d0,#8ab4f8)!important}',
  '@media (prefers-color-scheme:dark){body *{color:inherit!important;background-color:transparent!important;',
  'border-color:#52525b!important}body a{color:#8ab4f8!important}}',
].join('');

export function contentSecurityPolicy(inlineOrigins: string[], allowRemote: boolean): string {
  const images = ["'self'", 'data:', ...inlineOrigins, ...(allowRemote ? ['https:', 'http:'] : [])];
  return [
    "default-src 'none'",
    `img-src ${images.join(' ')}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    "script-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "child-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', ']', '}']);

/** A URL found in running text, without the sentence punctuation that usually follows it. */
function trimUrl(candidate: string): string {
  // Parentheses counted once and updated while trimming: a URL ending in many `)` stays linear.
  let opened = 0;
  let closed = 0;
  for (const ch of candidate) {
    if (ch === '(') opened += 1;
    else if (ch === ')') closed += 1;
  }
  let end = candidate.length;
  while (end > 0) {
    const last = candidate[end - 1] ?? '';
    if (last === ')' && opened < closed) closed -= 1;
    else if (!TRAILING_PUNCTUATION.has(last)) break;
    end -= 1;
  }
  return candidate.slice(0, end);
}

/** Plain text as HTML: escaped, line breaks kept, http(s) URLs linked. */
export function renderText(text: string): string {
  let html = '';
  let position = 0;
  for (const match of text.matchAll(TEXT_URL)) {
    const url = trimUrl(match[0]);
    const start = match.index;
    html += escapeHtml(text.slice(position, start));
    let href: string | null = null;
    try {
      href = new URL(url).href;
    } catch {}
    html += href
      ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>`
      : escapeHtml(url);
    position = start + url.length;
  }
  html += escapeHtml(text.slice(position));
  return `<div class="tidings-text">${html}</div>`;
}

export const CLIPPED_NOTICE =
  '<p style="margin:24px 0 0;padding:12px;border:1px solid #ccc;color:#444;font-size:13px">' +
  'This message is too long to show in full. Open it in Outlook on the web to read the rest.</p>';

export function buildDocument(
  csp: string,
  css: string,
  bodyAttributes: string,
  bodyHtml: string,
  { frame = 'mail' }: { frame?: 'mail' | 'quote' } = {},
): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${BASE_CSS}</style>${css ? `<style>${css}</style>` : ''}` +
    (frame === 'quote' ? `<style>${QUOTE_CSS}</style>` : '') +
    `</head><body${bodyAttributes}>${bodyHtml}</body></html>`
  );
}

export const TOO_COMPLEX_HEADING = 'This message is too complex to show safely.';

/**
 * The fallback for mail over the sanitizer's limits or budget: a notice, a link to the original and the
 * text without any of the mail's markup. Nothing in it is fetched, so the CSP allows no images at all.
 * The link is root-relative: in a srcdoc frame it resolves against the app's page, and opening it in a
 * new tab (a top-level navigation) carries the session cookie.
 */
export function tooComplexDocument(text: string, originalUrl: string | undefined): string {
  const link = originalUrl
    ? `<p><a href="${escapeHtml(originalUrl)}" target="_blank" rel="noopener noreferrer">` +
      'Download the original message</a> to open it with another program.</p>'
    : '';
  const notice =
    `<div class="tidings-notice" role="note"><p><strong>${TOO_COMPLEX_HEADING}</strong> ` +
    'Its text is shown below without formatting or images.</p>' +
    `${link}</div>`;
  const body = text ? `<div class="tidings-text">${escapeHtml(text)}</div>` : '';
  return buildDocument(contentSecurityPolicy([], false), '', '', notice + body);
}
