import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { logger } from '../logger';
import {
  type ChangeItem,
  changeItemSchema,
  collectionSchema,
  type LifecycleItem,
  lifecycleItemSchema,
  messageIdOf,
} from './payload';
import { enqueueRows, type QueueRow } from './queue-writer';
import { countRichFallback, storableResourceData, validationProblem } from './rich';
import { countRejected } from './stats';
import { lookupSubscriptions } from './subscription-view';

export class BadPayloadError extends Error {}
export class PersistError extends Error {}

export const hashClientState = (clientState: string) =>
  createHash('sha256').update(clientState).digest('hex');

function clientStateMatches(given: string | null | undefined, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256')
    .update(given ?? '')
    .digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const key = (...parts: (string | null | undefined)[]) =>
  createHash('sha256')
    .update(parts.map((p) => p ?? '').join('|'))
    .digest('hex');

function parse<T extends typeof changeItemSchema | typeof lifecycleItemSchema>(
  raw: string,
  item: T,
): { items: z.infer<T>[]; validationTokens?: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new BadPayloadError('The body is not JSON.');
  }
  const result = collectionSchema(item).safeParse(json);
  if (!result.success)
    throw new BadPayloadError(`Not a notification collection: ${result.error.issues[0]?.message ?? ''}`);
  return { items: result.data.value as z.infer<T>[], validationTokens: result.data.validationTokens };
}

const persistError = (error: unknown) =>
  new PersistError(error instanceof Error ? error.message : String(error), { cause: error });

/**
 * Whether the batch's resource data is refused: it carries some, and its validation tokens do not all
 * hold (rich.ts). Its changes are then queued as plain ones, read from Graph: counted, nothing lost.
 */
async function refusedResourceData(
  items: (ChangeItem | LifecycleItem)[],
  tokens: string[] | undefined,
): Promise<boolean> {
  const rich = items.filter((item) => 'encryptedContent' in item && item.encryptedContent != null);
  if (rich.length === 0) return false;
  const tenants = [...new Set(rich.flatMap((item) => (item.tenantId ? [item.tenantId] : [])))];
  const problem = await validationProblem(tokens, tenants);
  if (!problem) return false;
  countRichFallback('token', rich.length);
  logger.warn('rich notifications refused; their mail is read from Graph instead', {
    items: rich.length,
    problem,
  });
  return true;
}

/** A change's resource data for its queue row; a malformed one is counted and left out. */
function resourceDataOf(item: ChangeItem): string | null {
  const stored = storableResourceData(item.encryptedContent);
  if (stored !== 'shape') return stored;
  countRichFallback('shape');
  return null;
}

/**
 * Checks each notification against our subscriptions (ours? clientState right, compared in constant
 * time?) and persists the good ones to the queue. Resolves only once they are committed, so a 202 always
 * means stored. The subscriptions come from an in-memory view and the insert is shared with concurrent
 * requests (queue-writer), so the work per request stays small and constant. Duplicates (Graph's retries of
 * a change) collapse on their idempotency key. A lifecycle event collapses only with one of its kind still
 * waiting to be processed: the processor releases the key when it claims the row, so an event that comes
 * after that (a second `missed` a few seconds later) is always acted on.
 * Items that fail the checks are counted and logged, never processed.
 */
export async function receiveNotifications(
  raw: string,
  kind: 'change' | 'lifecycle',
): Promise<{ accepted: number; rejected: number }> {
  const { items, validationTokens }: { items: (ChangeItem | LifecycleItem)[]; validationTokens?: string[] } =
    kind === 'change' ? parse(raw, changeItemSchema) : parse(raw, lifecycleItemSchema);
  const byId = await lookupSubscriptions(items.map((i) => i.subscriptionId)).catch((error: unknown) => {
    throw persistError(error);
  });
  const richRefused = await refusedResourceData(items, validationTokens);
  const rows: QueueRow[] = [];
  let rejected = 0;
  for (const item of items) {
    const subscription = byId.get(item.subscriptionId);
    if (!subscription) {
      countRejected('unknownSubscription');
      rejected += 1;
      continue;
    }
    if (!clientStateMatches(item.clientState, subscription.clientStateHash)) {
      countRejected('clientState');
      rejected += 1;
      continue;
    }
    if ('lifecycleEvent' in item) {
      rows.push({
        // One waiting row per subscription and event (see above: the claim frees the key).
        idempotencyKey: `${key('lifecycle', item.subscriptionId, item.lifecycleEvent)}:waiting`,
        kind: 'lifecycle',
        userId: subscription.userId,
        subscriptionId: item.subscriptionId,
        lifecycleEvent: item.lifecycleEvent,
      });
    } else {
      const messageId = messageIdOf(item);
      rows.push({
        idempotencyKey: key(
          'change',
          item.subscriptionId,
          item.changeType,
          messageId,
          item.resourceData?.['@odata.etag'],
        ),
        kind: 'change',
        userId: subscription.userId,
        subscriptionId: item.subscriptionId,
        changeType: item.changeType,
        messageId,
        resourceData: richRefused ? null : resourceDataOf(item),
      });
    }
  }
  if (rejected) logger.warn('notifications rejected', { kind, rejected, of: items.length });
  if (!rows.length) return { accepted: 0, rejected };
  await enqueueRows(rows).catch((error: unknown) => {
    throw persistError(error);
  });
  return { accepted: rows.length, rejected };
}
