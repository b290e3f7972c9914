import { describe, expect, it } from 'vitest';
import { headerValue, listUnsubscribeUris, parseListUnsubscribe, parseMailto } from './unsubscribe-parse';

const ONE_CLICK = { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' };

describe('List-Unsubscribe (RFC 2369)', () => {
  it('lists the bracketed URIs in order, across folded lines, comments and stray text', () => {
    expect(
      listUnsubscribeUris(
        ' (Use this one) <https://news.example.com/u?id=1&x=2>,\r\n\t<mailto:leave@example.com?subject=stop> , junk, <ftp://x>',
      ),
    ).toEqual(['https://news.example.com/u?id=1&x=2', 'mailto:leave@example.com?subject=stop', 'ftp://x']);
    expect(listUnsubscribeUris('https://no-brackets.example.com')).toEqual([]);
    // Whitespace inside brackets is folding, not part of the URI.
    expect(listUnsubscribeUris('<https://news.example.com/\r\n  unsubscribe>')).toEqual([
      'https://news.example.com/unsubscribe',
    ]);
  });

  it('finds headers by name in any case, the first one of a name', () => {
    const headers = [
      { name: 'list-unsubscribe', value: '<https://a.example.com>' },
      { name: 'List-Unsubscribe', value: '<https://b.example.com>' },
    ];
    expect(headerValue(headers, 'List-Unsubscribe')).toBe('<https://a.example.com>');
    expect(headerValue(headers, 'List-Id')).toBeNull();
  });

  it('offers one-click only with List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058)', () => {
    const link = {
      name: 'List-Unsubscribe',
      value: '<mailto:l@example.com>, <https://news.example.com/u/1>',
    };
    const withPost = parseListUnsubscribe([link, ONE_CLICK]);
    expect(withPost.oneClick?.href).toBe('https://news.example.com/u/1');
    expect(withPost.mailto).toEqual({ address: 'l@example.com', subject: 'Unsubscribe', body: '' });
    expect(withPost.link?.href).toBe('https://news.example.com/u/1');

    expect(parseListUnsubscribe([link]).oneClick).toBeNull();
    expect(
      parseListUnsubscribe([link, { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=Yes' }]).oneClick,
    ).toBeNull();
    // http is accepted for one-click (the address check is what keeps it safe), never offered as a page.
    const http = parseListUnsubscribe([
      { name: 'List-Unsubscribe', value: '<http://news.example.com/u>' },
      ONE_CLICK,
    ]);
    expect(http.oneClick?.href).toBe('http://news.example.com/u');
    expect(http.link).toBeNull();
  });

  it('drops what is not http(s) or mailto:, and links that carry credentials', () => {
    const parsed = parseListUnsubscribe([
      {
        name: 'List-Unsubscribe',
        value:
          '<javascript:alert(1)>, <https://user:secret@news.example.com/u>, <data:text/html,hi>, <file:///etc/passwd>',
      },
      ONE_CLICK,
    ]);
    expect(parsed).toMatchObject({ oneClick: null, mailto: null, link: null });
  });

  it('names the list from List-Id when there is one', () => {
    const parsed = parseListUnsubscribe([
      { name: 'List-Id', value: '"Fabrikam Weekly" <weekly.fabrikam.example>' },
      { name: 'List-Unsubscribe', value: '<https://news.example.com/u>' },
    ]);
    expect(parsed.listName).toBe('Fabrikam Weekly');
    expect(parseListUnsubscribe([{ name: 'List-Id', value: '<only-an-id.example>' }]).listName).toBeNull();
  });

  it('answers nothing for a message without the header', () => {
    expect(parseListUnsubscribe([])).toEqual({ oneClick: null, mailto: null, link: null, listName: null });
  });
});

describe('mailto: unsubscribes (RFC 6068)', () => {
  it('takes the first address, the subject and the body the URI asks for', () => {
    expect(
      parseMailto('mailto:unsubscribe@lists.example.com?subject=Remove%20me&body=list%3Dweekly'),
    ).toEqual({
      address: 'unsubscribe@lists.example.com',
      subject: 'Remove me',
      body: 'list=weekly',
    });
    expect(parseMailto('mailto:a@example.com,b@example.com')?.address).toBe('a@example.com');
    expect(parseMailto('mailto:?to=c@example.com&subject=x')?.address).toBe('c@example.com');
  });

  it('refuses what is not an address, and strips control characters from subject and body', () => {
    expect(parseMailto('mailto:not-an-address')).toBeNull();
    expect(parseMailto('mailto:%E0%A4%A')).toBeNull();
    expect(parseMailto('https://example.com')).toBeNull();
    const odd = parseMailto('mailto:l@example.com?subject=a%0D%0ABcc:%20x@evil.example&body=b%00c');
    expect(odd?.subject).toBe('a Bcc: x@evil.example');
    expect(odd?.body).toBe('bc');
  });
});
