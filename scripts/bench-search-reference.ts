import type { db as appDb } from '../lib/db';
import type { Prisma } from '../lib/generated/prisma/client';
import type { SearchQuery } from '../lib/mail/search-query';

/*
 * The reference for scripts/bench-search.ts: the cache search as it was before full-text search (commit
 * 9fdad05, lib/mail/cache.ts), kept here only to be timed beside it on the same data. Every word and phrase
 * a case-insensitive substring (ILIKE) of the subject, sender, preview or cached body; to: through the
 * recipients' JSON as text; walks the mailbox newest first and stops after 25.
 */

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function recipientMatches(db: typeof appDb, userId: string, terms: string[]): Promise<string[]> {
  let ids: Set<string> | undefined;
  for (const term of terms) {
    const rows = await db.$queryRaw<{ graphId: string }[]>`
      SELECT "graphId" FROM "MailMessage"
      WHERE "userId" = ${userId} AND "toRecipients"::text ILIKE ${likePattern(term)}`;
    const found = new Set(rows.map((r) => r.graphId));
    const before: Set<string> | undefined = ids;
    ids = before === undefined ? found : new Set([...before].filter((id) => found.has(id)));
  }
  return [...(ids ?? [])];
}

export async function searchByContains(
  db: typeof appDb,
  userId: string,
  query: SearchQuery,
  { folderGraphId, limit = 25 }: { folderGraphId?: string; limit?: number } = {},
) {
  const contains = (text: string) => ({ contains: text, mode: 'insensitive' as const });
  const anywhere = (text: string): Prisma.MailMessageWhereInput => ({
    OR: [
      { subject: contains(text) },
      { fromName: contains(text) },
      { fromAddress: contains(text) },
      { preview: contains(text) },
      { bodyContent: contains(text) },
    ],
  });
  const and: Prisma.MailMessageWhereInput[] = [
    ...[...query.words, ...query.phrases].map(anywhere),
    ...query.from.map((text) => ({ OR: [{ fromName: contains(text) }, { fromAddress: contains(text) }] })),
    ...query.subject.map((text) => ({ subject: contains(text) })),
  ];
  if (query.to.length > 0) and.push({ graphId: { in: await recipientMatches(db, userId, query.to) } });
  if (query.hasAttachment) and.push({ hasAttachments: true });
  if (query.unread !== undefined) and.push({ isRead: !query.unread });
  if (query.flagged) and.push({ flagStatus: 'flagged' });
  if (folderGraphId) and.push({ folderGraphId });
  if (query.after) and.push({ receivedAt: { gte: new Date(`${query.after}T00:00:00Z`) } });
  if (query.before) and.push({ receivedAt: { lt: new Date(`${query.before}T00:00:00Z`) } });
  return db.mailMessage.findMany({
    where: { userId, AND: and },
    orderBy: [{ receivedAt: 'desc' }, { graphId: 'desc' }],
    take: limit,
    omit: { bodyContent: true, attachments: true },
  });
}
