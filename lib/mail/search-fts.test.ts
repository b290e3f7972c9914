import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pgSeparatorClass, searchWords, toTsquery } from './search-fts';
import { parseSearchQuery } from './search-query';

const tsquery = (text: string) => toTsquery(parseSearchQuery(text));

describe('searchWords', () => {
  it('splits on punctuation, symbols, dashes, curly quotes, bidi controls and emoji, keeping letters of any script', () => {
    expect(searchWords('meganb@contoso.com')).toEqual(['meganb', 'contoso', 'com']);
    expect(searchWords('Q3-budget—“final” naïve 東京 invoice\u202Efdp 🎉party')).toEqual([
      'Q3',
      'budget',
      'final',
      'naïve',
      '東京',
      'invoice',
      'fdp',
      'party',
    ]);
    expect(searchWords(`'&|!():*<->\\"`)).toEqual([]);
  });
});

describe('toTsquery', () => {
  it('makes every free word a prefix over subject, sender, preview and body', () => {
    expect(tsquery('Budg report')).toEqual({ kind: 'tsquery', tsquery: "'budg':*ABD & 'report':*ABD" });
  });

  it('puts the words of a phrase or of a punctuated word next to each other, the last a prefix', () => {
    expect(tsquery('"next quarter" q3-budget')).toEqual({
      kind: 'tsquery',
      tsquery: "('q3':ABD <-> 'budget':*ABD) & ('next':ABD <-> 'quarter':*ABD)",
    });
  });

  it('narrows from:, to: and subject: to their weight', () => {
    expect(tsquery('from:megan to:"Adele Vance" subject:budget')).toEqual({
      kind: 'tsquery',
      tsquery: "'megan':*B & ('adele':C <-> 'vance':*C) & 'budget':*A",
    });
  });

  it('has no text condition for filters only, and none that can match for a term without words', () => {
    expect(tsquery('is:unread has:attachment in:inbox after:2026-01-01')).toEqual({ kind: 'any' });
    expect(tsquery('budget from:@')).toEqual({ kind: 'none' });
    expect(tsquery('&& -')).toEqual({ kind: 'none' });
    expect(tsquery('budget & more')).toEqual({ kind: 'tsquery', tsquery: "'budget':*ABD & 'more':*ABD" });
  });

  it('leaves nothing of hostile input that tsquery or SQL could read as syntax', () => {
    for (const text of [
      `'&|!():*<->`,
      `budget' & !x`,
      `a:* | b`,
      `x\\' OR 1=1 --`,
      `"<->" ('a')`,
      `from:'; DROP TABLE "MailMessage"; --`,
    ]) {
      const match = tsquery(text);
      if (match.kind !== 'tsquery') continue;
      // Each operand is a quoted run of letters and digits with its label; only &, <-> and parentheses join them.
      const operands = match.tsquery.replace(/[()]/g, '').split(/ & | <-> /);
      for (const operand of operands) expect(operand).toMatch(/^'[\p{L}\p{N}]+':\*?(ABD|A|B|C)$/u);
    }
  });

  it('clips a very long word to a prefix and caps the number of words', () => {
    const long = 'x'.repeat(500);
    expect(tsquery(long)).toEqual({ kind: 'tsquery', tsquery: `'${'x'.repeat(100)}':*ABD` });
    const many = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    const match = tsquery(many);
    expect(match.kind === 'tsquery' && match.tsquery.split(' & ').length).toBe(64);
  });
});

describe('the migration', () => {
  it('splits mail into words on exactly the characters the query is split on', async () => {
    const dir = path.join(process.cwd(), 'prisma', 'migrations');
    const name = (await readdir(dir)).find((entry) => entry.endsWith('_full_text_search'));
    const sql = await readFile(path.join(dir, name ?? '', 'migration.sql'), 'utf8');
    expect(sql).toContain(`regexp_replace(coalesce(input, ''), '${pgSeparatorClass()}', ' ', 'g')`);
  });
});
