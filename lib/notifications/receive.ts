import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { db } from '../db';
import { logger } from '../logger';
import {
  type ChangeItem,
  changeItemSchema,
  collectionSchema,
  type LifecycleItem,
  lifecycleItemSchema,
  messageIdOf,
} from './payload';
import { countRejected } from './stats';

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
): z.infer<T>[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new BadPayloadError('The body is not JSON.');
  }
  const result = collectionSchema(item).safeParse(json);
  if (!result.success)
    throw new BadPayloadError(`Not a notification collection: ${result.error.issues[0]?.message ?? ''}`);
  return result.data.value as z.infer<T>[];
}

/**
 * Checks each notification against our subscriptions (ours? clientState right, compared in constant
 * time?) and persists the good ones to the queue in one transaction. Duplicates (Graph's retries) collapse
 * on their idempotency key. Items that fail the checks are counted and logged, never processed.
 */
export async function receiveNotifications(
  raw: string,
  kind: 'change' | 'lifecycle',
): Promise<{ accepted: number; rejected: number }> {
  const items: (ChangeItem | LifecycleItem)[] =
    kind === 'change' ? parse(raw, changeItemSchema) : parse(raw, lifecycleItemSchema);
  const subscriptions = await db.graphSubscription
    .findMany({ where: { graphId: { in: [...new Set(items.map((i) => i.subscriptionId))] } } })
    .catch((error: unknown) => {
      throw new PersistError(error instanceof Error ? error.message : String(error));
    });
  const byId = new Map(subscriptions.map((s) => [s.graphId, s]));
  const now = new Date();
  const rows = [];
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
        idempotencyKey: key(
          'lifecycle',
          item.subscriptionId,
          item.lifecycleEvent,
          String(Math.floor(now.getTime() / 60_000)),
        ),
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
      });
    }
  }
  if (rejected) logger.warn('notifications rejected', { kind, rejected, of: items.length });
  if (!rows.length) return { accepted: 0, rejected };
  try {
    await db.$transaction([
      db.notificationQueue.createMany({ data: rows, skipDuplicates: true }),
      db.graphSubscription.updateMany({
        where: { graphId: { in: [...new Set(rows.map((r) => r.subscriptionId))] } },
        data: { lastNotificationAt: now },
      }),
    ]);
  } catch (error) {
    throw new PersistError(error instanceof Error ? error.message : String(error));
  }
  return { accepted: rows.length, rejected };
}
