import type { MessageSummaryDto } from '../mail/types';

/*
 * What the server tells a person's open tabs over Pusher, on their own private channel. Payloads stay far
 * below Pusher's 10 KB limit: a message's list fields, or just ids when that would be too large.
 */

export const userChannel = (userId: string) => `private-user-${userId}`;

export interface RealtimeEvents {
  /** A message arrived or was created (the list shows it; new unread inbox mail alerts). */
  'message.created': { message: MessageSummaryDto } | { id: string; folderId: string };
  /** Read state, flag, folder or content changed. */
  'message.updated': { message: MessageSummaryDto } | { id: string; folderId: string };
  'message.deleted': { id: string; folderId: string };
  /** Fresh folder counts after a change. */
  'folders.counts': { folders: { id: string; unreadCount: number; totalCount: number }[] };
  /** A folder was created, renamed or deleted (moved into Deleted Items): re-read the folder list. */
  'folders.changed': { change: 'created' | 'renamed' | 'deleted' };
  /** Many things changed at once (a resync): revalidate everything. */
  'mailbox.changed': { reason: string };
}

export type RealtimeEventName = keyof RealtimeEvents;

/** What the browser needs to connect (no secrets): handed to the page by the server at request time. */
export interface RealtimeClientConfig {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
  /** Where pusher-js asks whether this person may subscribe to a channel. */
  authEndpoint: string;
  channel: string;
}
