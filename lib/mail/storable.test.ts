import { describe, expect, it } from 'vitest';
import { storable } from './storable';

describe('values on their way to the database', () => {
  it('lose U+0000 in every string, however deep, and keep everything else', () => {
    const when = new Date(0);
    expect(storable({ subject: 'a\u0000b', to: [{ name: '\u0000x' }], n: 1, when, none: null })).toEqual({
      subject: 'a\uFFFDb',
      to: [{ name: '\uFFFDx' }],
      n: 1,
      when,
      none: null,
    });
  });
});
