import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { sanitizeForEditor } from './editor-html';

const { window } = new JSDOM('');
const purify = createDOMPurify(window);
const clean = (html: string) => sanitizeForEditor(html, purify);

describe('HTML fed to the compose editor', () => {
  it('keeps what a person writes: paragraphs, lists, emphasis and links', () => {
    const html =
      '<p>Hi <b>all</b>, <em>see</em> <a href="https://example.com/a">this</a></p><ul><li>one</li></ul>';
    expect(clean(html)).toBe(html);
  });

  it.each([
    ['<img src=x onerror="alert(1)">', /img|onerror/],
    ['<p onclick="alert(1)">x</p>', /onclick/],
    ['<a href="javascript:alert(1)">x</a>', /javascript/],
    ['<a href=" jAvAsCrIpT:alert(1)">x</a>', /javascript/i],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', /data:|script/],
    ['<svg><script>alert(1)</script></svg>', /svg|script|alert/],
    ['<style>p{background:url(//evil.example/x)}</style><p>x</p>', /style|evil/],
    ['<p style="background:url(//evil.example/x)">x</p>', /style|evil/],
    ['<iframe srcdoc="<script>alert(1)</script>"></iframe>', /iframe|script/],
    ['<form action="https://evil.example"><button>Go</button></form>', /form|button|evil/],
    ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', /img|onerror/],
    ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">', /onerror/],
    ['<a href="https://ok.example" target="_top" id="x" class="y">x</a>', /target|id=|class=/],
  ])('drops %s', (html, forbidden) => {
    expect(clean(html)).not.toMatch(forbidden);
  });
});
