import 'server-only';
import { z } from 'zod';
import { withGraph } from '../graph/client';
import { GraphRequestError } from '../graph/errors';
import { logger } from '../logger';
import { processSingleton } from '../process-singleton';
import { categoryColor } from './category-colors';
import { updateMessage } from './messages';
import type { CategoryListDto, MessageSummaryDto } from './types';

/*
 * Outlook categories: the mailbox's master list (names and colours, read from Graph and kept a short while
 * per person, since every open tab asks for it and it rarely changes) and setting a message's categories.
 */

/** How long a master list read from Graph is served again before it is asked for anew. */
const LIST_TTL_MS = 60_000;

const masterCategories = z.object({
  value: z.array(z.object({ id: z.string(), displayName: z.string(), color: z.string().nullish() })),
});

const cached = processSingleton(
  'masterCategories',
  () => new Map<string, { at: number; list: Promise<CategoryListDto> }>(),
);

async function fetchCategories(userId: string): Promise<CategoryListDto> {
  try {
    const body = await withGraph(userId, async (client) =>
      masterCategories.parse(await client.api('/me/outlook/masterCategories').get()),
    );
    return {
      available: true,
      categories: body.value.map((c) => ({
        id: c.id,
        displayName: c.displayName,
        color: categoryColor(c.color),
      })),
    };
  } catch (error) {
    // A sign-in from before Tidings asked for MailboxSettings may not read the list: names still show.
    if (error instanceof GraphRequestError && error.status === 403) {
      logger.warn('master categories not readable with this sign-in', { userId });
      return { available: false, categories: [] };
    }
    throw error;
  }
}

/** The mailbox's master categories with their colours (from Graph at most once a minute per person). */
export function listCategories(userId: string, now: number = Date.now()): Promise<CategoryListDto> {
  const hit = cached.get(userId);
  if (hit && now - hit.at < LIST_TTL_MS) return hit.list;
  const list = fetchCategories(userId);
  cached.set(userId, { at: now, list });
  // A failed read is not kept: the next request asks Graph again.
  list.catch(() => {
    if (cached.get(userId)?.list === list) cached.delete(userId);
  });
  return list;
}

/** Forgets the cached list (tests; a change made here to the master list). */
export function forgetCategories(userId: string): void {
  cached.delete(userId);
}

/** Gives a message exactly these categories (Graph replaces the whole list), each name once. */
// updateMessage does the trimming and de-duplicating, for the API's PATCH as for this.
export function setMessageCategories(
  userId: string,
  messageId: string,
  categories: string[],
): Promise<MessageSummaryDto> {
  return updateMessage(userId, messageId, { categories });
}
