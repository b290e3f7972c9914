import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { newsletter } from '../../emulator/store/seed-content';
import { hostileMails } from '../../emulator/store/seed-hostile';
import { SeededRandom } from '../../emulator/store/seed-random';
import { PRESCAN_LIMITS, prescanHtml } from './sanitize-prescan';

const OWNER = { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } };
const small = { ...PRESCAN_LIMITS, maxDepth: 50 };

/** Depth of the tree the HTML parser (jsdom's parse5) actually builds. */
function parsedDepth(html: string): number {
  const { document } = new JSDOM(html).window;
  let deepest = 0;
  const walker = document.createTreeWalker(document.body, 1);
  for (let node = walker.currentNode; node; node = walker.nextNode() as Node) {
    let depth = 0;
    for (let up: Node | null = node; up && up !== document.body; up = up.parentNode) depth += 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

describe('prescanHtml', () => {
  it('passes every seeded newsletter and hostile mail', () => {
    const rng = new SeededRandom('prescan');
    for (let issue = 1; issue <= 30; issue += 1) {
      expect(prescanHtml(newsletter(rng, OWNER, issue).body.content)).toEqual({ ok: true });
    }
    for (const mail of hostileMails(OWNER)) expect(prescanHtml(mail.body.content)).toEqual({ ok: true });
  });

  it('counts unclosed paragraphs, list items, cells and rows as the parser closes them', () => {
    const sloppy =
      '<table><tr><td>a<td>b<tr><td>c</table>'.repeat(200) +
      '<ul><li>one<li>two<li><p>three<p>four</ul>'.repeat(200) +
      '<div><p>para</div>'.repeat(200) +
      '<dl><dt>t<dd>d<dt>t2</dl>'.repeat(200) +
      '<select><option>a<option>b</select>'.repeat(200) +
      '<b><p>misnested</b></p>'.repeat(200) +
      '<font face="Arial"><p>x</p></font><br/><img src="x"/>'.repeat(200);
    expect(parsedDepth(sloppy)).toBeLessThan(10);
    expect(prescanHtml(sloppy, small)).toEqual({ ok: true });
  });

  // Markup whose depth a naive count of start and end tags would get wrong in the attacker's favour.
  const HIDDEN_DEPTH: Record<string, string> = {
    'nested divs': '<div>'.repeat(60),
    'nested tables': '<table><tr><td>'.repeat(20),
    'cells in tables without rows': '<table><td>'.repeat(20),
    'an end tag that is out of scope': '<div><table><tr><td></div>'.repeat(15),
    'list items in nested lists': '<li><ul></li>'.repeat(30),
    'a list item inside a blockquote': '<li><blockquote>'.repeat(30),
    'a closed form around an open div': '<form><div></form>'.repeat(60),
    'misnested formatting': '<b><div></b>'.repeat(60),
    'self-closing syntax on a div': '<div/>'.repeat(60),
    'an abrupt comment': `<!-->${'<div>'.repeat(60)}-->`,
    'a comment closed with --!>': `<!-- x --!>${'<div>'.repeat(60)}`,
    'style inside svg': `<svg><style>${'<g>'.repeat(60)}`,
    'style inside select': `<select><style></select>${'<div>'.repeat(60)}`,
    'uppercase tags': '<DIV>'.repeat(60),
  };

  for (const [name, html] of Object.entries(HIDDEN_DEPTH)) {
    it(`sees the depth of ${name}`, () => {
      expect(parsedDepth(html)).toBeGreaterThan(small.maxDepth);
      expect(prescanHtml(html, small)).toEqual({ ok: false, reason: 'depth' });
    });
  }

  it('does not count what the parser treats as text', () => {
    const html =
      `<style>${'<div>'.repeat(100)}</STYLE>` +
      `<textarea>${'<div>'.repeat(100)}</textarea>` +
      `<!-- ${'<div>'.repeat(100)} -->` +
      `<p title="${'<div>'.repeat(100)}">x</p>` +
      `<script>${'<div>'.repeat(100)}</script>`;
    expect(parsedDepth(html)).toBeLessThan(5);
    expect(prescanHtml(html, small)).toEqual({ ok: true });
  });

  it('rejects too many attributes on one element, or merged over repeated <body> tags', () => {
    const attributes = (n: number) => Array.from({ length: n }, (_, i) => `a${i}="1"`).join(' ');
    expect(prescanHtml(`<p ${attributes(128)}>x</p>`)).toEqual({ ok: true });
    expect(prescanHtml(`<p ${attributes(129)}>x</p>`)).toEqual({ ok: false, reason: 'attributes' });
    expect(prescanHtml(`<p ${'a '.repeat(200)}>x</p>`)).toEqual({ ok: false, reason: 'attributes' });
    const bodies = Array.from({ length: 200 }, (_, i) => `<body b${i}=1>`).join('');
    expect(prescanHtml(bodies)).toEqual({ ok: false, reason: 'attributes' });
  });

  it('rejects too much text, too much <style> and too many characters', () => {
    expect(prescanHtml(`<p>${'x'.repeat(1_000_001)}</p>`)).toEqual({ ok: false, reason: 'text' });
    expect(prescanHtml(`<plaintext>${'x'.repeat(1_000_001)}`)).toEqual({ ok: false, reason: 'text' });
    expect(prescanHtml(`<style>${'p{}'.repeat(50_000)}</style>`)).toEqual({ ok: false, reason: 'style' });
    expect(prescanHtml(`<img src="data:image/png;base64,${'A'.repeat(16_000_000)}">`)).toEqual({
      ok: false,
      reason: 'size',
    });
    // Embedded images are attribute values: cheap, and allowed up to the size cap.
    expect(prescanHtml(`<img src="data:image/png;base64,${'A'.repeat(10_000_000)}">`)).toEqual({ ok: true });
  });
});
