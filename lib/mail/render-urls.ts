import 'server-only';

/*
 * URL decisions for mail rendering. Every URL that reaches the output passes through here and leaves in
 * WHATWG-serialized form, so the browser parses exactly what we checked (no stray whitespace, control
 * characters or scheme tricks like " JaVaScRiPt:").
 */

/** Per-render state shared by the HTML hooks and the CSS sanitizer. */
export interface RenderContext {
  /** Content-ID → validated absolute or root-relative URL of our attachment endpoint. */
  inlineImages: Map<string, string>;
  allowRemote: boolean;
  /** Set when the body referred to anything the browser would fetch from a remote host. */
  hasRemote: boolean;
}

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const REMOTE_PROTOCOLS = new Set(['http:', 'https:']);
// Raster formats only: SVG can carry script and external references of its own.
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp)(?:;[\w=.+-]+)*,[\w+/=%.-]*$/i;
// Browsers treat "//host" and "\\host" as scheme-relative, i.e. a request to another host.
const SCHEME_RELATIVE = /^[\\/]{2}/;
// The URL parser drops these anywhere in a URL, so they must not hide a scheme from our checks.
const URL_IGNORED = /[\t\n\r]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the URL parser trims exactly C0 controls and space.
const EDGE_SPACE = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;

function parseAbsolute(raw: string): URL | null {
  const value = raw.replace(URL_IGNORED, '').replace(EDGE_SPACE, '');
  try {
    return new URL(SCHEME_RELATIVE.test(value) ? `https:${value}` : value);
  } catch {
    return null;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Inline image URLs come from our own code, but are checked anyway: they go into the CSP and the document.
 * Root-relative URLs resolve against the parent page in a srcdoc frame, absolute ones also add their origin
 * to img-src.
 */
export function inlineImageMap(images: Record<string, string>): {
  map: Map<string, string>;
  origins: string[];
} {
  const map = new Map<string, string>();
  const origins = new Set<string>();
  for (const [contentId, url] of Object.entries(images)) {
    const id = contentId.replace(/^<|>$/g, '').toLowerCase();
    if (/^\/(?![\\/])/.test(url) && !/[\s"'<>\\]/.test(url)) {
      map.set(id, url);
      continue;
    }
    const parsed = parseAbsolute(url);
    if (parsed && REMOTE_PROTOCOLS.has(parsed.protocol)) {
      map.set(id, parsed.href);
      origins.add(parsed.origin);
    }
  }
  return { map, origins: [...origins] };
}

/** A link target for <a href>: http(s), mailto and tel only. Links are not fetched, so they are kept. */
export function safeLinkUrl(raw: string): string | null {
  const url = parseAbsolute(raw);
  return url && LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/**
 * What an image reference (img src, background, CSS url()) may load: the inline attachment for cid:, a
 * raster data: image, or a remote http(s) image when remote content is allowed. Null means drop it.
 */
export function safeImageUrl(raw: string, ctx: RenderContext): string | null {
  const value = raw.replace(URL_IGNORED, '').replace(EDGE_SPACE, '');
  if (/^cid:/i.test(value)) {
    const id = safeDecode(value.slice(4)).replace(/^<|>$/g, '').toLowerCase();
    return ctx.inlineImages.get(id) ?? null;
  }
  if (/^data:/i.test(value)) {
    const compact = value.replace(/\s+/g, '');
    return DATA_IMAGE.test(compact) ? compact : null;
  }
  const url = parseAbsolute(value);
  // Relative URLs would resolve against our own app's URL: nothing a mail should point at.
  if (!url || !REMOTE_PROTOCOLS.has(url.protocol)) return null;
  ctx.hasRemote = true;
  return ctx.allowRemote ? url.href : null;
}

/**
 * srcset as the HTML spec splits it: a URL up to whitespace, then descriptors up to a comma. All
 * candidates must pass or the attribute goes (src stays as the fallback).
 */
export function safeSrcset(raw: string, ctx: RenderContext): string | null {
  const candidates: string[] = [];
  let rest = raw;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (!rest) break;
    const urlMatch = /^\S+/.exec(rest);
    if (!urlMatch) break;
    let url = urlMatch[0];
    rest = rest.slice(url.length);
    let descriptor = '';
    if (/,+$/.test(url)) {
      url = url.replace(/,+$/, '');
    } else {
      const end = rest.indexOf(',');
      descriptor = (end === -1 ? rest : rest.slice(0, end)).trim();
      rest = end === -1 ? '' : rest.slice(end + 1);
    }
    if (descriptor && !/^\d+(?:\.\d+)?[wx]$/.test(descriptor)) return null;
    const safe = safeImageUrl(url, ctx);
    if (!safe || /[\s,]$/.test(safe) || /\s/.test(safe)) return null;
    candidates.push(descriptor ? `${safe} ${descriptor}` : safe);
  }
  return candidates.length ? candidates.join(', ') : null;
}
