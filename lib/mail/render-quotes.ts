import { renderText } from './sanitize-document';

/*
 * Quoted history and signatures, folded behind a "…" button in the reading pane, as Gmail and Outlook do.
 * The body is shown in a sandboxed frame without script, so the fold is HTML's own <details>/<summary>:
 * it opens and closes with no script, by mouse and keyboard, and tells screen readers its state.
 *
 * Which messages: every rendered message, not only the later ones of a conversation. A rendering is made
 * and stored per message (rendered-store.ts), whichever view shows it; and a quote is always either a copy
 * of a message above it in the conversation or of one the mailbox no longer holds, one click away in both
 * cases. The first message of a conversation normally quotes nothing, so in practice the fold appears from
 * the second message on. A compose pane's quote is rendered without it (it is all quote).
 *
 * What is folded: from the first marker of a quote or signature to the end of the body, and only when
 * something the sender wrote comes before it (a message that is all quote is shown whole):
 * - HTML: Outlook's #appendonsend, #divRplyFwdMsg and #mail-editor-reference-message-container, Gmail's
 *   .gmail_quote and .gmail_signature, Yahoo's .yahoo_quoted, <blockquote type="cite"> (Apple Mail,
 *   Thunderbird) with the "On … wrote:" line before it, signature blocks (#Signature, .moz-signature,
 *   class "signature"), and the text lines below;
 * - text: "-----Original Message-----", "---------- Forwarded message ---------", "On … wrote:", a final run
 *   of "> " lines, and the "-- " signature delimiter (RFC 3676).
 *
 * Hostile input: the markers only decide where the fold starts; the HTML was sanitized before, and the
 * fold adds our own two elements around nodes already there. Every walk is linear and stops at the first
 * marker; text patterns are tried only on short text nodes and lines, so no input makes them slow.
 */

const SUMMARY = '<summary title="Show quoted text" aria-label="Quoted text">…</summary>';
export const FOLD_CLASS = 'tidings-quoted';

const MARKERS = [
  '#appendonsend',
  '#divRplyFwdMsg',
  '#mail-editor-reference-message-container',
  '.gmail_quote',
  '.gmail_signature',
  '.yahoo_quoted',
  'blockquote[type="cite"]',
  '#Signature',
  '#signature',
  '.moz-signature',
  '.signature',
].join(',');

const MAX_PATTERN_TEXT = 400;
const ORIGINAL = /^-{2,}\s*(?:Original Message|Forwarded message)\s*-{2,}$/i;
const WROTE = /^On\b[\s\S]{1,300}\bwrote:$/;
const SIGNATURE_LINE = /^-- ?$/;
// Only these keep their following siblings when the fold climbs out of them: moving a table cell's or a
// list item's siblings into the fold would break the table or list around it.
const STOP_CLIMBING = new Set(['td', 'th', 'tr', 'tbody', 'thead', 'tfoot', 'table', 'li', 'ul', 'ol']);
const BLOCK = new Set(['div', 'p', 'blockquote', 'section', 'article', 'table', 'pre', 'center']);

/** The nearest block ancestor of a node, inside `body`. */
function blockOf(node: Node, body: Element): Element | null {
  let current: Node | null = node.parentNode;
  while (current && current !== body) {
    if (current.nodeType === 1 && BLOCK.has((current as Element).localName)) return current as Element;
    current = current.parentNode;
  }
  return null;
}

/** The first short text line in the body that starts a quote ("-----Original Message-----", "On … wrote:"). */
function firstTextMarker(body: Element, before: Element | null): Element | null {
  const doc = body.ownerDocument;
  const walker = doc.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (before && before.compareDocumentPosition(node) & 4 /* FOLLOWING */) return null;
    const text = (node.nodeValue ?? '').trim();
    if (!text || text.length > MAX_PATTERN_TEXT) continue;
    if (ORIGINAL.test(text) || WROTE.test(text)) return blockOf(node, body);
  }
  return null;
}

/** Whether anything the sender wrote (text, a picture) comes before `marker`. */
function hasContentBefore(body: Element, marker: Element): boolean {
  const doc = body.ownerDocument;
  const walker = doc.createTreeWalker(body, 1 | 4 /* SHOW_ELEMENT | SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node === marker || marker.compareDocumentPosition(node) & 4) return false;
    if (node.nodeType === 3 ? /\S/.test(node.nodeValue ?? '') : (node as Element).localName === 'img')
      return true;
  }
  return false;
}

/** The attribution line of a cited block ("On … wrote:", Thunderbird's .moz-cite-prefix), if right before it. */
function withAttribution(marker: Element): Element {
  if (marker.localName !== 'blockquote') return marker;
  const previous = marker.previousElementSibling;
  if (!previous) return marker;
  const text = (previous.textContent ?? '').trim();
  const attribution =
    previous.classList.contains('moz-cite-prefix') ||
    previous.classList.contains('gmail_attr') ||
    (text.length <= MAX_PATTERN_TEXT && /\bwrote:$/.test(text));
  return attribution ? previous : marker;
}

/**
 * Folds the quote or signature of a sanitized body (the <body> element of the sanitizer's document) into
 * a <details>. Returns whether it folded anything.
 */
export function foldQuotedHtml(body: Element): boolean {
  const byMarkup = body.querySelector(MARKERS);
  const byText = firstTextMarker(body, byMarkup);
  let marker = byText ?? byMarkup;
  if (!marker || marker === body) return false;
  marker = withAttribution(marker);
  if (!hasContentBefore(body, marker)) return false;

  const doc = body.ownerDocument;
  const fold = doc.createElement('details');
  fold.className = FOLD_CLASS;
  fold.innerHTML = SUMMARY;
  marker.before(fold);
  let node: ChildNode | null = marker;
  while (node) {
    const next: ChildNode | null = node.nextSibling;
    fold.append(node);
    node = next;
  }
  // What follows the marker's containers is quote too (a reply's wrapper closes before the quote ends).
  let container = fold.parentElement;
  while (container && container !== body && !STOP_CLIMBING.has(container.localName)) {
    let sibling = container.nextSibling;
    while (sibling) {
      const next = sibling.nextSibling;
      fold.append(sibling);
      sibling = next;
    }
    container = container.parentElement;
  }
  return true;
}

const MAX_LINE = 400;

/** Where the quote or signature of a plain-text body starts (a line index), or -1. */
export function textFoldLine(lines: readonly string[]): number {
  // A final run of "> " lines (blank lines allowed between) is a quote, wherever the other markers are.
  let quoteRun = -1;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i] ?? '';
    if (/^\s*>/.test(line)) quoteRun = i;
    else if (line.trim() !== '') break;
  }
  for (let i = 0; i < lines.length; i += 1) {
    if (quoteRun !== -1 && i >= quoteRun) break;
    const line = (lines[i] ?? '').trimEnd();
    if (line.length > MAX_LINE) continue;
    const trimmed = line.trim();
    if (SIGNATURE_LINE.test(line) || ORIGINAL.test(trimmed) || WROTE.test(trimmed)) return i;
    // "On Mon, 1 Jan 2024 at 10:00, Ann <ann@example.com>" / "wrote:" wrapped onto two lines.
    const next = (lines[i + 1] ?? '').trim();
    if (/^On\b/.test(trimmed) && next.length <= MAX_LINE && WROTE.test(`${trimmed} ${next}`)) return i;
  }
  if (quoteRun === -1) return -1;
  // The "On … wrote:" line right before the quoted lines belongs to the fold.
  const previous = (lines[quoteRun - 1] ?? '').trim();
  return previous.length <= MAX_LINE && /\bwrote:$/.test(previous) ? quoteRun - 1 : quoteRun;
}

/** A plain-text body as HTML (renderText), its quote or signature folded when something comes before it. */
export function renderFoldedText(text: string): string {
  const lines = text.split('\n');
  const at = textFoldLine(lines);
  const head = at > 0 ? lines.slice(0, at).join('\n') : '';
  if (at <= 0 || !/\S/.test(head)) return renderText(text);
  const tail = lines.slice(at).join('\n');
  return `${renderText(head.replace(/\n+$/, ''))}<details class="${FOLD_CLASS}">${SUMMARY}${renderText(tail)}</details>`;
}
