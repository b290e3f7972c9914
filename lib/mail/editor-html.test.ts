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

describe('pictures in the compose editor', () => {
  const own = '/api/drafts/AAMk%3D%3D/inline/0a1b2c%40tidings';

  it('keeps a draft’s own inline picture, with its alt text', () => {
    expect(clean(`<p>See <img src="${own}" alt="chart.png"></p>`)).toBe(
      `<p>See <img src="${own}" alt="chart.png"></p>`,
    );
  });

  it.each([
    ['https://tracker.example/pixel.gif'],
    ['//tracker.example/pixel.gif'],
    ['http://10.0.0.1/x.png'],
    ['data:image/png;base64,iVBORw0KGgo='],
    ['cid:image001.png@01D9'],
    ['blob:https://evil.example/1234'],
    ['/api/messages/x/attachments/y'],
    ['/api/drafts/x/inline/y/../../../messages'],
    [' javascript:alert(1)'],
  ])('drops an image from %s, element and all', (src) => {
    const out = clean(`<p>before<img src="${src}" alt="a">after</p>`);
    expect(out).toBe('<p>beforeafter</p>');
  });

  it('drops remote images from pasted HTML but keeps its text and links', () => {
    const pasted =
      '<div><img src="https://news.example/hero.jpg"><p>Read <a href="https://news.example/a">this</a></p></div>';
    expect(clean(pasted)).toBe('<div><p>Read <a href="https://news.example/a">this</a></p></div>');
  });

  it('keeps no src on anything but an image, and no link to the app’s own API', () => {
    expect(clean(`<p src="${own}">x</p><a href="${own}">y</a>`)).toBe('<p>x</p><a>y</a>');
  });

  it('leaves the page’s sanitizer as it found it (no hooks left behind)', () => {
    clean(`<img src="${own}">`);
    expect(purify.sanitize('<img src="https://a.example/x.png">')).toContain('https://a.example/x.png');
  });
});
