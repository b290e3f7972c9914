/*
 * Images pasted into a draft are inline attachments of it (isInline, a contentId). Microsoft 365 keeps the
 * body referring to them as cid:<contentId>, which a browser cannot load; the editor shows them from the
 * app's own route instead. These two rewrites translate between the forms on the way to and from Graph.
 * Client-safe and pure: only our own route's URLs and cid: references are touched, nothing else of the HTML.
 */

const INLINE_ROUTE = /^\/api\/drafts\/([^/?#"'\s]+)\/inline\/([^/?#"'\s]+)$/;
const IMG_TAG = /<img\b[^>]*>/gi;
const SRC = /(\ssrc\s*=\s*)(?:"([^"]*)"|'([^']*)')/i;

/** Where the editor loads the draft's inline image from. */
export function inlineImageUrl(draftId: string, contentId: string): string {
  return `/api/drafts/${encodeURIComponent(draftId)}/inline/${encodeURIComponent(contentId)}`;
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** The draft id and Content-ID an editor image URL names, or null for any other URL. */
export function parseInlineImageUrl(url: string): { draftId: string; contentId: string } | null {
  const match = INLINE_ROUTE.exec(url.replace(/&amp;/g, '&'));
  const draftId = match?.[1] ? decode(match[1]) : null;
  const contentId = match?.[2] ? decode(match[2]) : null;
  return draftId && contentId ? { draftId, contentId } : null;
}

const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rewriteImages(html: string, rewrite: (src: string) => string | null): string {
  return html.replace(IMG_TAG, (tag) => {
    const match = SRC.exec(tag);
    if (!match) return tag;
    const src = match[2] ?? match[3] ?? '';
    const next = rewrite(src);
    if (next === null) return '';
    return next === src ? tag : tag.replace(SRC, `${match[1]}"${attribute(next)}"`);
  });
}

/**
 * The editor's HTML as saved to Graph: this draft's images as cid: references. An image of another draft
 * (copied from one compose pane to another) is dropped: its attachment is not on this message, and the URL
 * would reach the recipient as a broken relative link.
 */
export function toCidReferences(html: string, draftId: string): string {
  if (!html.includes('/inline/')) return html;
  return rewriteImages(html, (src) => {
    const parsed = parseInlineImageUrl(src);
    if (!parsed) return src;
    return parsed.draftId === draftId ? `cid:${parsed.contentId}` : null;
  });
}

/** A Content-ID without the angle brackets a header or Graph may put around it. */
const unbracketed = (contentId: string) => contentId.trim().replace(/^<|>$/g, '');

/** A Content-ID as compared: unbracketed and in lower case, as the route matches it. */
export const bareContentId = (contentId: string) => unbracketed(contentId).toLowerCase();

/**
 * A saved body for the editor: cid: references to this draft's own inline attachments (`inlineIds`, their
 * Content-IDs as bareContentId gives them) become the app's route for them. Any other cid: picture is
 * dropped: it names nothing the draft holds (a draft written elsewhere may point anywhere), so it could
 * only ever show as a broken image.
 */
export function fromCidReferences(html: string, draftId: string, inlineIds: ReadonlySet<string>): string {
  if (!/cid:/i.test(html)) return html;
  return rewriteImages(html, (src) => {
    const cid = /^cid:(.+)$/i.exec(src.trim())?.[1];
    if (!cid) return src;
    const contentId = unbracketed(decode(cid) ?? cid);
    return inlineIds.has(bareContentId(contentId)) ? inlineImageUrl(draftId, contentId) : null;
  });
}
