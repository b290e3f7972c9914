import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphMessage } from './graph-mail';
import { parseSearchQuery } from './search-query';

/*
 * The cache's full-text search on the database the tests run on (PGlite, or PostgreSQL in CI's second
 * pass), with messages written the way sync and opening a mail write them: the trigger of the
 * full_text_search migration keeps the search words.
 */

let db: typeof import('../db').db;
let cache: typeof import('./cache');
let lib: typeof import('./search-cache');
let adele: string;
let alex: string;

const message = (id: string, overrides: Partial<GraphMessage> = {}): GraphMessage => ({
  id,
  parentFolderId: 'inbox-id',
  conversationId: `conv-${id}`,
  subject: `Subject ${id}`,
  bodyPreview: '',
  from: { emailAddress: { name: 'Megan Bowen', address: 'meganb@contoso.test' } },
  toRecipients: [{ emailAddress: { name: 'Adele Vance', address: 'adelev@contoso.test' } }],
  ccRecipients: [],
  receivedDateTime: '2026-11-20T09:00:00.000Z',
  isRead: false,
  isDraft: false,
  flag: { flagStatus: 'notFlagged' },
  hasAttachments: false,
  importance: 'normal',
  changeKey: 'ck-1',
  ...overrides,
});

/** Caches a body as opening the mail does. */
const withBody = (userId: string, graphId: string, bodyContent: string, bodyType = 'html') =>
  db.mailMessage.update({
    where: { userId_graphId: { userId, graphId } },
    data: { bodyContent, bodyType, bodyFetchedAt: new Date() },
  });

const ids = async (userId: string, text: string, options: { folderGraphId?: string } = {}) =>
  (await lib.searchCache(userId, parseSearchQuery(text), options)).rows.map((r) => r.graphId).sort();

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  ({ db } = await import('../db'));
  cache = await import('./cache');
  lib = await import('./search-cache');
  const user = (tag: string) =>
    db.user.create({ data: { email: `${tag}-${crypto.randomUUID()}@contoso.test` } });
  adele = (await user('adele')).id;
  alex = (await user('alex')).id;
  await cache.upsertMessages(adele, [
    message('budget', {
      subject: 'Q3 budget review',
      bodyPreview: 'Numbers for the next quarter are attached.',
      hasAttachments: true,
      receivedDateTime: '2026-11-25T10:00:00.000Z',
    }),
    message('lunch', {
      subject: 'Lunch on Friday?',
      bodyPreview: 'Next week, the quarter ends.',
      from: { emailAddress: { name: 'Alex Wilber', address: 'alexw@fabrikam.test' } },
      ccRecipients: [{ emailAddress: { name: 'Lidia Holloway', address: 'lidiah@contoso.test' } }],
      isRead: true,
      receivedDateTime: '2026-11-24T10:00:00.000Z',
    }),
    message('html', { subject: 'Newsletter', parentFolderId: 'archive-id' }),
    message('plain', { subject: 'Plain text mail', flag: { flagStatus: 'flagged' } }),
  ]);
  await withBody(
    adele,
    'html',
    `<html><head><style>.hiddenstyleword { color: red }</style></head><body>
      <!--[if mso]><p>msoconditionalword</p><![endif]-->
      <p class="attrclassword">The <b>zanzibar</b>&nbsp;itinerary&amp;tickets</p>
      <script>scriptonlyword()</script><a href="https://example.test/linkpathword">here</a></body></html>`,
  );
  await withBody(adele, 'plain', 'A <b> is kept as text: quokka sightings', 'text');
  // Alex's mail says the same words: never found in Adele's search.
  await cache.upsertMessages(alex, [
    message('alex-budget', { subject: 'Q3 budget review', bodyPreview: 'zanzibar quokka' }),
  ]);
});

describe('searchCache with full-text search', () => {
  it('finds whole words and words by their beginning, in any case', async () => {
    expect(await ids(adele, 'budget')).toEqual(['budget']);
    expect(await ids(adele, 'BUDG')).toEqual(['budget']);
    expect(await ids(adele, 'q3 review')).toEqual(['budget']);
    // Full-text search matches words from their start, not inside them.
    expect(await ids(adele, 'udget')).toEqual([]);
  });

  it('matches a quoted phrase only with its words next to each other and in order', async () => {
    expect(await ids(adele, '"next quarter"')).toEqual(['budget']);
    expect(await ids(adele, 'next quarter')).toEqual(['budget', 'lunch']);
    expect(await ids(adele, '"quarter next"')).toEqual([]);
  });

  it('finds a word only in a cached body, of the text of HTML, not of its markup, styles or scripts', async () => {
    expect(await ids(adele, 'zanzibar')).toEqual(['html']);
    expect(await ids(adele, '"zanzibar itinerary tickets"')).toEqual(['html']);
    expect(await ids(adele, 'quokka')).toEqual(['plain']);
    for (const hidden of ['hiddenstyleword', 'msoconditionalword', 'attrclassword', 'scriptonlyword', 'nbsp'])
      expect(await ids(adele, hidden)).toEqual([]);
  });

  it('narrows from:, to: (To and Cc) and subject: to their field', async () => {
    expect(await ids(adele, 'from:megan')).toEqual(['budget', 'html', 'plain']);
    expect(await ids(adele, 'from:alexw@fabrikam.test')).toEqual(['lunch']);
    expect(await ids(adele, 'from:"Alex Wilber"')).toEqual(['lunch']);
    expect(await ids(adele, 'to:lidia')).toEqual(['lunch']);
    expect(await ids(adele, 'to:adelev@contoso.test')).toEqual(['budget', 'html', 'lunch', 'plain']);
    expect(await ids(adele, 'subject:"budget review"')).toEqual(['budget']);
    expect(await ids(adele, 'subject:numbers')).toEqual([]);
    // A free word does not match recipients: every mail is to its reader.
    expect(await ids(adele, 'adele')).toEqual([]);
  });

  it('combines words with has:, is:, in: and dates', async () => {
    expect(await ids(adele, 'quarter has:attachment')).toEqual(['budget']);
    expect(await ids(adele, 'quarter is:read')).toEqual(['lunch']);
    expect(await ids(adele, 'is:flagged')).toEqual(['plain']);
    expect(await ids(adele, 'newsletter', { folderGraphId: 'archive-id' })).toEqual(['html']);
    expect(await ids(adele, 'newsletter', { folderGraphId: 'inbox-id' })).toEqual([]);
    expect(await ids(adele, 'quarter after:2026-11-25')).toEqual(['budget']);
    expect(await ids(adele, 'quarter before:2026-11-25')).toEqual(['lunch']);
  });

  it('never returns another person’s mail', async () => {
    expect(await ids(alex, 'zanzibar')).toEqual(['alex-budget']);
    expect(await ids(alex, 'from:megan')).toEqual(['alex-budget']);
    expect(await ids(adele, 'quokka')).not.toContain('alex-budget');
  });

  it('answers hostile input without an error', async () => {
    for (const text of [
      `'&|!():*<->`,
      `budget' & !x`,
      `a:* | b`,
      `\\' OR 1=1 --`,
      `"<->" ('a')`,
      `from:'; DROP TABLE "MailMessage"; --`,
      `${'é'.repeat(300)}`,
      '\u0000 \uFFFD \u202E',
      '🎉',
    ])
      await expect(lib.searchCache(adele, parseSearchQuery(text))).resolves.toBeDefined();
    expect(await ids(adele, `budget' & !(`)).toEqual(['budget']);
  });

  it('keeps the words in step with the message: a new subject is found, a read mark changes nothing', async () => {
    await cache.upsertMessages(adele, [message('renamed', { subject: 'Before' })]);
    await cache.upsertMessages(adele, [message('renamed', { subject: 'After' })]);
    expect(await ids(adele, 'after')).toEqual(['renamed']);
    expect(await ids(adele, 'before')).toEqual([]);
    const vector = () =>
      db.$queryRaw<{ v: string }[]>`
        SELECT "searchVector"::text AS v FROM "MailMessage" WHERE "userId" = ${adele} AND "graphId" = 'renamed'`;
    const before = await vector();
    await cache.upsertMessages(adele, [message('renamed', { subject: 'After', isRead: true })]);
    expect(await vector()).toEqual(before);
  });
});

describe('keyset pages of search results', () => {
  it('pages through equal timestamps with no result twice and none left out', async () => {
    const same = '2026-10-01T08:00:00.000Z';
    const tied = Array.from({ length: 11 }, (_, i) => `tie-${String(i).padStart(2, '0')}`);
    await cache.upsertMessages(
      adele,
      tied.map((id, i) =>
        message(id, {
          subject: 'Weekly pelican report',
          // Two instants shared by many, and one message a day later.
          receivedDateTime: i === 10 ? '2026-10-02T08:00:00.000Z' : i % 2 ? same : '2026-09-30T08:00:00.000Z',
        }),
      ),
    );
    const seen: string[] = [];
    let after: import('./search-cache').SearchPosition | null = null;
    for (let page = 0; page < 10; page++) {
      const { rows, more } = await lib.searchCache(adele, parseSearchQuery('pelican'), { limit: 3, after });
      seen.push(...rows.map((r) => r.graphId));
      const last = rows.at(-1);
      if (!more || !last) break;
      after = lib.positionOf(last);
    }
    const expected = await db.mailMessage.findMany({
      where: { userId: adele, graphId: { in: tied } },
      orderBy: [{ receivedAt: 'desc' }, { graphId: 'desc' }],
      select: { graphId: true },
    });
    expect(seen).toEqual(expected.map((m) => m.graphId));
    expect(new Set(seen).size).toBe(11);
  });
});
