/** The mailbox model, shaped like Graph's message and mailFolder resources. */

export interface EmailAddress {
  name: string;
  address: string;
}

export interface Recipient {
  emailAddress: EmailAddress;
}

export interface StoredAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId: string | null;
  lastModifiedDateTime: string;
  contentBytes: Buffer;
}

export type FlagStatus = 'notFlagged' | 'flagged' | 'complete';

/** One of a message's Internet headers (Graph's internetMessageHeader), e.g. List-Unsubscribe. */
export interface InternetMessageHeader {
  name: string;
  value: string;
}

export interface StoredMessage {
  id: string;
  userId: string;
  parentFolderId: string;
  conversationId: string;
  conversationIndex: string;
  internetMessageId: string;
  subject: string;
  body: { contentType: 'html' | 'text'; content: string };
  bodyPreview: string;
  from: Recipient | null;
  sender: Recipient | null;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  createdDateTime: string;
  lastModifiedDateTime: string;
  receivedDateTime: string;
  sentDateTime: string | null;
  isRead: boolean;
  isDraft: boolean;
  importance: 'low' | 'normal' | 'high';
  inferenceClassification: 'focused' | 'other';
  flag: { flagStatus: FlagStatus };
  categories: string[];
  attachments: StoredAttachment[];
  /** The headers it arrived with (mail from outside); Graph returns them only when $selected. */
  internetMessageHeaders?: InternetMessageHeader[];
  changeKey: string;
  /** Store-wide sequence number of the last change; delta queries compare against it. */
  seq: number;
}

export interface StoredFolder {
  id: string;
  userId: string;
  displayName: string;
  /** null for the top of the mailbox ("msgfolderroot"). */
  parentFolderId: string | null;
  wellKnownName: string | null;
  isHidden: boolean;
}

/** One change to a message, as the subscription service and delta queries see it. */
export interface MailChange {
  userId: string;
  changeType: 'created' | 'updated' | 'deleted';
  messageId: string;
  /** The folder the message is in after the change (before it, for a deletion). */
  folderId: string;
  /** For a move: the folder it left. */
  previousFolderId?: string;
  seq: number;
}
