/*
 * What the mail API returns and the browser renders. Shared by route handlers (which export their
 * response types from these) and the SWR hooks, so the two cannot drift apart.
 * Message and folder ids are Graph's immutable ids.
 */

export interface Address {
  name: string;
  address: string;
}

export interface FolderDto {
  id: string;
  parentId: string | null;
  name: string;
  /** inbox, drafts, sentitems, deleteditems, archive, junkemail, … or null for a custom folder. */
  wellKnownName: string | null;
  unreadCount: number;
  totalCount: number;
}

/**
 * The well-known folders Tidings names (Graph's wellKnownName), in Outlook's order: the folder pane lists
 * them first in this order, and the sync fills them in it (Inbox first).
 */
export const WELL_KNOWN_FOLDER_NAMES = [
  'inbox',
  'drafts',
  'sentitems',
  'archive',
  'deleteditems',
  'junkemail',
  // Where Exchange keeps mail sent with Send later until its time (the folder pane shows it as Scheduled).
  'outbox',
] as const;

/** GET /api/folders. */
export interface FolderListDto {
  folders: FolderDto[];
}

/** Body of POST /api/folders: a folder at the top of the mailbox, or under `parentId`. */
export interface CreateFolderRequest {
  displayName: string;
  parentId?: string;
}

/** Body of PATCH /api/folders/:id. */
export interface RenameFolderRequest {
  displayName: string;
}

/**
 * DELETE /api/folders/:id. Outside Deleted Items a folder moves into it with its subfolders and mail
 * (`folder` is where it now stands); inside Deleted Items it is gone for good (`folder` is null).
 */
export interface DeleteFolderDto {
  permanently: boolean;
  folder: FolderDto | null;
}

/** GET /api/people: suggestions for an address field. */
export interface PeopleDto {
  people: Address[];
}

/** POST /api/drafts/:id/attachments: the attachment as added. */
export interface UploadedAttachmentDto {
  id: string;
  name: string;
  size: number;
  viaUploadSession: boolean;
}

export type FlagStatus = 'notFlagged' | 'flagged' | 'complete';

export interface MessageSummaryDto {
  id: string;
  folderId: string;
  conversationId: string;
  subject: string;
  preview: string;
  from: Address | null;
  receivedAt: string;
  isRead: boolean;
  isDraft: boolean;
  flagStatus: FlagStatus;
  hasAttachments: boolean;
  importance: 'low' | 'normal' | 'high';
  /** Outlook category names; their colours are in the master list (GET /api/categories). */
  categories: string[];
  /** The Inbox's Focused or Other tab (Graph's inferenceClassification). */
  inferenceClassification: InboxView;
}

export type InboxView = 'focused' | 'other';

/** A list's narrowing: the Inbox's Focused/Other tab, one category. */
export interface MessageListFilter {
  view?: InboxView;
  category?: string;
}

/** One of Outlook's 25 category colours (Graph's preset0…preset24), or none. */
export interface CategoryColorDto {
  /** Graph's value: preset0 … preset24, or none. */
  preset: string;
  /** Outlook's name for it: Red, Dark orange, … or None. */
  name: string;
  /** CSS colours for a pill: background and text, on the light and the dark theme. */
  light: { background: string; text: string };
  dark: { background: string; text: string };
}

export interface CategoryDto {
  id: string;
  displayName: string;
  color: CategoryColorDto;
}

/** GET /api/categories: the mailbox's master list. */
export interface CategoryListDto {
  categories: CategoryDto[];
  /** False when the sign-in lacks the permission to read the list (names still show, without colours). */
  available: boolean;
}

/** Body of POST /api/focused-overrides: always put a sender's mail in Focused or Other. */
export interface FocusedOverrideRequest {
  address: string;
  name?: string;
  classifyAs: InboxView;
}

/** POST /api/focused-overrides: the sender's Inbox messages now in the chosen tab. */
export interface FocusedOverrideDto {
  classifyAs: InboxView;
  moved: MessageSummaryDto[];
}

export interface AttachmentDto {
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  /** Our download URL for it. */
  url: string;
}

export interface MessageDetailDto extends MessageSummaryDto {
  to: Address[];
  cc: Address[];
  /**
   * A complete HTML document for a sandboxed iframe's srcdoc: sanitized, with a CSP, remote content
   * blocked unless `remoteContentAllowed`, cid: images pointing at our attachment URLs.
   */
  bodyDocument: string;
  /** The body referred to remote images or styles (blocked unless allowed). */
  hasRemoteContent: boolean;
  /**
   * The body was over the sanitizer's limits or time budget: `bodyDocument` says so and shows the mail's
   * plain text; the original is at /api/messages/:id/original.
   */
  tooComplex: boolean;
  remoteContentAllowed: boolean;
  /** The sender is on the person's "always show images" list. */
  senderTrusted: boolean;
  attachments: AttachmentDto[];
}

export interface MessagePageDto {
  messages: MessageSummaryDto[];
  /** Opaque keyset cursor for the next page, or null at the end. */
  nextCursor: string | null;
  /** On the first page of a narrowed list (Focused/Other, a category): how many messages it holds. */
  total?: number;
}

export interface ConversationDto {
  conversationId: string;
  /** Oldest first; the reading pane expands the newest. */
  messages: MessageDetailDto[];
}

export interface SyncStatusDto {
  state: 'idle' | 'syncing' | 'failed';
  /** The folder being synced, e.g. "Inbox". */
  folderName: string | null;
  done: number;
  total: number;
  finishedAt: string | null;
  error: string | null;
  /** False while Microsoft 365 cannot be reached: the cache still answers reads. */
  graphReachable: boolean;
}

/**
 * Where a search result was found: the server's cache of the mailbox (full-text search), Microsoft 365's
 * own search (Graph's $search, which also knows mail not cached and words in bodies never opened), or both.
 */
export type SearchHitSource = 'cache' | 'graph' | 'both';

export interface SearchHitDto extends MessageSummaryDto {
  source: SearchHitSource;
}

/**
 * GET /api/search?q=&source=cache|graph[&cursor=]: one page of results, newest first. `source=cache` is the
 * cache alone (instant); `source=graph` is Microsoft 365's search merged with the cache's, each result once.
 */
export interface SearchResultDto {
  source: 'cache' | 'graph';
  /** Searched in the browser's offline mirror, not on the server: only the mail saved on this device. */
  offline?: boolean;
  /** What the search could not understand (an unknown operator, a date it can't read), for the person. */
  problems?: string[];
  messages: SearchHitDto[];
  /** The next page: the same q and source with `cursor` set to this; null when there are no more. */
  nextCursor: string | null;
}

/** Body of PATCH /api/messages/:id. */
export interface MessagePatch {
  isRead?: boolean;
  flagStatus?: FlagStatus;
  categories?: string[];
  inferenceClassification?: InboxView;
}

/** Body of POST /api/messages/:id/move: a folder id or a well-known name. */
export interface MoveRequest {
  destination: string;
}

export type ComposeKind = 'new' | 'reply' | 'replyAll' | 'forward';

/**
 * A draft being written. `bodyHtml` is what the person typed (untrusted: sanitized before it is edited);
 * `quoteDocument` the original Exchange quoted below it, rendered for a sandboxed frame like the reading pane.
 */
export interface DraftDto {
  id: string;
  conversationId: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  bodyHtml: string;
  quoteDocument: string | null;
  attachments: { id: string; name: string; contentType: string; size: number }[];
  /** Graph's importance of the draft (Low, Normal, High in the compose pane). */
  importance: Importance;
}

export type Importance = 'low' | 'normal' | 'high';

/** Answer of POST /api/drafts/:id/inline: an image pasted into the body, an inline attachment of the draft. */
export interface InlineImageDto {
  attachmentId: string;
  contentId: string;
  /** Where the editor shows it from (the app's own route); saved to Graph as cid:<contentId>. */
  url: string;
}

/** Body of POST /api/drafts and PATCH /api/drafts/:id. */
export interface DraftInput {
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  bodyHtml?: string;
  importance?: Importance;
}

/**
 * Header carrying the key that makes POST /api/drafts and POST /api/drafts/:id/send safe to retry: a
 * random UUID per queued call, sent again unchanged with every replay. 8–100 of [A-Za-z0-9_-].
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set to "true" on an answer given again from a completed earlier call with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** A message's state that bulk actions change, and that their undo puts back. */
export interface MessageStateDto {
  folderId: string;
  isRead: boolean;
  flagStatus: FlagStatus;
  categories: string[];
}

/** One message's change in POST /api/messages/bulk: any of its state, all at once. */
export interface BulkChange extends Partial<MessageStateDto> {
  id: string;
  /** Categories to give or take, each message keeping its others (instead of `categories`, which sets all). */
  addCategories?: string[];
  removeCategories?: string[];
}

/** Body of POST /api/messages/bulk: at most BULK_LIMIT changes (the browser sends larger selections in parts). */
export interface BulkRequest {
  changes: BulkChange[];
}

export const BULK_LIMIT = 100;

export type BulkResultDto =
  | { id: string; ok: true; before: MessageStateDto; message: MessageSummaryDto }
  | { id: string; ok: false; error: string };

export interface BulkResponseDto {
  results: BulkResultDto[];
}

/** GET /api/messages/ids: the ids "select all in this folder" covers, newest first. */
export interface MessageIdsDto {
  ids: string[];
  /** More than the limit matched; the selection covers the newest `ids.length`. */
  truncated: boolean;
}

export const SELECT_ALL_LIMIT = 10_000;

/*
 * Inbox rules (Graph's messageRule on the Inbox), as the settings screen edits them: the common conditions
 * and actions. A rule made in Outlook with others keeps them on save (listed in otherConditions/otherActions).
 */
export interface RuleConditionsDto {
  /** Sender addresses, any of them (Graph's fromAddresses). */
  fromAddresses: string[];
  /** Words or phrases, any of them, in the subject. */
  subjectContains: string[];
  /** The person is in To (Graph's sentToMe). */
  sentToMe: boolean;
  hasAttachments: boolean;
}

export interface RuleActionsDto {
  /** A folder id, or null to leave the message where it is. */
  moveToFolder: string | null;
  markAsRead: boolean;
  assignCategories: string[];
  /** Move to Deleted Items. */
  delete: boolean;
  forwardTo: string[];
  stopProcessingRules: boolean;
}

export interface RuleDto {
  id: string;
  name: string;
  /** Rules run in this order, smallest first. */
  sequence: number;
  enabled: boolean;
  /** Exchange found the rule broken (e.g. its folder was deleted) and skips it. */
  hasError: boolean;
  readOnly: boolean;
  conditions: RuleConditionsDto;
  actions: RuleActionsDto;
  /** Graph's names of conditions and actions set elsewhere (Outlook) that this screen does not edit. */
  otherConditions: string[];
  otherActions: string[];
}

/** GET /api/rules. */
export interface RuleListDto {
  rules: RuleDto[];
}

/** Body of POST /api/rules and PATCH /api/rules/:id. */
export interface RuleInput {
  name: string;
  enabled: boolean;
  conditions: RuleConditionsDto;
  actions: RuleActionsDto;
}

/** Body of POST /api/rules/:id/move: one place earlier or later in the order. */
export interface RuleMoveRequest {
  direction: 'up' | 'down';
}

/** Body of POST /api/rules/block-sender: the message whose sender is blocked. */
export interface BlockSenderRequest {
  messageId: string;
}

/** POST /api/rules/block-sender: the rule that moves their mail to Junk Email, and the message, now there. */
export interface BlockSenderDto {
  rule: RuleDto;
  /** The rule existed already (the sender was blocked before). */
  existed: boolean;
  message: MessageSummaryDto;
}

/** How a message's list can be left: RFC 8058 one-click, a mail to the list's address, or its web page. */
export type UnsubscribeMethod = 'one-click' | 'mailto' | 'link';

/** GET /api/messages/:id/unsubscribe: what the message's List-Unsubscribe header offers. */
export interface UnsubscribeOfferDto {
  /** Preferred first; empty when the message carries no usable List-Unsubscribe. */
  methods: UnsubscribeMethod[];
  /** Who to say the person leaves: the list's name (List-Id) or the sender. */
  listName: string | null;
  /** The host the one-click request goes to. */
  oneClickHost: string | null;
  /** The address a mailto: unsubscribe is sent to. */
  mailtoAddress: string | null;
  /** An https page to open in a new tab, when that is all the header offers. */
  linkUrl: string | null;
}

/** Body of POST /api/messages/:id/unsubscribe. */
export interface UnsubscribeRequest {
  method: 'one-click' | 'mailto';
}

/** POST /api/messages/:id/unsubscribe: done (a failure answers an error saying what happened). */
export interface UnsubscribeResultDto {
  method: 'one-click' | 'mailto';
  message: string;
}

/** The reader's answer to a meeting, as Graph's responseStatus.response has it. */
export type MeetingResponseDto =
  | 'none'
  | 'notResponded'
  | 'accepted'
  | 'tentativelyAccepted'
  | 'declined'
  | 'organizer';

/** What a person can answer an invitation with (POST /api/messages/:id/meeting). */
export type MeetingAnswer = 'accept' | 'tentative' | 'decline';

/** Body of POST /api/messages/:id/meeting: the answer goes to the organizer, with the note if any. */
export interface MeetingAnswerRequest {
  response: MeetingAnswer;
  comment?: string;
}

/**
 * The meeting a message is about (Graph's eventMessage and its event in the reader's calendar). Texts are
 * untrusted: shown as text only.
 */
export interface MeetingDto {
  messageId: string;
  /** An invitation (or an update of one), a cancellation, or an attendee's answer to the organizer. */
  kind: 'request' | 'cancellation' | 'response';
  /** Who sent the message: the organizer, or for kind `response` the attendee who answered. */
  from: Address | null;
  /** For kind `response`: what the attendee answered. */
  attendeeResponse: 'accepted' | 'tentativelyAccepted' | 'declined' | null;
  title: string;
  /** UTC instants (ISO 8601, Z); the browser shows them in the reader's time zone. */
  start: string | null;
  end: string | null;
  isAllDay: boolean;
  location: string | null;
  /** The online meeting's join link: http(s) only, else null. */
  joinUrl: string | null;
  organizer: Address | null;
  /** The reader's answer; null when the meeting is not (or no longer) in their calendar. */
  response: MeetingResponseDto | null;
  respondedAt: string | null;
  responseRequested: boolean;
  cancelled: boolean;
  /** A newer update or cancellation of this meeting arrived after this message. */
  outOfDate: boolean;
  isOrganizer: boolean;
  /** On an update that moved the meeting: when and where it was before (null for what did not change). */
  previous: { start: string | null; end: string | null; location: string | null } | null;
  /** Accept, Tentative and Decline apply: a current invitation in the reader's calendar, not cancelled. */
  canRespond: boolean;
}

/** GET /api/messages/:id/meeting: null for a message that is not about a meeting. */
export interface MeetingLookupDto {
  meeting: MeetingDto | null;
}

/** A signature the person wrote (GET /api/signatures). `html` holds only what the compose editor can. */
export interface SignatureDto {
  id: string;
  name: string;
  html: string;
  /** Inserted into a new message when it opens (at most one signature has it). */
  isDefaultNew: boolean;
  /** Inserted into a reply or forward when it opens, above the quote (at most one has it). */
  isDefaultReply: boolean;
  updatedAt: string;
}

/** Body of POST /api/signatures (name and html required) and PATCH /api/signatures/:id. */
export interface SignatureInput {
  name?: string;
  html?: string;
  isDefaultNew?: boolean;
  isDefaultReply?: boolean;
}

/** A message waiting in Graph's Outbox for its deferred send time (GET /api/scheduled). */
export interface ScheduledMessageDto {
  id: string;
  subject: string;
  to: Address[];
  /** When Microsoft 365 sends it (PidTagDeferredSendTime), UTC ISO. */
  sendAt: string;
}

/** Body of POST /api/scheduled: send this saved draft at `sendAt` (UTC ISO, in the future). */
export interface ScheduleSendRequest {
  draftId: string;
  sendAt: string;
}

/** Graph's automaticRepliesSetting.status and externalAudience. */
export type AutomaticRepliesStatus = 'disabled' | 'alwaysEnabled' | 'scheduled';
export type ExternalAudience = 'none' | 'contactsOnly' | 'all';

/** The mailbox's automatic replies (out of office), GET and PATCH /api/automatic-replies. */
export interface AutomaticRepliesDto {
  status: AutomaticRepliesStatus;
  /** UTC ISO; used when status is 'scheduled'. */
  scheduledStart: string | null;
  scheduledEnd: string | null;
  /** HTML holding only what the compose editor can. */
  internalReplyMessage: string;
  externalReplyMessage: string;
  externalAudience: ExternalAudience;
}
