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
  /** Extended MAPI properties set through Graph (graph/extended-properties.ts), e.g. PidTagDeferredSendTime. */
  singleValueExtendedProperties?: { id: string; value: string }[];
  /** The headers it arrived with (mail from outside); Graph returns them only when $selected. */
  internetMessageHeaders?: InternetMessageHeader[];
  /** Set on meeting requests, cancellations and responses (Graph's eventMessage and its subtypes). */
  meeting?: MeetingMessageInfo;
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

/** Graph's meetingMessageType (its own spelling: "meetingTenativelyAccepted"). */
export type MeetingMessageType =
  | 'meetingRequest'
  | 'meetingCancelled'
  | 'meetingAccepted'
  | 'meetingTenativelyAccepted'
  | 'meetingDeclined';

/** What makes a message an eventMessage: its type, the event it is about, and the meeting's details. */
export interface MeetingMessageInfo {
  odataType:
    | '#microsoft.graph.eventMessageRequest'
    | '#microsoft.graph.eventMessage'
    | '#microsoft.graph.eventMessageResponse';
  meetingMessageType: MeetingMessageType;
  /** The event in this mailbox's calendar (Graph's `event` navigation), or null when there is none. */
  eventId: string | null;
  /** UTC instants. */
  start: string;
  end: string;
  isAllDay: boolean;
  location: string;
  /** A newer request or cancellation for the same meeting arrived after this one. */
  isOutOfDate: boolean;
  responseRequested: boolean;
  /** On an update that moved the meeting: when and where it was before (UTC instants). */
  previous?: { start?: string; end?: string; location?: string };
  /** On a response in the organizer's mailbox. */
  responseType?: 'accepted' | 'tentativelyAccepted' | 'declined';
}
