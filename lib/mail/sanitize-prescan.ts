/*
 * A cheap look at mail HTML before jsdom parses it. jsdom and DOMPurify cost far more than linear in
 * nesting depth and in attributes per element (3,000 nested <div>s held a thread for 14 s, one <p> with
 * 200,000 attributes over 2 minutes), so mail past these limits is never handed to them. One pass, with
 * constant work per character: indexOf jumps, and a stack of open elements whose lookups never walk it.
 *
 * The stack follows the HTML parser's tree building closely enough for depth: end tags close only what
 * is in scope, unclosed <p>, <li>, <td>, <tr> close as the parser closes them, misnested formatting
 * tags leave the stack as the adoption agency leaves it. Where it differs it counts deeper (a false
 * "too complex" for odd markup), never shallower, so depth cannot be hidden from it; what it still cannot
 * see is caught by the time budget (sanitize-pool.ts).
 *
 * The limits, chosen so every real newsletter and long thread stays well inside them:
 * - depth 512: Chromium's HTML parser stops nesting at 512 too, so deeper markup does not render as
 *   written anyway; newsletters built from nested tables reach 40-100. 512 nested divs sanitize in ~90 ms.
 * - 128 attributes on one element (repeated <body>/<html> tags merge theirs, so those count together):
 *   real mail uses under 20; 1,000 cost 26 ms, 5,000 over 150 ms.
 * - 1 MB of text between tags: about 150,000 words, a very long thread; 1 MB costs ~0.9 s in jsdom.
 * - 128 KB of <style>: templates carry 10-40 KB (Gmail drops a style block past 16 KB); 230 KB of rules
 *   cost ~0.5 s to parse and sanitize.
 * - 16 MB in all: a body that size is mostly embedded data: images (attribute values are cheap).
 * Figures measured on the 2-core dev VM, one thread, nothing else running.
 */

export const PRESCAN_LIMITS = {
  maxChars: 16_000_000,
  maxDepth: 512,
  maxAttributes: 128,
  maxTextChars: 1_000_000,
  maxStyleChars: 128_000,
} as const;

export type PrescanLimits = { [K in keyof typeof PRESCAN_LIMITS]: number };
export type TooComplexReason = 'size' | 'depth' | 'attributes' | 'text' | 'style';
export type PrescanVerdict = { ok: true } | { ok: false; reason: TooComplexReason };

const words = (list: string) => new Set(list.split(' '));

const VOID = words(
  'area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr',
);
// Content up to the matching end tag is text to the parser (outside SVG and MathML), not markup.
const RAW_TEXT = words('script style textarea title xmp iframe noembed noframes');
// The parser keeps one <html>, <head> and <body>; repeats only add their attributes to the first.
const SINGLETONS = words('html head body');
const SPECIAL = words(
  'address applet area article aside base basefont bgsound blockquote body br button caption center col ' +
    'colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 ' +
    'h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav ' +
    'noembed noframes noscript object ol p param plaintext pre script search section select source style ' +
    'summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp',
);
const FORMATTING = words('a b big code em font i nobr s small strike strong tt u');
const DEFAULT_SCOPE = ['applet', 'caption', 'html', 'table', 'td', 'th', 'marquee', 'object', 'template'];
const BUTTON_SCOPE = [...DEFAULT_SCOPE, 'button'];
const LIST_SCOPE = [...DEFAULT_SCOPE, 'ol', 'ul'];
const TABLE_SCOPE = ['html', 'table', 'template'];
// End tags that close the innermost element of their name when it is in scope, whatever lies between.
const SCOPED_END = words(
  'address article aside blockquote button center details dialog dir div dl fieldset figcaption figure ' +
    'footer header hgroup listing main menu nav ol pre search section summary ul form applet marquee ' +
    'object li dd dt p h1 h2 h3 h4 h5 h6',
);
const TABLE_END = words('table tbody thead tfoot tr td th caption');
// Start tags that first close an open <p> (in button scope).
const CLOSES_P = words(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer ' +
    'header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form ' +
    'plaintext xmp hr li dd dt',
);
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const ROW_GROUPS = ['tbody', 'thead', 'tfoot'];

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
}

/**
 * The stack of open elements. Lookups are O(1): positions per name, and per entry the nearest special
 * element at or below it. Entries the adoption agency takes out of the middle become holes.
 */
class OpenElements {
  private readonly names: string[] = [];
  private readonly positions = new Map<string, number[]>();
  private readonly specialBelow: number[] = [];
  // Special elements other than address, div and p: where an implied </li>, </dd> or </dt> stops.
  private readonly listStopBelow: number[] = [];
  private holes = 0;

  get depth(): number {
    return this.names.length - this.holes;
  }

  get top(): number {
    return this.names.length - 1;
  }

  push(name: string): void {
    const index = this.names.length;
    let list = this.positions.get(name);
    if (!list) {
      list = [];
      this.positions.set(name, list);
    }
    list.push(index);
    this.names.push(name);
    const special = SPECIAL.has(name);
    this.specialBelow.push(special ? index : (this.specialBelow[index - 1] ?? -1));
    const stop = special && name !== 'address' && name !== 'div' && name !== 'p';
    this.listStopBelow.push(stop ? index : (this.listStopBelow[index - 1] ?? -1));
  }

  /** Index of the innermost open element among `names`, or -1. */
  last(...names: string[]): number {
    let found = -1;
    for (const name of names) {
      const list = this.positions.get(name);
      const index = list?.length ? (list[list.length - 1] ?? -1) : -1;
      if (index > found) found = index;
    }
    return found;
  }

  nameAt(index: number): string | undefined {
    return this.names[index];
  }

  /** Is the element at `index` in a scope bounded by `boundaries` (none of them above it)? */
  inScope(index: number, boundaries: readonly string[]): boolean {
    return index !== -1 && this.last(...boundaries) <= index;
  }

  hasSpecialAbove(index: number): boolean {
    return (this.specialBelow[this.top] ?? -1) > index;
  }

  hasListStopAbove(index: number): boolean {
    return (this.listStopBelow[this.top] ?? -1) > index;
  }

  /** Closes everything from `index` up; each element is popped once, so this is linear overall. */
  popTo(index: number): void {
    while (this.names.length > index) {
      const name = this.names.pop();
      this.specialBelow.pop();
      this.listStopBelow.pop();
      if (name === '') this.holes -= 1;
      else if (name !== undefined) this.positions.get(name)?.pop();
    }
  }

  /** Takes the innermost element of its name out of the middle of the stack. */
  remove(index: number): void {
    const name = this.names[index];
    if (name === undefined || name === '') return;
    this.positions.get(name)?.pop();
    this.names[index] = '';
    this.holes += 1;
  }
}

interface Tag {
  name: string;
  end: number;
  attributes: number;
}

/** The tag whose name starts at `start` (just after `<` or `</`): its name, end and attribute count. */
function readTag(html: string, start: number): Tag {
  let i = start;
  while (i < html.length && !isSpace(html.charCodeAt(i)) && html[i] !== '/' && html[i] !== '>') i += 1;
  const name = html.slice(start, i).toLowerCase();
  let attributes = 0;
  while (i < html.length) {
    const code = html.charCodeAt(i);
    if (code === 62 /* > */) return { name, end: i + 1, attributes };
    if (isSpace(code) || code === 47 /* / */) {
      i += 1;
      continue;
    }
    // An attribute name runs to whitespace, `/`, `>` or `=`.
    attributes += 1;
    i += 1;
    while (i < html.length) {
      const c = html.charCodeAt(i);
      if (isSpace(c) || c === 47 || c === 62 || c === 61) break;
      i += 1;
    }
    while (i < html.length && isSpace(html.charCodeAt(i))) i += 1;
    if (html.charCodeAt(i) !== 61 /* = */) continue;
    i += 1;
    while (i < html.length && isSpace(html.charCodeAt(i))) i += 1;
    const quote = html[i];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1);
      i = close === -1 ? html.length : close + 1;
    } else {
      while (i < html.length && !isSpace(html.charCodeAt(i)) && html.charCodeAt(i) !== 62) i += 1;
    }
  }
  // A tag cut off by the end of input is dropped by the parser.
  return { name, end: html.length, attributes };
}

/** Index just past `</name` + `>` that ends raw text starting at `from`, matched case-insensitively. */
function endOfRawText(html: string, name: string, from: number): number {
  let at = from;
  for (;;) {
    const close = html.indexOf('</', at);
    if (close === -1) return html.length;
    if (html.slice(close + 2, close + 2 + name.length).toLowerCase() === name) {
      const end = html.indexOf('>', close);
      return end === -1 ? html.length : end + 1;
    }
    at = close + 2;
  }
}

/** Index just past a comment starting at `lt` (`<!--`): `-->`, `--!>`, or the abrupt `<!-->` / `<!--->`. */
function endOfComment(html: string, lt: number): number {
  if (html.startsWith('>', lt + 4)) return lt + 5;
  if (html.startsWith('->', lt + 4)) return lt + 6;
  const dashes = html.indexOf('--', lt + 4);
  for (let at = dashes; at !== -1; at = html.indexOf('--', at + 1)) {
    if (html.startsWith('-->', at)) return at + 3;
    if (html.startsWith('--!>', at)) return at + 4;
  }
  return html.length;
}

class TreeModel {
  readonly open = new OpenElements();
  private singletonAttributes = 0;

  constructor(private readonly limits: PrescanLimits) {}

  /** Applies a start tag; returns a reason when it breaks a limit. */
  start(tag: Tag): TooComplexReason | null {
    const { open } = this;
    const { name } = tag;
    if (SINGLETONS.has(name)) {
      this.singletonAttributes += tag.attributes;
      return this.singletonAttributes > this.limits.maxAttributes ? 'attributes' : null;
    }
    if (tag.attributes > this.limits.maxAttributes) return 'attributes';
    if (VOID.has(name)) return null;
    if (CLOSES_P.has(name)) this.closeP();
    if (name === 'li') this.closeListItem('li');
    else if (name === 'dd' || name === 'dt') this.closeListItem('dd', 'dt');
    else if (HEADINGS.includes(name) && HEADINGS.includes(open.nameAt(open.top) ?? '')) open.popTo(open.top);
    else if (name === 'option' || name === 'optgroup') {
      if (open.nameAt(open.top) === 'option') open.popTo(open.top);
    } else if (name === 'a') this.endFormatting('a');
    else if (name === 'td' || name === 'th' || name === 'tr' || ROW_GROUPS.includes(name))
      this.tablePart(name);
    open.push(name);
    return open.depth > this.limits.maxDepth ? 'depth' : null;
  }

  end(name: string): void {
    const { open } = this;
    if (SINGLETONS.has(name)) return;
    if (FORMATTING.has(name)) this.endFormatting(name);
    else if (SCOPED_END.has(name)) {
      const index = HEADINGS.includes(name) ? open.last(...HEADINGS) : open.last(name);
      const scope =
        name === 'p' || name === 'button' ? BUTTON_SCOPE : name === 'li' ? LIST_SCOPE : DEFAULT_SCOPE;
      if (!open.inScope(index, scope)) return;
      // </form> takes the form out of the stack and leaves what is open inside it open.
      if (name === 'form') open.remove(index);
      else open.popTo(index);
    } else if (TABLE_END.has(name)) {
      const index = open.last(name);
      if (open.inScope(index, name === 'table' ? ['html', 'template'] : TABLE_SCOPE)) open.popTo(index);
    } else {
      // Any other end tag closes the innermost element of its name unless a special element is above it.
      const index = open.last(name);
      if (index !== -1 && !open.hasSpecialAbove(index)) open.popTo(index);
    }
  }

  private closeP(): void {
    const index = this.open.last('p');
    if (this.open.inScope(index, BUTTON_SCOPE)) this.open.popTo(index);
  }

  private closeListItem(...names: string[]): void {
    const index = this.open.last(...names);
    if (index !== -1 && !this.open.hasListStopAbove(index)) this.open.popTo(index);
  }

  /** An end tag for a formatting element: closed outright, or (misnested) taken out of the stack. */
  private endFormatting(name: string): void {
    const { open } = this;
    const index = open.last(name);
    if (!open.inScope(index, DEFAULT_SCOPE)) return;
    if (!open.hasSpecialAbove(index)) {
      open.popTo(index);
      return;
    }
    // The adoption agency: the element leaves the stack, a clone of it opens inside the block above it.
    open.remove(index);
    open.push(name);
  }

  /** Cells, rows and row groups end the open cell (row, group) of their table and imply missing ones. */
  private tablePart(name: string): void {
    const { open } = this;
    const table = open.last('table', 'template');
    const cell = open.last('td', 'th');
    if (cell > table) open.popTo(cell);
    const isGroup = ROW_GROUPS.includes(name);
    const row = open.last('tr');
    if ((name === 'tr' || isGroup) && row > table) open.popTo(row);
    const group = open.last(...ROW_GROUPS);
    if (isGroup) {
      if (group > table) open.popTo(group);
      return;
    }
    if (open.nameAt(table) !== 'table') return;
    if (group < table) open.push('tbody');
    if (name !== 'tr' && open.last('tr') < table) open.push('tr');
  }
}

export function prescanHtml(html: string, limits: PrescanLimits = PRESCAN_LIMITS): PrescanVerdict {
  if (html.length > limits.maxChars) return { ok: false, reason: 'size' };
  const tree = new TreeModel(limits);
  let text = 0;
  let style = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    text += (lt === -1 ? html.length : lt) - i;
    if (text > limits.maxTextChars) return { ok: false, reason: 'text' };
    if (lt === -1) break;
    const after = html.charCodeAt(lt + 1);
    if (html.startsWith('<!--', lt)) {
      i = endOfComment(html, lt);
      text += i - lt;
    } else if (after === 33 /* ! */ || after === 63 /* ? */) {
      const close = html.indexOf('>', lt + 2);
      i = close === -1 ? html.length : close + 1;
      text += i - lt;
    } else if (after === 47 /* / */ && isAsciiLetter(html.charCodeAt(lt + 2))) {
      const tag = readTag(html, lt + 2);
      tree.end(tag.name);
      i = tag.end;
    } else if (isAsciiLetter(after)) {
      const tag = readTag(html, lt + 1);
      i = tag.end;
      // Inside SVG, MathML or <select> the parser may not switch to raw text: scanned like the rest.
      const raw = tree.open.last('svg', 'math', 'select') === -1;
      if (RAW_TEXT.has(tag.name) && raw) {
        if (tag.attributes > limits.maxAttributes) return { ok: false, reason: 'attributes' };
        const end = endOfRawText(html, tag.name, i);
        if (tag.name === 'style') style += end - i;
        else text += end - i;
        if (style > limits.maxStyleChars) return { ok: false, reason: 'style' };
        if (text > limits.maxTextChars) return { ok: false, reason: 'text' };
        i = end;
        continue;
      }
      if (tag.name === 'plaintext' && raw) {
        text += html.length - i;
        if (text > limits.maxTextChars) return { ok: false, reason: 'text' };
        break;
      }
      const broken = tree.start(tag);
      if (broken) return { ok: false, reason: broken };
    } else {
      // A `<` that starts no tag is text.
      text += 1;
      i = lt + 1;
    }
  }
  return { ok: true };
}
