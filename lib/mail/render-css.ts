import 'server-only';
import { type RenderContext, safeImageUrl } from './render-urls';

/*
 * CSS from mail, for style attributes and <style> elements. Rather than a full CSS parser this is
 * deliberately conservative: a declaration is kept only if every function in it is on a list of ones that
 * cannot fetch or run anything, and url() is rewritten through the same rules as <img src> (or to none). Anything we
 * cannot read with confidence (escapes near parentheses, unknown functions, at-rules other than @media) is
 * dropped; the mail loses a bit of styling, never safety.
 */

const SAFE_FUNCTIONS = new Set([
  'rgb',
  'rgba',
  'hsl',
  'hsla',
  'hwb',
  'lab',
  'lch',
  'oklab',
  'oklch',
  'color',
  'color-mix',
  'light-dark',
  'calc',
  'min',
  'max',
  'clamp',
  'var',
  'env',
  'linear-gradient',
  'radial-gradient',
  'conic-gradient',
  'repeating-linear-gradient',
  'repeating-radial-gradient',
  'repeating-conic-gradient',
  'translate',
  'translatex',
  'translatey',
  'translate3d',
  'rotate',
  'rotatez',
  'scale',
  'scalex',
  'scaley',
  'skew',
  'skewx',
  'skewy',
  'matrix',
  'perspective',
  'cubic-bezier',
  'steps',
  'counter',
  'counters',
  'rect',
  'inset',
  'circle',
  'ellipse',
  'polygon',
  'blur',
  'brightness',
  'contrast',
  'drop-shadow',
  'grayscale',
  'hue-rotate',
  'invert',
  'opacity',
  'saturate',
  'sepia',
  'minmax',
  'repeat',
  'fit-content',
]);
// Legacy script hooks (IE expression/behavior, Firefox XBL) and anything script-like in a value.
const FORBIDDEN_PROPERTY = /^(?:behavior|-ms-behavior|-moz-binding)$/i;
const FORBIDDEN_VALUE = /expression|javascript:|vbscript:|@import|[<>]/i;
const URL_FUNCTION = /(?<![\w-])url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi;
const FUNCTION_NAME = /([a-z_-][\w-]*)\s*\(/gi;

function decodeEscapes(text: string): string {
  return text.replace(
    /\\([0-9a-f]{1,6})\s?|\\([\s\S])/gi,
    (_, hex: string | undefined, char: string | undefined) =>
      hex ? String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff) || 0xfffd) : (char ?? ''),
  );
}

function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, '')}"`;
}

/** Split a declaration block on top-level semicolons, respecting quotes and parentheses. */
function splitDeclarations(block: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < block.length; i += 1) {
    const ch = block[i];
    if (quote) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0) {
      parts.push(block.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(block.slice(start));
  return parts;
}

function sanitizeValue(property: string, value: string, ctx: RenderContext): string | null {
  if (FORBIDDEN_PROPERTY.test(property)) return null;
  // Escapes can spell url( or expression( in ways simple matching would miss; only allow them where no
  // function could be formed (e.g. content: "\201C").
  const decoded = value.includes('\\') ? decodeEscapes(value) : value;
  if (decoded !== value && /[()]/.test(decoded)) return null;
  if (FORBIDDEN_VALUE.test(decoded)) return null;

  // A blocked image becomes `none`, which keeps the rest of a shorthand (a background colour behind a
  // hero image) that the text was designed against.
  const rewritten = value.replace(
    URL_FUNCTION,
    (_, double: string | undefined, single: string | undefined, bare: string | undefined) => {
      const safe = safeImageUrl(double ?? single ?? bare ?? '', ctx);
      return safe ? `\uE000${cssString(safe)}\uE001` : 'none';
    },
  );
  // Any url( the pattern above did not consume is malformed or hiding something.
  const withoutUrls = rewritten.replace(/\uE000[^\uE001]*\uE001/g, '');
  for (const match of withoutUrls.matchAll(FUNCTION_NAME)) {
    const name = (match[1] ?? '').toLowerCase().replace(/^-(?:webkit|moz|ms|o)-/, '');
    if (!SAFE_FUNCTIONS.has(name)) return null;
  }
  if (/\(\s*(?:"|')/.test(withoutUrls)) return null;
  return rewritten.replace(/\uE000/g, 'url(').replace(/\uE001/g, ')');
}

/** A declaration list (a style attribute or a rule body) with unsafe declarations removed. */
export function sanitizeDeclarations(block: string, ctx: RenderContext): string {
  // Private-use characters mark rewritten url()s below; NUL becomes U+FFFD as in the browser's CSS parser.
  const source = block
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ')
    .replace(/[\uE000\uE001]/g, '')
    .replaceAll('\u0000', '\uFFFD');
  const kept: string[] = [];
  for (const declaration of splitDeclarations(source)) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim();
    const value = declaration.slice(colon + 1).trim();
    if (!/^-{0,2}[a-z][\w-]*$/i.test(property) || !value) continue;
    const safe = sanitizeValue(property, value, ctx);
    if (safe !== null) kept.push(`${property}:${safe}`);
  }
  return kept.join(';');
}

/** The parts of the CSSOM we read; jsdom's rule objects are structurally these. */
interface RuleLike {
  readonly type: number;
  readonly selectorText?: string;
  readonly style?: { readonly cssText: string };
  readonly media?: { readonly mediaText: string };
  readonly cssRules?: ArrayLike<RuleLike>;
}

const STYLE_RULE = 1;
const MEDIA_RULE = 4;
// Selectors and media queries are copied verbatim, so they must not be able to end the rule or the
// <style> element, or carry anything that could fetch.
const UNSAFE_PRELUDE = /[{};<>\\@]|\/\*|url\(|image|expression/i;
/*
 * An attribute selector reads attribute values: `img[src^="https://app/api/inline/a"]` paired with a
 * background image (once images are shown) tells a remote host, character by character, what our signed
 * inline-image URLs or link targets contain. The syntax always needs `[` (escapes are refused above), also
 * inside :not(), :is(), :where() and :has(), so any selector with one is dropped, whatever the mode.
 */
const READS_ATTRIBUTES = /\[/;

/**
 * Style and @media rules from a parsed stylesheet, re-serialized with sanitized declarations. @import,
 * @font-face, @keyframes and every other at-rule are dropped.
 */
export function sanitizeRules(rules: ArrayLike<RuleLike>, ctx: RenderContext): string {
  let css = '';
  for (let i = 0; i < rules.length; i += 1) {
    const rule = rules[i];
    if (rule?.type === STYLE_RULE && rule.selectorText && rule.style) {
      if (UNSAFE_PRELUDE.test(rule.selectorText) || READS_ATTRIBUTES.test(rule.selectorText)) continue;
      const body = sanitizeDeclarations(rule.style.cssText, ctx);
      if (body) css += `${rule.selectorText}{${body}}`;
    } else if (rule?.type === MEDIA_RULE && rule.media && rule.cssRules) {
      if (UNSAFE_PRELUDE.test(rule.media.mediaText)) continue;
      const inner = sanitizeRules(rule.cssRules, ctx);
      if (inner) css += `@media ${rule.media.mediaText}{${inner}}`;
    }
  }
  return css;
}
