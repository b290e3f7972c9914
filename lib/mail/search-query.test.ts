import { describe, expect, it } from 'vitest';
import { isEmptyQuery, parseSearchQuery, toKql } from './search-query';

describe('parsing a search as Outlook reads it', () => {
  it('reads every operator, words and quoted phrases', () => {
    expect(
      parseSearchQuery(
        'from:Megan to:alex@contoso.test subject:"Budget review" has:attachment is:unread is:flagged in:Archive after:2026-11-01 before:2026-12-01 invoice "next quarter"',
      ),
    ).toEqual({
      words: ['invoice'],
      phrases: ['next quarter'],
      from: ['megan'],
      to: ['alex@contoso.test'],
      subject: ['budget review'],
      hasAttachment: true,
      unread: true,
      flagged: true,
      folder: 'archive',
      after: '2026-11-01',
      before: '2026-12-01',
      problems: [],
    });
  });

  it('is:read asks for read mail; operators are case-insensitive; a lone quoted word is a word', () => {
    expect(parseSearchQuery('IS:READ From:megan "budget"')).toMatchObject({
      unread: false,
      from: ['megan'],
      words: ['budget'],
      phrases: [],
    });
  });

  it('keeps what it cannot read as words and says why, never dropping it', () => {
    const query = parseSearchQuery('meeting at 10:30 has:pdf before:yesterday is:important from:');
    expect(query.words).toEqual(['meeting', 'at', '10:30']);
    expect(query.problems).toHaveLength(4);
    expect(query.problems.join(' ')).toMatch(/has:pdf.*has:attachment/);
    expect(query.problems.join(' ')).toMatch(/before:yesterday.*2026-11-30/);
    expect(query.before).toBeUndefined();
    expect(parseSearchQuery('after:2026-02-30').problems).toHaveLength(1);
  });

  it('knows an empty search', () => {
    expect(isEmptyQuery(parseSearchQuery('   '))).toBe(true);
    expect(isEmptyQuery(parseSearchQuery('is:unread'))).toBe(false);
  });
});

describe('the same search in KQL for Graph', () => {
  it('uses Graph’s message properties, quotes phrases, and leaves out what KQL cannot say', () => {
    expect(
      toKql(
        parseSearchQuery(
          'from:megan subject:"budget review" has:attachment after:2026-11-01 before:2026-12-01 invoice "next quarter" is:unread in:archive',
        ),
      ),
    ).toBe(
      'invoice AND "next quarter" AND from:megan AND subject:"budget review" AND hasAttachments:true AND received>=2026-11-01 AND received<2026-12-01',
    );
  });

  it('cannot be broken out of by quotes or backslashes in what was typed', () => {
    // The quote ends at the backslash; what follows is words, lower-cased: "or" is a word, not KQL's OR.
    expect(toKql(parseSearchQuery('subject:"a\\" OR b"'))).toBe('or AND b AND subject:a');
    expect(toKql(parseSearchQuery('from:x"y'))).toBe('from:"x y"');
  });
});
