import { describe, expect, it } from 'vitest';
import { htmlToText, MAX_FALLBACK_TEXT } from './sanitize-text';

describe('htmlToText', () => {
  it('keeps the words and line structure, drops what is not shown', () => {
    const html =
      '<html><head><title>Subject</title><style>p{color:red}</style></head><body>' +
      '<p>Hello &amp; <b>welcome</b>,&nbsp;Megan</p><p>Line<br>two</p>' +
      '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>' +
      '<script>alert(1)</script><!-- hidden -->&lt;3 &#8220;quoted&#x201D; <a href="x>y">link</a></body></html>';
    expect(htmlToText(html)).toBe('Hello & welcome, Megan\n\nLine\ntwo\n\na\tb\nc\n\n<3 “quoted” link');
  });

  it('removes bidi overrides, literal or encoded', () => {
    expect(htmlToText('invoice\u202Efdp.exe and &#x202e;gnp.js')).toBe('invoicefdp.exe and gnp.js');
  });

  it('reads past an unclosed <head>, not past an unclosed <style>', () => {
    expect(htmlToText('<head><p>Visible')).toBe('Visible');
    expect(htmlToText('<p>Before</p><style>p{} Hidden')).toBe('Before');
  });

  it('caps its output, whatever the input', () => {
    const text = htmlToText(`<p>${'word '.repeat(100_000)}</p>`);
    expect(text.length).toBeLessThanOrEqual(MAX_FALLBACK_TEXT + 10);
    expect(text.endsWith('[…]')).toBe(true);
  });

  it('reads only the first part of the input when told to', () => {
    expect(htmlToText(`<p>Start</p>${'<div>x</div>'.repeat(10_000)}<p>End</p>`, 1_000)).not.toContain('End');
  });

  it('survives markup built to make a scanner backtrack', () => {
    for (const html of [
      '<td>'.repeat(200_000),
      `<p ${'a="1" '.repeat(100_000)}>x`,
      '</'.repeat(200_000),
      '<'.repeat(200_000),
      `<a href="${'"'.repeat(100_000)}`,
    ]) {
      expect(typeof htmlToText(html)).toBe('string');
    }
  });
});
