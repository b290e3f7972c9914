import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { db } from '../db';
import { listFolders, upsertMessages } from './cache';
import { type MessageRow, toSummaryDto } from './dto';
import { type GraphMessage, type GraphSearchPaging, searchMessages } from './graph-mail';
import { comesBefore, positionOf, type SearchPosition, searchCache } from './search-cache';
import { parseSearchQuery, type SearchQuery, toKql } from './search-query';
import type { SearchHitDto, SearchHitSource, SearchResultDto } from './types';

/*
 * Search with Outlook's operators (lib/mail/search-query.ts), a page at a time, newest first:
 * - `cache`: the cache's full-text search (search-cache.ts), keyset pages;
 * - `graph`: Microsoft 365's search (KQL $search) merged with the cache's by date, each message once and
 *   marked with where it was found. Graph pages by its nextLink (1,000 results at most, sorted by date);
 *   the cursor says where both streams stand: the last result shown, and the Graph page holding results
 *   not shown yet. Graph cannot say unread, read or flagged in KQL: its results are filtered here.
 * A cursor holds no link or SQL: a position and Graph's own paging value, validated when read back.
 */

export const SEARCH_PAGE_SIZE = 25;
/** Graph pages read for one page of results at most (is:unread or a cursor inside a page leaves few). */
const MAX_GRAPH_PAGES = 3;

const positionSchema = z.tuple([
  z.string().refine((text) => !Number.isNaN(Date.parse(text))),
  z.string().min(1).max(1_000),
]);
const cursorSchema = z.object({
  /** The last result shown: results strictly after it follow. */
  a: positionSchema.nullable(),
  /** Graph's stream (merged searches only): the page to read next (null: its first), or done. */
  g: z
    .union([z.literal('done'), z.tuple([z.enum(['$skiptoken', '$skip']), z.string().max(4_000)])])
    .nullable()
    .optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(raw: string): Cursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const toPosition = (at: Cursor['a']): SearchPosition | null =>
  at ? { receivedAt: new Date(at[0]).toISOString(), graphId: at[1] } : null;
const fromPosition = (row: MessageRow): Cursor['a'] => {
  const { receivedAt, graphId } = positionOf(row);
  return [receivedAt, graphId];
};

const hit = (row: MessageRow, source: SearchHitSource): SearchHitDto => ({ ...toSummaryDto(row), source });

export async function search(
  userId: string,
  text: string,
  source: 'cache' | 'graph',
  rawCursor: string | null = null,
): Promise<SearchResultDto> {
  const query = parseSearchQuery(text);
  const problems = query.problems.length > 0 ? query.problems : undefined;
  const cursor = rawCursor === null ? null : decodeCursor(rawCursor);
  if (rawCursor !== null && !cursor)
    throw new ApiError(400, 'invalid_request', 'cursor: not a cursor this search handed out');
  let folderGraphId: string | undefined;
  if (query.folder) {
    const wanted = query.folder;
    const folders = await listFolders(userId);
    const folder =
      folders.find((f) => f.wellKnownName === wanted) ??
      folders.find((f) => f.displayName.toLowerCase() === wanted);
    if (!folder)
      return {
        source,
        messages: [],
        problems: [...(problems ?? []), `There is no folder called “${wanted}”.`],
        nextCursor: null,
      };
    folderGraphId = folder.graphId;
  }
  const kql = toKql(query);
  // Nothing KQL can carry (only is: or in:): the cache's answer is the whole answer.
  const page =
    source === 'graph' && kql
      ? await mergedPage(userId, query, kql, folderGraphId, cursor)
      : await cachePage(userId, query, folderGraphId, cursor);
  return { source, ...page, problems };
}

async function cachePage(
  userId: string,
  query: SearchQuery,
  folderGraphId: string | undefined,
  cursor: Cursor | null,
) {
  const after = toPosition(cursor?.a ?? null);
  const { rows, more } = await searchCache(userId, query, { folderGraphId, limit: SEARCH_PAGE_SIZE, after });
  const last = rows.at(-1);
  return {
    messages: rows.map((row) => hit(row, 'cache')),
    nextCursor: more && last ? encodeCursor({ a: fromPosition(last) }) : null,
  };
}

const graphPosition = (message: GraphMessage): SearchPosition => ({
  receivedAt: new Date(message.receivedDateTime).toISOString(),
  graphId: message.id,
});

interface GraphPage {
  paging: GraphSearchPaging | null;
  messages: GraphMessage[];
}

async function mergedPage(
  userId: string,
  query: SearchQuery,
  kql: string,
  folderGraphId: string | undefined,
  cursor: Cursor | null,
) {
  const after = toPosition(cursor?.a ?? null);
  const isAfter = (position: SearchPosition) => !after || comesBefore(after, position);
  // The cache first, before Graph's results are written to it, so "both" means the cache found it too.
  const cached = await searchCache(userId, query, { folderGraphId, limit: SEARCH_PAGE_SIZE, after });

  const pages: GraphPage[] = [];
  let graphNext: GraphSearchPaging | null = null;
  const start = cursor?.g ?? null;
  if (start !== 'done') {
    let paging: GraphSearchPaging | null = start;
    for (let read = 0; read < MAX_GRAPH_PAGES; read += 1) {
      const found = await searchMessages(userId, kql, { folderId: folderGraphId, paging });
      pages.push({ paging, messages: found.messages });
      graphNext = found.next;
      // Enough for a page once is:unread/read/flagged (which KQL cannot say) have had their say.
      const unseen = pages
        .flatMap((p) => p.messages)
        .filter(
          (m) =>
            isAfter(graphPosition(m)) &&
            (query.unread === undefined || (m.isRead ?? false) === !query.unread) &&
            (!query.flagged || m.flag?.flagStatus === 'flagged'),
        );
      if (!graphNext || unseen.length >= SEARCH_PAGE_SIZE) break;
      paging = graphNext;
    }
  }
  const fetched = pages.flatMap((p) => p.messages);
  // Written to the cache, so a result only Graph knew can be opened like any other; then every result is
  // read back as it now stands (Graph's version may be newer: read elsewhere since the last sync).
  await upsertMessages(userId, fetched);
  const inCache = new Set(cached.rows.map((row) => row.graphId));
  const inGraph = new Set(fetched.map((m) => m.id));
  const rows = await db.mailMessage.findMany({
    where: {
      userId,
      graphId: { in: [...new Set([...inCache, ...inGraph])] },
      ...(query.unread === undefined ? {} : { isRead: !query.unread }),
      ...(query.flagged ? { flagStatus: 'flagged' } : {}),
    },
    omit: { bodyContent: true, attachments: true },
  });
  const ordered = rows
    .filter((row) => isAfter(positionOf(row)))
    .map((row) => ({ row, cache: inCache.has(row.graphId), graph: inGraph.has(row.graphId) }))
    .sort((a, b) => (comesBefore(positionOf(a.row), positionOf(b.row)) ? -1 : 1));
  // While Graph has further pages, nothing older than the last result it gave can be placed yet.
  const lastPage = pages.at(-1)?.messages ?? [];
  const oldestRead = graphNext
    ? lastPage
        .map(graphPosition)
        .reduce<SearchPosition | null>(
          (oldest, p) => (oldest === null || comesBefore(oldest, p) ? p : oldest),
          null,
        )
    : null;
  const placeable = oldestRead
    ? ordered.filter((entry) => !comesBefore(oldestRead, positionOf(entry.row)))
    : ordered;
  const shown = placeable.slice(0, SEARCH_PAGE_SIZE);
  const more = ordered.length > shown.length || cached.more || graphNext !== null;
  const last = shown.at(-1)?.row;
  // Graph resumes at the first page read that still holds a result after the last one shown; when
  // nothing could be shown, what was read held nothing to show (filtered out), and Graph moves on.
  const lastShown = last ? positionOf(last) : after;
  const resumeAt = pages.find((p) =>
    p.messages.some((m) => !lastShown || comesBefore(lastShown, graphPosition(m))),
  );
  const graphCursor: Cursor['g'] =
    start === 'done' ? 'done' : last && resumeAt ? resumeAt.paging : (graphNext ?? 'done');
  return {
    messages: shown.map(({ row, cache, graph }) =>
      hit(row, cache && graph ? 'both' : graph ? 'graph' : 'cache'),
    ),
    nextCursor: more
      ? encodeCursor({ a: last ? fromPosition(last) : (cursor?.a ?? null), g: graphCursor })
      : null,
  };
}
