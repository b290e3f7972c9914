import 'server-only';
import { logger } from '../logger';
import { sanitizeHtml } from './render-sanitize';
import { inlineImageMap, type RenderContext } from './render-urls';

/*
 * Turns an untrusted message body into the document for the reading pane's sandboxed iframe (srcdoc).
 * Three layers, each enough on its own against script: the sanitizer, the frame's sandbox (no
 * allow-scripts) and the CSP below. Remote requests are held back by the sanitizer (nothing fetchable is
 * written while remote content is blocked) and again by img-src.
 */

export interface RenderInput {
  body: { contentType: 'html' | 'text'; content: string };
  /**
   * Inline attachments by Content-ID (without angle brackets) → the URL to load them from (our API).
   * Pass absolute URLs that authorize themselves (signed): the frame has an opaque origin, so its requests
   * carry no session cookie, and only an absolute URL's origin can be named in the frame's CSP.
   */
  inlineImages: Record<string, string>;
  allowRemoteContent: boolean;
}

export interface RenderedBody {
  document: string;
  hasRemoteContent: boolean;
}

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
].join('');

function contentSecurityPolicy(inlineOrigins: string[], allowRemote: boolean): string {
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

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** A URL found in running text, without the sentence punctuation that usually follows it. */
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const last = url.at(-1) ?? '';
    const unbalanced = last === ')' && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0);
    if (!/[.,;:!?\]}]/.test(last) && !unbalanced) return url;
    url = url.slice(0, -1);
  }
}

function renderText(text: string): string {
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

/*
 * Sanitizing costs about 20 µs per tag on jsdom, so a body with hundreds of thousands of tags would hold
 * the server for seconds. Past this many tags the rest is cut off, as Gmail clips long messages; counting
 * tags rather than bytes keeps mails whose size is mostly embedded images whole.
 */
const MAX_TAGS = 50_000;
const CLIPPED_NOTICE =
  '<p style="margin:24px 0 0;padding:12px;border:1px solid #ccc;color:#444;font-size:13px">' +
  'This message is too long to show in full. Open it in Outlook on the web to read the rest.</p>';

function clipHtml(html: string): string | null {
  let index = -1;
  for (let tags = 0; tags <= MAX_TAGS; tags += 1) {
    index = html.indexOf('<', index + 1);
    if (index === -1) return null;
  }
  return html.slice(0, index);
}

function buildDocument(csp: string, css: string, bodyAttributes: string, bodyHtml: string): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${BASE_CSS}</style>${css ? `<style>${css}</style>` : ''}` +
    `</head><body${bodyAttributes}>${bodyHtml}</body></html>`
  );
}

export function renderMessageBody(input: RenderInput): RenderedBody {
  const { map, origins } = inlineImageMap(input.inlineImages);
  const csp = contentSecurityPolicy(origins, input.allowRemoteContent);
  if (input.body.contentType === 'text') {
    const text = input.body.content.replace(/\r\n?/g, '\n');
    return { document: buildDocument(csp, '', '', renderText(text)), hasRemoteContent: false };
  }
  const ctx: RenderContext = { inlineImages: map, allowRemote: input.allowRemoteContent, hasRemote: false };
  try {
    const clipped = clipHtml(input.body.content);
    const { css, bodyAttributes, bodyHtml } = sanitizeHtml(clipped ?? input.body.content, ctx);
    const html = clipped === null ? bodyHtml : bodyHtml + CLIPPED_NOTICE;
    return { document: buildDocument(csp, css, bodyAttributes, html), hasRemoteContent: ctx.hasRemote };
  } catch (error) {
    // Nothing of the mail is shown rather than something unsanitized.
    logger.error('mail body could not be sanitized', {
      reason: error instanceof Error ? error.message : String(error),
    });
    const notice =
      '<p>This message could not be displayed safely. Open it in Outlook on the web to read it.</p>';
    return { document: buildDocument(csp, '', '', notice), hasRemoteContent: false };
  }
}
