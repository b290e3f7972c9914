import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderMessageBody } from './render-body';
import { renderFoldedText, textFoldLine } from './render-quotes';
import { sanitizeHtml } from './render-sanitize';
import type { RenderContext } from './render-urls';

const ctx = (): RenderContext => ({ inlineImages: new Map(), allowRemote: false, hasRemote: false });
const fold = (html: string) => sanitizeHtml(html, ctx(), { foldQuotes: true }).bodyHtml;

/** The body parsed back: what is shown before the fold and what is inside it. */
function parts(bodyHtml: string) {
  const { document } = new JSDOM(`<body>${bodyHtml}</body>`).window;
  const details = document.querySelector('details.tidings-quoted');
  const inside = details?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  details?.remove();
  return { shown: document.body.textContent?.replace(/\s+/g, ' ').trim() ?? '', folded: inside };
}

describe('quoted history folded in HTML mail', () => {
  it.each([
    [
      'Outlook on the web',
      '<div>Sounds good.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Ann</div><div>Old text</div>',
    ],
    [
      'Outlook reply header only',
      '<p>Sounds good.</p><div id="divRplyFwdMsg">From: Ann</div><div>Old text</div>',
    ],
    [
      'new Outlook',
      '<p>Sounds good.</p><div id="mail-editor-reference-message-container"><p>From: Ann</p><p>Old text</p></div>',
    ],
    [
      'Gmail',
      '<div dir="ltr">Sounds good.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Ann wrote:<br></div><blockquote class="gmail_quote">Old text</blockquote></div>',
    ],
    [
      'Apple Mail',
      '<div>Sounds good.</div><div><br><blockquote type="cite"><div>On 1 May, Ann wrote:</div><div>Old text</div></blockquote></div>',
    ],
    [
      'Thunderbird',
      '<p>Sounds good.</p><div class="moz-cite-prefix">On 01/05/2024 Ann wrote:<br></div><blockquote type="cite">Old text</blockquote>',
    ],
    [
      '-----Original Message-----',
      '<div class="WordSection1"><p>Sounds good.</p><p>-----Original Message-----</p><p>From: Ann</p></div><p>Old text</p>',
    ],
    [
      '"On … wrote:" line',
      '<p>Sounds good.</p><p>On Mon, 1 May 2024 at 10:00, Ann &lt;ann@x.test&gt; wrote:</p><p>Old text</p>',
    ],
  ])('%s: the reply shows, the quote is behind "…"', (_name, html) => {
    const { shown, folded } = parts(fold(html));
    expect(shown).toContain('Sounds good.');
    expect(shown).not.toContain('Old text');
    expect(folded).toContain('Old text');
    expect(folded?.startsWith('…')).toBe(true);
  });

  it.each([
    ['Outlook', '<p>Thanks!</p><div id="Signature"><p>Ann Lee | Contoso</p></div>'],
    ['Gmail', '<div>Thanks!</div><div class="gmail_signature">Ann Lee | Contoso</div>'],
    ['Thunderbird', '<p>Thanks!</p><pre class="moz-signature">-- \nAnn Lee | Contoso</pre>'],
    ['class "signature"', '<p>Thanks!</p><div class="signature">Ann Lee | Contoso</div>'],
  ])('%s signature: folded too', (_name, html) => {
    const { shown, folded } = parts(fold(html));
    expect(shown).toBe('Thanks!');
    expect(folded).toContain('Ann Lee | Contoso');
  });

  it('folds from the first marker, signature and quote together, and what follows its wrappers', () => {
    const html =
      '<div><div>Yes.</div><div id="Signature">Ann</div></div><div id="appendonsend"></div><div>Old text</div>';
    const { shown, folded } = parts(fold(html));
    expect(shown).toBe('Yes.');
    expect(folded).toContain('Ann');
    expect(folded).toContain('Old text');
  });

  it('shows a message that is all quote whole (a forward with no note), and one with no quote untouched', () => {
    const forward = '<div id="divRplyFwdMsg">From: Ann</div><div>Old text</div>';
    expect(fold(forward)).not.toContain('<details');
    const plain = '<p>Nothing quoted here, just a note that mentions wrote: and -- in passing.</p>';
    expect(fold(plain)).toBe(plain);
  });

  it('does nothing unless asked (a compose pane’s quote)', () => {
    const html = '<p>Hi</p><div class="gmail_quote">Old</div>';
    expect(sanitizeHtml(html, ctx()).bodyHtml).not.toContain('<details');
  });

  it('keeps a table whole when the quote starts in one of its cells', () => {
    const html =
      '<table><tr><td><p>Reply</p><div class="gmail_quote">Old</div></td><td>Side</td></tr></table><p>After</p>';
    const { document } = new JSDOM(`<body>${fold(html)}</body>`).window;
    expect(document.querySelectorAll('td')).toHaveLength(2);
    expect(document.querySelector('td details')?.textContent).toContain('Old');
    expect(document.querySelector('td details')?.textContent).not.toContain('Side');
  });

  it('hostile input: markers inside script-capable markup stay sanitized, and the fold is only ours', () => {
    const html =
      '<p>Hi</p><div class="gmail_quote" onclick="alert(1)"><details open ontoggle="alert(2)"><summary>x</summary>' +
      '<img src="https://evil.test/t.gif"><script>alert(3)</script></details></div>';
    const out = fold(html);
    expect(out).not.toMatch(/onclick|ontoggle|<script|evil\.test/);
    // One fold of ours, around the mail's own (sanitized) details.
    expect(out.match(/class="tidings-quoted"/g)).toHaveLength(1);
    expect(out.indexOf('class="tidings-quoted"')).toBeLessThan(out.indexOf('gmail_quote'));
  });

  it('hostile input: many markers and deep nesting fold once, in one pass', () => {
    const many = `<p>Hi</p>${'<blockquote type="cite">q'.repeat(400)}${'</blockquote>'.repeat(400)}`;
    const out = fold(many);
    expect(out.match(/<details/g)).toHaveLength(1);
    const long = `<p>Hi</p><p>On ${'x '.repeat(50_000)} wrote:</p><p>kept</p>`;
    expect(fold(long)).not.toContain('<details');
  });
});

describe('quoted history folded in plain-text mail', () => {
  it.each([
    ['Outlook', 'Sounds good.\n\n-----Original Message-----\nFrom: Ann\nOld text'],
    ['Gmail', 'Sounds good.\n\nOn Mon, 1 May 2024 at 10:00, Ann <ann@x.test> wrote:\n> Old text'],
    [
      'Gmail, wrapped',
      'Sounds good.\n\nOn Mon, 1 May 2024 at 10:00, Ann Lee <ann@x.test>\nwrote:\n> Old text',
    ],
    ['quoted lines only', 'Sounds good.\n\n> Old text\n>\n> more'],
    ['forwarded', 'FYI\n\n---------- Forwarded message ---------\nFrom: Ann\nOld text'],
    ['signature', 'Sounds good.\n-- \nAnn Lee\nOld text'],
  ])('%s', (_name, text) => {
    const { shown, folded } = parts(renderFoldedText(text));
    expect(shown).toMatch(/^(Sounds good\.|FYI)$/);
    expect(folded).toContain('Old text');
  });

  it('leaves interleaved quoting, a text that is all quote, and long lines alone', () => {
    expect(textFoldLine(['> question', 'answer', '> question 2', 'answer 2'])).toBe(-1);
    expect(renderFoldedText('> all\n> quote')).not.toContain('<details');
    expect(textFoldLine([`On ${'x'.repeat(1000)} wrote:`])).toBe(-1);
  });

  it('escapes the text on both sides of the fold', () => {
    const out = renderFoldedText('<b>hi</b>\n-- \n<script>alert(1)</script>');
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
  });
});

describe('the reading pane’s document', () => {
  it('folds through the sanitizer worker, and the fold opens without script (<details>)', async () => {
    const rendered = await renderMessageBody({
      body: { contentType: 'html', content: '<p>New</p><div class="gmail_quote">Old</div>' },
      inlineImages: {},
      allowRemoteContent: false,
      foldQuotes: true,
    });
    expect(rendered.document).toMatch(/<details class="tidings-quoted"><summary[^>]*>…<\/summary>/);
    expect(rendered.document).toContain("script-src 'none'");
  });

  it('gives a compose quote the app’s scheme and font', async () => {
    const rendered = await renderMessageBody({
      body: { contentType: 'html', content: '<p style="font-family:Times;color:#000">Old</p>' },
      inlineImages: {},
      allowRemoteContent: false,
      frame: 'quote',
    });
    expect(rendered.document).toContain('color-scheme:light dark');
    expect(rendered.document).toContain('prefers-color-scheme:dark');
    expect(rendered.document).not.toContain('<details');
  });
});
