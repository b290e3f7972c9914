import 'server-only';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM, VirtualConsole } from 'jsdom';
import { processSingleton } from '../process-singleton';
import { sanitizeDeclarations, sanitizeRules } from './render-css';
import { foldQuotedHtml } from './render-quotes';
import { type RenderContext, safeImageUrl, safeLinkUrl, safeSrcset } from './render-urls';

/*
 * DOMPurify on a jsdom window, created once per process: building a window costs tens of milliseconds
 * and a lot of memory. Hooks are registered once and read the render in progress from shared state.
 */

// Tags that submit, embed, fetch on their own (media, preload, base, refresh) or hide content from the
// sanitizer (template). SVG and MathML are excluded by the html-only profile.
const FORBID_TAGS = [
  'base',
  'link',
  'meta',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'form',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'textarea',
  'datalist',
  'output',
  'audio',
  'video',
  'source',
  'track',
  'picture',
  'canvas',
  'template',
  'dialog',
];
const FORBID_ATTR = [
  'action',
  'formaction',
  'ping',
  'poster',
  'download',
  'cite',
  'longdesc',
  'crossorigin',
  'integrity',
  'nonce',
  'popover',
  'popovertarget',
  'popovertargetaction',
  'autofocus',
];

/*
 * jsdom parses every style attribute into a CSSStyleDeclaration as it is set, which doubles the cost of a
 * table-heavy newsletter. The HTML is handed over with style attributes renamed to this data attribute,
 * sanitized under either name by the hook below, and renamed back in the serialized output. A style
 * attribute the rename misses is only slower, never unsanitized.
 */
const STYLE_ALIAS = 'data-tidings-style';
const STYLE_ATTRIBUTE = /(\s)style(?=\s*=)/gi;
const STYLE_ALIAS_ANYWHERE = new RegExp(STYLE_ALIAS, 'gi');

/** The render in progress. Sanitizing is synchronous, so one slot per process is enough. */
interface RenderState {
  ctx: RenderContext | null;
  styles: Element[];
}

interface Sanitizer {
  purify: DOMPurify;
  window: JSDOM['window'];
  state: RenderState;
}

function sanitizedAttribute(node: Element, name: string, raw: string, ctx: RenderContext): string | null {
  const tag = node.localName;
  switch (name) {
    case 'href':
      return tag === 'a' || tag === 'area' ? safeLinkUrl(raw) : null;
    case 'src':
      return tag === 'img' ? safeImageUrl(raw, ctx) : null;
    case 'srcset':
      return tag === 'img' ? safeSrcset(raw, ctx) : null;
    case 'background':
      return safeImageUrl(raw, ctx);
    case 'style':
    case STYLE_ALIAS:
      return sanitizeDeclarations(raw, ctx) || null;
    default:
      return raw;
  }
}

function addHooks(purify: DOMPurify, window: JSDOM['window'], state: RenderState): void {
  // Collected on the way past, so the output does not need another walk of a large tree.
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node instanceof window.Element) state.styles.push(node);
  });
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    // Without a render in progress nothing is known to be safe, so URL-bearing attributes go.
    const value = state.ctx ? sanitizedAttribute(node, data.attrName, data.attrValue, state.ctx) : null;
    if (value === null) data.keepAttr = false;
    else data.attrValue = value;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if ((node.localName === 'a' || node.localName === 'area') && node.hasAttribute('href')) {
      // Links leave the frame in a new tab and tell the destination nothing about where they came from.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

// Kept on globalThis: hooks registered by one copy of this module must see renders started by another.
function sanitizer(): Sanitizer {
  return processSingleton('mailSanitizer', () => {
    // A silent console: jsdom reports unparseable mail CSS, which is expected and not worth a log line.
    const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
      virtualConsole: new VirtualConsole(),
    });
    const purify = createDOMPurify(window);
    const state: RenderState = { ctx: null, styles: [] };
    addHooks(purify, window, state);
    return { purify, window, state };
  });
}

function sanitizeStyleElement(css: string, scratch: Document, ctx: RenderContext): string {
  const style = scratch.createElement('style');
  style.textContent = css;
  scratch.head.append(style);
  try {
    return style.sheet ? sanitizeRules(style.sheet.cssRules, ctx) : '';
  } finally {
    style.remove();
  }
}

export interface SanitizedHtml {
  /** Attributes for our <body>, serialized, from the mail's own <body> (bgcolor, style, …). */
  bodyAttributes: string;
  bodyHtml: string;
  css: string;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

export function sanitizeHtml(
  html: string,
  ctx: RenderContext,
  { foldQuotes = false }: { foldQuotes?: boolean } = {},
): SanitizedHtml {
  const { purify, window, state } = sanitizer();
  state.ctx = ctx;
  state.styles = [];
  try {
    const root = purify.sanitize(html.replace(STYLE_ATTRIBUTE, `$1${STYLE_ALIAS}`), {
      WHOLE_DOCUMENT: true,
      RETURN_DOM: true,
      USE_PROFILES: { html: true },
      FORBID_TAGS,
      FORBID_ATTR,
    });
    if (!(root instanceof window.Element)) return { bodyAttributes: '', bodyHtml: '', css: '' };
    // <style> usually sits in <head>, which only survives with WHOLE_DOCUMENT; it is moved to our head.
    const css: string[] = [];
    for (const style of state.styles) {
      if (!root.contains(style)) continue;
      const text = (style.textContent ?? '').replace(STYLE_ALIAS_ANYWHERE, 'style');
      css.push(sanitizeStyleElement(text, window.document, ctx));
      style.remove();
    }
    const body = root.querySelector('body');
    // After sanitizing: only what survived decides where the quote starts (render-quotes.ts).
    if (body && foldQuotes) foldQuotedHtml(body);
    const bodyAttributes = body
      ? Array.from(body.attributes)
          .filter((attr) => /^[a-z][\w.:-]*$/i.test(attr.name))
          .map((attr) => ` ${attr.name}="${escapeAttribute(attr.value)}"`)
          .join('')
          .replace(STYLE_ALIAS_ANYWHERE, 'style')
      : '';
    const bodyHtml = (body?.innerHTML ?? '').replace(STYLE_ALIAS_ANYWHERE, 'style');
    return { bodyAttributes, bodyHtml, css: css.join('') };
  } finally {
    state.ctx = null;
    state.styles = [];
  }
}
