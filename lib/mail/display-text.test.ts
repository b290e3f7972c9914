import { describe, expect, it } from 'vitest';
import { displayText, fileNameParts } from './display-text';

describe('header fields as shown', () => {
  it('removes bidi overrides, isolates and marks, so the real order shows', () => {
    expect(displayText('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(displayText('\u2067Pay\u2069 \u202Bnow\u202C \u200Fok\u200E \u061Cx')).toBe('Pay now ok x');
  });

  it('removes control characters but keeps ordinary right-to-left text', () => {
    expect(displayText('a\u0000b\u001Bc\u0085d')).toBe('abcd');
    expect(displayText('שלום עולם')).toBe('שלום עולם');
  });

  it('keeps the real extension of an attachment apart from its name', () => {
    expect(fileNameParts('invoice\u202Efdp.exe')).toEqual({ base: 'invoicefdp', extension: '.exe' });
    expect(fileNameParts('report.final.pdf')).toEqual({ base: 'report.final', extension: '.pdf' });
    expect(fileNameParts('README')).toEqual({ base: 'README', extension: '' });
    expect(fileNameParts('.bashrc')).toEqual({ base: '.bashrc', extension: '' });
  });
});
