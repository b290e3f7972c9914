import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';

/*
 * What the compose editor may be fed: the few elements it can edit, links to web and mail addresses, and
 * nothing else: no attributes but href, no styles, no images, no handlers. Runs in the browser (DOMPurify
 * on the page's own DOM is fast there); the editor's document model is the second filter, the page's CSP
 * the third.
 */
const CONFIG: Config = {
  ALLOWED_TAGS: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'h1',
    'h2',
    'h3',
  ],
  // data-signature (empty: DOMPurify drops any value that isn't a link) marks the signature block
  // (lib/mail/signatures-block.ts).
  ALLOWED_ATTR: ['href', 'data-signature'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  // Dropped with their content: text inside them is code or styling, never part of the message.
  FORBID_CONTENTS: ['style', 'script', 'template', 'noscript', 'title', 'head', 'svg', 'math'],
};

/** Sanitized HTML for the editor; `purify` is the page's DOMPurify unless a test brings its own window. */
export function sanitizeForEditor(html: string, purify: Purifier = DOMPurify): string {
  if (!html) return '';
  return purify.sanitize(html, { ...CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
}
