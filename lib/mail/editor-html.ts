import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { parseInlineImageUrl } from './compose-inline-html';

/*
 * What the compose editor may be fed: the few elements it can edit, links to web and mail addresses,
 * pictures pasted into this app's drafts, and nothing else: no attributes but href, src and alt, no
 * styles, no handlers. An image stays only when it is one of a draft's own inline pictures (the app's
 * /api/drafts/<id>/inline/<cid> route, saved to Graph as cid:); any other image (remote, data:, a cid: of
 * some other mail) is dropped, so pasted web pages and mail never make the editor fetch anything. Runs in
 * the browser (DOMPurify on the page's own DOM is fast there); the editor's document model is the second
 * filter, the page's CSP the third.
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
    'img',
  ],
  // data-signature (empty: DOMPurify drops any value that isn't a link) marks the signature block
  // (lib/mail/signatures-block.ts).
  ALLOWED_ATTR: ['href', 'src', 'alt', 'data-signature'],
  // Root-relative only for our inline-image route; the hook below decides per element.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/api\/drafts\/)/i,
  ALLOW_DATA_ATTR: false,
  // Dropped with their content: text inside them is code or styling, never part of the message.
  FORBID_CONTENTS: ['style', 'script', 'template', 'noscript', 'title', 'head', 'svg', 'math'],
};

const isInlineImage = (src: string) => parseInlineImageUrl(src.trim()) !== null;

/** Sanitized HTML for the editor; `purify` is the page's DOMPurify unless a test brings its own window. */
export function sanitizeForEditor(html: string, purify: Purifier = DOMPurify): string {
  if (!html) return '';
  const checkUrl = (node: Element, data: { attrName: string; attrValue: string; keepAttr: boolean }) => {
    if (data.attrName === 'src' && (node.nodeName !== 'IMG' || !isInlineImage(data.attrValue)))
      data.keepAttr = false;
    // A link to our own API is nothing a message should carry.
    if (data.attrName === 'href' && !/^\s*(?:https?:|mailto:)/i.test(data.attrValue)) data.keepAttr = false;
  };
  const dropBareImages = (node: Node) => {
    if (node.nodeName === 'IMG' && !(node as Element).hasAttribute('src')) (node as Element).remove();
  };
  purify.addHook('uponSanitizeAttribute', checkUrl);
  purify.addHook('afterSanitizeAttributes', dropBareImages);
  try {
    return purify.sanitize(html, { ...CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
  } finally {
    purify.removeHook('uponSanitizeAttribute', checkUrl);
    purify.removeHook('afterSanitizeAttributes', dropBareImages);
  }
}
