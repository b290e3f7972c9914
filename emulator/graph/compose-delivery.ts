import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context';
import type { NewMessage } from '../store/message-factory';
import { newAttachment } from '../store/message-factory';
import { classifyIncoming } from '../store/outlook-settings';
import type { Recipient, StoredAttachment, StoredMessage } from '../store/types';
import { MAIL_DOMAIN, type MailUser } from '../users';
import { userByAddress } from './compose-input';
import { badRequest, GraphError } from './errors';

/** Exchange Online's default maximum message size, attachments included. */
export const MAX_MESSAGE_BYTES = 35 * 1024 * 1024;

/** A message that left the tenant: recorded so tests can see it, delivered nowhere. */
export interface ExternalDelivery {
  at: string;
  from: string;
  to: string[];
  subject: string;
  internetMessageId: string;
}

const externalByContext = new WeakMap<EmulatorContext, ExternalDelivery[]>();

/** Mail sent to addresses outside the tenant, oldest first (the last 1,000). */
export function externalDeliveries(ctx: EmulatorContext): readonly ExternalDelivery[] {
  return externalByContext.get(ctx) ?? [];
}

function recordExternal(ctx: EmulatorContext, delivery: ExternalDelivery) {
  const list = externalByContext.get(ctx) ?? [];
  list.push(delivery);
  if (list.length > 1000) list.splice(0, list.length - 1000);
  externalByContext.set(ctx, list);
}

export function asRecipient(user: MailUser): Recipient {
  return { emailAddress: { name: user.displayName, address: user.mail } };
}

export function newInternetMessageId(): string {
  return `<${randomBytes(16).toString('hex')}@${MAIL_DOMAIN}>`;
}

export function cloneAttachment(attachment: StoredAttachment): StoredAttachment {
  return newAttachment({
    name: attachment.name,
    contentType: attachment.contentType,
    contentBytes: attachment.contentBytes,
    isInline: attachment.isInline,
    contentId: attachment.contentId,
  });
}

type Outgoing = Pick<
  NewMessage,
  'toRecipients' | 'ccRecipients' | 'bccRecipients' | 'attachments' | 'body' | 'subject'
>;

/** What Exchange checks before it accepts a message for sending. */
export function assertSendable(mail: Outgoing): void {
  if (mail.toRecipients.length + mail.ccRecipients.length + mail.bccRecipients.length === 0) {
    throw badRequest('At least one recipient is required, but none were found.', 'ErrorInvalidRecipients');
  }
  const size =
    Buffer.byteLength(mail.body.content) +
    Buffer.byteLength(mail.subject) +
    mail.attachments.reduce((sum, a) => sum + a.size, 0);
  if (size > MAX_MESSAGE_BYTES) {
    throw new GraphError(400, 'ErrorMessageSizeExceeded', 'The message exceeds the maximum supported size.');
  }
}

/**
 * Sends a message as `sender`: the sender's copy goes to Sent Items (the draft itself, moved, when
 * `draftId` is given; a new item unless saveToSentItems is false otherwise) and every recipient in this
 * tenant gets an Inbox copy with the same conversationId and internetMessageId. Bcc stays hidden.
 */
export function sendMessage(
  ctx: EmulatorContext,
  sender: MailUser,
  mail: NewMessage,
  options: { draftId?: string; saveToSentItems?: boolean } = {},
): StoredMessage | undefined {
  assertSendable(mail);
  const { store } = ctx;
  const now = new Date().toISOString();
  const from = asRecipient(sender);
  const sent = {
    from,
    sender: from,
    sentDateTime: now,
    receivedDateTime: now,
    isDraft: false,
    isRead: true,
  };
  const sentItems = store.getFolder(sender.id, 'sentitems');
  let sentCopy: StoredMessage | undefined;
  if (options.draftId) {
    store.updateMessage(sender.id, options.draftId, sent);
    sentCopy = sentItems ? store.moveMessage(sender.id, options.draftId, sentItems.id) : undefined;
  } else if (options.saveToSentItems !== false && sentItems) {
    sentCopy = store.insertMessage({
      ...mail,
      ...sent,
      id: undefined,
      userId: sender.id,
      parentFolderId: sentItems.id,
    });
  }

  const seen = new Set<string>();
  const external: string[] = [];
  for (const r of [...mail.toRecipients, ...mail.ccRecipients, ...mail.bccRecipients]) {
    const address = r.emailAddress.address.toLowerCase();
    if (seen.has(address)) continue;
    seen.add(address);
    const user = userByAddress(store, address);
    const inbox = user && store.getFolder(user.id, 'inbox');
    if (!user || !inbox) {
      external.push(r.emailAddress.address);
      continue;
    }
    store.insertMessage(
      {
        ...mail,
        ...sent,
        id: undefined,
        userId: user.id,
        parentFolderId: inbox.id,
        bccRecipients: [],
        isRead: false,
        createdDateTime: now,
        lastModifiedDateTime: now,
        flag: { flagStatus: 'notFlagged' },
        categories: [],
        inferenceClassification: classifyIncoming(store, user.id, sender.mail),
        attachments: mail.attachments.map(cloneAttachment),
      },
      { delivered: true },
    );
  }
  if (external.length > 0) {
    recordExternal(ctx, {
      at: now,
      from: sender.mail,
      to: external,
      subject: mail.subject,
      internetMessageId: mail.internetMessageId,
    });
  }
  return sentCopy;
}
