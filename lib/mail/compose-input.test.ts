import { describe, expect, it } from 'vitest';
import { draftInputSchema } from './compose-input';

describe('draft input', () => {
  it('accepts addresses, subject and body', () => {
    expect(
      draftInputSchema.parse({ to: [' alex@contoso.test '], subject: 'Hi', bodyHtml: '<p>Hi</p>' }),
    ).toEqual({
      to: ['alex@contoso.test'],
      subject: 'Hi',
      bodyHtml: '<p>Hi</p>',
    });
  });

  it('names each invalid address and where it is', () => {
    const result = draftInputSchema.safeParse({ to: ['alex@contoso.test', 'bob@'], cc: ['not an address'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'to.1: "bob@" is not a valid email address',
      'cc.0: "not an address" is not a valid email address',
    ]);
  });

  it('refuses unknown fields', () => {
    expect(draftInputSchema.safeParse({ from: 'ceo@contoso.test' }).success).toBe(false);
  });
});
