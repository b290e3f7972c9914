import 'server-only';
import { db } from '../db';
import { toSummaryDto } from '../mail/dto';
import type { RealtimeEventName, RealtimeEvents } from './events';
import { publish } from './publish';

type Event = { name: RealtimeEventName; data: RealtimeEvents[RealtimeEventName] };

/** Publishes what changed in a person's cache (after the commit): messages, then the folders' counts. */
export async function publishMailChanges(
  userId: string,
  changes: {
    created?: string[];
    updated?: string[];
    deleted?: { id: string; folderId: string }[];
    folders?: string[];
  },
): Promise<void> {
  const events: Event[] = [];
  const ids = [...(changes.created ?? []), ...(changes.updated ?? [])];
  const rows = ids.length
    ? await db.mailMessage.findMany({
        where: { userId, graphId: { in: ids } },
        omit: { bodyContent: true, attachments: true },
      })
    : [];
  const created = new Set(changes.created ?? []);
  for (const row of rows) {
    events.push({
      name: created.has(row.graphId) ? 'message.created' : 'message.updated',
      data: { message: toSummaryDto(row) },
    });
  }
  for (const deleted of changes.deleted ?? []) events.push({ name: 'message.deleted', data: deleted });
  const folderIds = new Set([
    ...(changes.folders ?? []),
    ...rows.map((r) => r.folderGraphId),
    ...(changes.deleted ?? []).map((d) => d.folderId),
  ]);
  if (folderIds.size) {
    const folders = await db.mailFolder.findMany({ where: { userId, graphId: { in: [...folderIds] } } });
    events.push({
      name: 'folders.counts',
      data: {
        folders: folders.map((f) => ({
          id: f.graphId,
          unreadCount: f.unreadCount,
          totalCount: f.totalCount,
        })),
      },
    });
  }
  await publish(userId, events);
}

/** Many changes at once (a resync): every tab revalidates. */
export function publishMailboxChanged(userId: string, reason: string): Promise<void> {
  return publish(userId, [{ name: 'mailbox.changed', data: { reason } }]);
}
