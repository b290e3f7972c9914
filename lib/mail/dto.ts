import type { MailFolder, MailMessage } from '../generated/prisma/client';
import { displayText } from './display-text';
import type { Address, FlagStatus, FolderDto, MessageSummaryDto } from './types';

export function toFolderDto(folder: MailFolder): FolderDto {
  return {
    id: folder.graphId,
    parentId: folder.parentGraphId,
    name: displayText(folder.displayName),
    wellKnownName: folder.wellKnownName,
    unreadCount: folder.unreadCount,
    totalCount: folder.totalCount,
  };
}

/** The list fields of a cached message (list queries leave the body out). */
export type MessageRow = Omit<MailMessage, 'bodyContent' | 'attachments'>;

/** What a list row shows: a cached row's fields, or the same fields of a message just read from Graph. */
export type SummaryFields = Pick<
  MessageRow,
  | 'graphId'
  | 'folderGraphId'
  | 'conversationId'
  | 'subject'
  | 'preview'
  | 'fromName'
  | 'fromAddress'
  | 'receivedAt'
  | 'isRead'
  | 'isDraft'
  | 'flagStatus'
  | 'hasAttachments'
  | 'importance'
  | 'categories'
  | 'inferenceClassification'
>;

export function toSummaryDto(message: SummaryFields): MessageSummaryDto {
  return {
    id: message.graphId,
    folderId: message.folderGraphId,
    conversationId: message.conversationId,
    // What strangers wrote is shown without bidi controls (see display-text.ts).
    subject: displayText(message.subject),
    preview: displayText(message.preview),
    from: message.fromAddress
      ? {
          name: displayText(message.fromName ?? message.fromAddress),
          address: displayText(message.fromAddress),
        }
      : null,
    receivedAt: message.receivedAt.toISOString(),
    isRead: message.isRead,
    isDraft: message.isDraft,
    flagStatus: message.flagStatus as FlagStatus,
    hasAttachments: message.hasAttachments,
    importance: message.importance as MessageSummaryDto['importance'],
    categories: message.categories.map(displayText),
    inferenceClassification: message.inferenceClassification === 'other' ? 'other' : 'focused',
  };
}

export function addressesOf(value: unknown): Address[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) =>
    entry && typeof entry === 'object' && 'address' in entry && typeof entry.address === 'string'
      ? [
          {
            address: displayText(entry.address),
            name: displayText('name' in entry && typeof entry.name === 'string' ? entry.name : entry.address),
          },
        ]
      : [],
  );
}
