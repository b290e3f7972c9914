import { describe, expect, it } from 'vitest';
import {
  fromCidReferences,
  inlineImageUrl,
  parseInlineImageUrl,
  toCidReferences,
} from './compose-inline-html';

const draft = 'AAMkAD/abc+def==';
const url = inlineImageUrl(draft, '0a1b@tidings');

describe('inline pictures between the editor and Graph', () => {
  it('names the draft and Content-ID in a URL of our route, and nothing else', () => {
    expect(url).toBe('/api/drafts/AAMkAD%2Fabc%2Bdef%3D%3D/inline/0a1b%40tidings');
    expect(parseInlineImageUrl(url)).toEqual({ draftId: draft, contentId: '0a1b@tidings' });
    expect(parseInlineImageUrl('https://app.example/api/drafts/a/inline/b')).toBeNull();
    expect(parseInlineImageUrl('/api/drafts/a/inline/b?x=1')).toBeNull();
    expect(parseInlineImageUrl('/api/drafts/a/inline/%E0%A4%A')).toBeNull();
  });

  it('saves the editor’s pictures as cid: references and shows them again from the route', () => {
    const editor = `<p>Chart:</p><img src="${url}" alt="chart.png"><p>end</p>`;
    const saved = toCidReferences(editor, draft);
    expect(saved).toBe('<p>Chart:</p><img src="cid:0a1b@tidings" alt="chart.png"><p>end</p>');
    expect(fromCidReferences(saved, draft, new Set(['0a1b@tidings']))).toBe(editor);
  });

  it('drops a picture of another draft and leaves other HTML alone', () => {
    const other = inlineImageUrl('another', 'x@tidings');
    expect(toCidReferences(`<p>a<img src="${other}">b</p>`, draft)).toBe('<p>ab</p>');
    const plain = '<p>No pictures, just /inline/ text and <a href="https://x.example">a link</a></p>';
    expect(toCidReferences(plain, draft)).toBe(plain);
  });

  it('reads cid: references written by Outlook (angle brackets, single quotes, escaped)', () => {
    const ids = new Set(['image001.png@01d9', 'id"x']);
    expect(fromCidReferences("<img src='cid:image001.png@01D9' width=10>", draft, ids)).toBe(
      `<img src="${inlineImageUrl(draft, 'image001.png@01D9')}" width=10>`,
    );
    expect(fromCidReferences('<img src="cid:%3Cid%22x%3E">', draft, ids)).toBe(
      `<img src="${inlineImageUrl(draft, 'id"x')}">`,
    );
  });

  it('drops a cid: picture the draft holds no inline attachment for', () => {
    const html = '<p>a<img src="cid:logo">b<img src="cid:0a1b@tidings"></p>';
    expect(fromCidReferences(html, draft, new Set(['0a1b@tidings']))).toBe(`<p>ab<img src="${url}"></p>`);
    expect(fromCidReferences(html, draft, new Set())).toBe('<p>ab</p>');
  });
});
