import { randomBytes } from 'node:crypto';
import { newId } from '../ids';
import { MAIL_DOMAIN } from '../users';
import type { Recipient, StoredAttachment, StoredMessage } from './types';

/** Graph's bodyPreview: the first 255 characters of the body as text. */
export function previewOf(body: { contentType: 'html' | 'text'; content: string }): string {
  const text =
    body.contentType === 'html'
      ? body.content
          .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
          .replace(/<[^>]+>/g, ' ')
          .replace(/&nbsp;/g, ' ')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
      : body.content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

export function recipient(address: string, name?: string): Recipient {
  return { emailAddress: { address, name: name ?? address.split('@')[0] ?? address } };
}

export function newConversationId(): string {
  return newId('AAQk');
}

export function newAttachment(input: {
  name: string;
  contentType: string;
  contentBytes: Buffer;
  isInline?: boolean;
  contentId?: string | null;
}): StoredAttachment {
  return {
    id: newId('AAMkAtt'),
    name: input.name,
    contentType: input.contentType,
    size: input.contentBytes.length,
    isInline: input.isInline ?? false,
    contentId: input.contentId ?? null,
    lastModifiedDateTime: new Date().toISOString(),
    contentBytes: input.contentBytes,
  };
}

export type NewMessage = Omit<StoredMessage, 'id' | 'changeKey' | 'seq'>;

/** A message with Graph's defaults filled in; callers pass what differs. */
export function buildMessage(
  fields: Pick<StoredMessage, 'userId' | 'parentFolderId' | 'subject' | 'body'> & Partial<NewMessage>,
): NewMessage {
  const now = new Date().toISOString();
  const received = fields.receivedDateTime ?? now;
  return {
    conversationId: newConversationId(),
    conversationIndex: randomBytes(22).toString('base64'),
    internetMessageId: `<${randomBytes(12).toString('hex')}@${MAIL_DOMAIN}>`,
    bodyPreview: previewOf(fields.body),
    from: null,
    sender: null,
    toRecipients: [],
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    createdDateTime: received,
    lastModifiedDateTime: received,
    receivedDateTime: received,
    sentDateTime: received,
    isRead: false,
    isDraft: false,
    importance: 'normal',
    inferenceClassification: 'focused',
    flag: { flagStatus: 'notFlagged' },
    categories: [],
    attachments: [],
    ...fields,
  };
}
