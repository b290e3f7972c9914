import { randomBytes } from 'node:crypto';
import { newChangeKey, newId } from '../ids';
import type { MailStore } from './mail-store';
import { buildMessage, newConversationId, recipient } from './message-factory';
import type { MeetingMessageInfo, Recipient, StoredMessage } from './types';

/*
 * Each mailbox's calendar, as far as meetings need it: the events meeting requests put there, and what
 * organizers and attendees do with them. Exchange's behaviour, kept: an invitation lands as an
 * eventMessageRequest in the Inbox and an event in the attendee's calendar (showAs tentative, not yet
 * answered); an update moves the event and makes older invitations out of date; a cancellation marks the
 * attendee's event cancelled (its subject prefixed "Canceled: ") and removes the organizer's; a response
 * sets the attendee's responseStatus and, when the organizer asked for responses, sends them an
 * eventMessageResponse (a copy stays in the attendee's Sent Items). Kept beside the store, per store,
 * and emptied with it on reset.
 */

export type ResponseKind =
  | 'none'
  | 'organizer'
  | 'tentativelyAccepted'
  | 'accepted'
  | 'declined'
  | 'notResponded';
export type AttendeeType = 'required' | 'optional' | 'resource';

export interface ResponseStatus {
  response: ResponseKind;
  time: string;
}

export interface StoredAttendee {
  type: AttendeeType;
  status: ResponseStatus;
  emailAddress: { name: string; address: string };
}

export interface StoredEvent {
  id: string;
  userId: string;
  /** The meeting's id across every mailbox that has a copy of it. */
  iCalUId: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  subject: string;
  body: { contentType: 'html'; content: string };
  /** UTC instants. */
  start: string;
  end: string;
  /** The organizer's time zone (originalStartTimeZone). */
  timeZone: string;
  isAllDay: boolean;
  location: string;
  joinUrl: string | null;
  organizer: Recipient;
  attendees: StoredAttendee[];
  isOrganizer: boolean;
  responseRequested: boolean;
  responseStatus: ResponseStatus;
  isCancelled: boolean;
  showAs: 'free' | 'tentative' | 'busy';
  /** iCalendar's SEQUENCE: which version of the meeting this copy holds. */
  sequence: number;
  /** The conversation this mailbox's meeting messages about it share. */
  conversationId: string;
}

/** What an organizer sends: a new meeting, or the whole of an updated one. */
export interface MeetingDefinition {
  iCalUId: string;
  organizer: { address: string; name: string };
  attendees: { address: string; name: string; type: AttendeeType }[];
  subject: string;
  /** Plain text; the invitation's HTML body is made from it. */
  description: string;
  start: string;
  end: string;
  timeZone: string;
  isAllDay: boolean;
  location: string;
  joinUrl: string | null;
  responseRequested: boolean;
  sequence: number;
  cancelled: boolean;
}

/** One mailbox a meeting change reached: its event (null when removed) and the message it got. */
export interface MeetingDelivery {
  user: string;
  eventId: string | null;
  messageId: string | null;
}

/** The year-one time Exchange gives a response status that has no time yet. */
export const NO_RESPONSE_TIME = '0001-01-01T00:00:00Z';

interface Calendar {
  events: Map<string, StoredEvent>;
  meetings: Map<string, MeetingDefinition>;
}

const byStore = new WeakMap<MailStore, Calendar>();

function calendarOf(store: MailStore): Calendar {
  let calendar = byStore.get(store);
  if (!calendar) {
    const created: Calendar = { events: new Map(), meetings: new Map() };
    store.on('reset', () => {
      created.events.clear();
      created.meetings.clear();
    });
    byStore.set(store, created);
    calendar = created;
  }
  return calendar;
}

export function eventsOf(store: MailStore, userId: string): StoredEvent[] {
  return [...calendarOf(store).events.values()].filter((e) => e.userId === userId);
}

export function getEvent(store: MailStore, userId: string, id: string): StoredEvent | undefined {
  const event = calendarOf(store).events.get(id);
  return event?.userId === userId ? event : undefined;
}

export function getMeeting(store: MailStore, iCalUId: string): MeetingDefinition | undefined {
  return calendarOf(store).meetings.get(iCalUId);
}

/** A new iCalendar UID in Exchange's shape (a hex GlobalObjectId). */
export function newICalUId(): string {
  return `040000008200E00074C5B7101A82E00800000000${randomBytes(28).toString('hex').toUpperCase()}`;
}

const copyOf = (store: MailStore, userId: string, iCalUId: string) =>
  eventsOf(store, userId).find((e) => e.iCalUId === iCalUId);

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function invitationHtml(description: string, joinUrl: string | null): string {
  const paragraphs = description
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const join = joinUrl
    ? `<hr><p><b>Microsoft Teams meeting</b><br><a href="${escapeHtml(joinUrl)}">Join the meeting now</a></p>`
    : '';
  return `<html><body>${paragraphs}${join}</body></html>`;
}

function touch(event: StoredEvent) {
  event.changeKey = newChangeKey();
  event.lastModifiedDateTime = new Date().toISOString();
}

/** Older invitations and cancellations of a meeting in one mailbox, once a newer one arrived. */
function markOlderOutOfDate(store: MailStore, userId: string, eventId: string) {
  for (const message of store.messagesOf(userId)) {
    const meeting = message.meeting;
    if (!meeting || meeting.eventId !== eventId || meeting.isOutOfDate) continue;
    if (meeting.meetingMessageType !== 'meetingRequest' && meeting.meetingMessageType !== 'meetingCancelled')
      continue;
    store.updateMessage(userId, message.id, { meeting: { ...meeting, isOutOfDate: true } });
  }
}

function deliverMeetingMessage(
  store: MailStore,
  userId: string,
  folder: 'inbox' | 'sentitems',
  fields: Pick<StoredMessage, 'subject' | 'from' | 'toRecipients' | 'conversationId'> &
    Partial<StoredMessage> & { html: string; meeting: MeetingMessageInfo },
): StoredMessage {
  const target = store.getFolder(userId, folder);
  if (!target) throw new Error(`user ${userId} has no ${folder}`);
  const { html, ...rest } = fields;
  return store.insertMessage(
    buildMessage({
      userId,
      parentFolderId: target.id,
      body: { contentType: 'html', content: html },
      sender: fields.from,
      isRead: folder === 'sentitems',
      ...rest,
    }),
  );
}

const recipientsOf = (definition: MeetingDefinition, type: AttendeeType) =>
  definition.attendees.filter((a) => a.type === type).map((a) => recipient(a.address, a.name));

/**
 * Sends a meeting, new or updated, from its organizer: every attendee who has a mailbox here gets the
 * event in their calendar and an invitation in their Inbox; an organizer with a mailbox here keeps
 * their own copy of the event.
 */
export function sendMeeting(
  store: MailStore,
  input: Omit<MeetingDefinition, 'iCalUId' | 'sequence' | 'cancelled'> & { iCalUId?: string },
): { definition: MeetingDefinition; deliveries: MeetingDelivery[] } {
  const calendar = calendarOf(store);
  const before = input.iCalUId ? calendar.meetings.get(input.iCalUId) : undefined;
  const definition: MeetingDefinition = {
    ...input,
    iCalUId: input.iCalUId ?? newICalUId(),
    sequence: before ? before.sequence + 1 : 0,
    cancelled: false,
  };
  calendar.meetings.set(definition.iCalUId, definition);
  const now = new Date().toISOString();
  const deliveries: MeetingDelivery[] = [];
  const html = invitationHtml(definition.description, definition.joinUrl);
  const organizer = recipient(definition.organizer.address, definition.organizer.name);
  const attendees = (): StoredAttendee[] =>
    definition.attendees.map((a) => ({
      type: a.type,
      status: { response: 'none', time: NO_RESPONSE_TIME },
      emailAddress: { name: a.name, address: a.address },
    }));

  const organizerUser = store.findUser(definition.organizer.address);
  if (organizerUser) {
    const own = copyOf(store, organizerUser.id, definition.iCalUId);
    saveCopy(own, {
      userId: organizerUser.id,
      isOrganizer: true,
      responseStatus: { response: 'organizer', time: now },
      showAs: 'busy',
      // The organizer's copy keeps what attendees answered, unless the meeting moved.
      attendees: own && !moved(own, definition) ? own.attendees : attendees(),
    });
  }

  for (const attendee of definition.attendees) {
    const user = store.findUser(attendee.address);
    if (!user || user.id === organizerUser?.id) continue;
    const existing = copyOf(store, user.id, definition.iCalUId);
    const previous = existing ? changesFrom(existing, definition) : undefined;
    // A new time or place asks everyone again; other changes keep the answer given.
    const keep = existing && !moved(existing, definition);
    const event = saveCopy(existing, {
      userId: user.id,
      isOrganizer: false,
      responseStatus: keep ? existing.responseStatus : { response: 'notResponded', time: NO_RESPONSE_TIME },
      showAs: keep ? existing.showAs : 'tentative',
      attendees: attendees(),
    });
    markOlderOutOfDate(store, user.id, event.id);
    const message = deliverMeetingMessage(store, user.id, 'inbox', {
      subject: definition.subject,
      from: organizer,
      toRecipients: recipientsOf(definition, 'required'),
      ccRecipients: recipientsOf(definition, 'optional'),
      conversationId: event.conversationId,
      html,
      meeting: {
        odataType: '#microsoft.graph.eventMessageRequest',
        meetingMessageType: 'meetingRequest',
        eventId: event.id,
        start: definition.start,
        end: definition.end,
        isAllDay: definition.isAllDay,
        location: definition.location,
        isOutOfDate: false,
        responseRequested: definition.responseRequested,
        ...(previous ? { previous } : {}),
      },
    });
    deliveries.push({ user: user.userPrincipalName, eventId: event.id, messageId: message.id });
  }
  return { definition, deliveries };

  function saveCopy(
    existing: StoredEvent | undefined,
    own: Pick<StoredEvent, 'userId' | 'isOrganizer' | 'responseStatus' | 'showAs' | 'attendees'>,
  ): StoredEvent {
    const fields = {
      subject: definition.subject,
      body: { contentType: 'html' as const, content: html },
      start: definition.start,
      end: definition.end,
      timeZone: definition.timeZone,
      isAllDay: definition.isAllDay,
      location: definition.location,
      joinUrl: definition.joinUrl,
      organizer,
      responseRequested: definition.responseRequested,
      isCancelled: false,
      sequence: definition.sequence,
      ...own,
    };
    if (existing) {
      Object.assign(existing, fields);
      touch(existing);
      return existing;
    }
    const event: StoredEvent = {
      id: newId('AAMkEvt'),
      iCalUId: definition.iCalUId,
      changeKey: newChangeKey(),
      createdDateTime: now,
      lastModifiedDateTime: now,
      conversationId: newConversationId(),
      ...fields,
    };
    calendarOf(store).events.set(event.id, event);
    return event;
  }
}

const moved = (event: StoredEvent, definition: MeetingDefinition) =>
  event.start !== definition.start || event.end !== definition.end || event.location !== definition.location;

function changesFrom(event: StoredEvent, definition: MeetingDefinition): MeetingMessageInfo['previous'] {
  const previous: NonNullable<MeetingMessageInfo['previous']> = {};
  if (event.start !== definition.start) previous.start = event.start;
  if (event.end !== definition.end) previous.end = event.end;
  if (event.location !== definition.location) previous.location = event.location;
  return Object.keys(previous).length ? previous : undefined;
}

/**
 * The organizer cancels: attendees' events are marked cancelled and each gets a cancellation in their
 * Inbox; the organizer's own event goes away.
 */
export function cancelMeeting(store: MailStore, iCalUId: string, comment: string): MeetingDelivery[] {
  const calendar = calendarOf(store);
  const definition = calendar.meetings.get(iCalUId);
  if (!definition) return [];
  definition.cancelled = true;
  definition.sequence += 1;
  const organizer = recipient(definition.organizer.address, definition.organizer.name);
  const deliveries: MeetingDelivery[] = [];
  for (const event of [...calendar.events.values()].filter((e) => e.iCalUId === iCalUId)) {
    if (event.isOrganizer) {
      calendar.events.delete(event.id);
      continue;
    }
    event.isCancelled = true;
    event.subject = `Canceled: ${definition.subject}`;
    event.showAs = 'free';
    event.sequence = definition.sequence;
    touch(event);
    markOlderOutOfDate(store, event.userId, event.id);
    const message = deliverMeetingMessage(store, event.userId, 'inbox', {
      subject: `Canceled: ${definition.subject}`,
      from: organizer,
      toRecipients: recipientsOf(definition, 'required'),
      ccRecipients: recipientsOf(definition, 'optional'),
      conversationId: event.conversationId,
      importance: 'high',
      html: invitationHtml(comment || 'This meeting has been cancelled.', null),
      meeting: {
        odataType: '#microsoft.graph.eventMessage',
        meetingMessageType: 'meetingCancelled',
        eventId: event.id,
        start: definition.start,
        end: definition.end,
        isAllDay: definition.isAllDay,
        location: definition.location,
        isOutOfDate: false,
        responseRequested: false,
      },
    });
    const user = store.users.get(event.userId);
    deliveries.push({
      user: user?.userPrincipalName ?? event.userId,
      eventId: event.id,
      messageId: message.id,
    });
  }
  return deliveries;
}

export type AnswerKind = 'accepted' | 'tentativelyAccepted' | 'declined';

const RESPONSE_MESSAGE = {
  accepted: { type: 'meetingAccepted', prefix: 'Accepted', showAs: 'busy' },
  tentativelyAccepted: { type: 'meetingTenativelyAccepted', prefix: 'Tentative', showAs: 'tentative' },
  declined: { type: 'meetingDeclined', prefix: 'Declined', showAs: 'free' },
} as const;

/**
 * An attendee answers (Graph's accept, tentativelyAccept, decline): their event records the answer, and
 * with `send` (when the organizer asked for responses) the organizer hears of it by mail and in the
 * attendee list of their own copy. Returns the organizer's message id when one was delivered.
 */
export function answerMeeting(
  store: MailStore,
  event: StoredEvent,
  answer: AnswerKind,
  { comment, send }: { comment: string; send: boolean },
): { organizerMessageId: string | null } {
  const now = new Date().toISOString();
  const user = store.users.get(event.userId);
  const kind = RESPONSE_MESSAGE[answer];
  event.responseStatus = { response: answer, time: now };
  event.showAs = kind.showAs;
  touch(event);
  const address = user?.mail.toLowerCase();
  for (const attendee of event.attendees) {
    if (attendee.emailAddress.address.toLowerCase() === address)
      attendee.status = { response: answer, time: now };
  }
  if (!send || !event.responseRequested || !user) return { organizerMessageId: null };

  const attendeeRecipient = recipient(user.mail, user.displayName);
  const meeting = (eventId: string | null): MeetingMessageInfo => ({
    odataType: '#microsoft.graph.eventMessageResponse',
    meetingMessageType: kind.type,
    eventId,
    start: event.start,
    end: event.end,
    isAllDay: event.isAllDay,
    location: event.location,
    isOutOfDate: false,
    responseRequested: false,
    responseType: answer,
  });
  const subject = `${kind.prefix}: ${event.subject}`;
  const html = invitationHtml(comment, null);
  deliverMeetingMessage(store, user.id, 'sentitems', {
    subject,
    from: attendeeRecipient,
    toRecipients: [event.organizer],
    conversationId: event.conversationId,
    html,
    meeting: meeting(event.id),
  });

  const organizerUser = store.findUser(event.organizer.emailAddress.address);
  if (!organizerUser) return { organizerMessageId: null };
  const own = copyOf(store, organizerUser.id, event.iCalUId);
  if (own) {
    for (const attendee of own.attendees) {
      if (attendee.emailAddress.address.toLowerCase() === address)
        attendee.status = { response: answer, time: now };
    }
    touch(own);
  }
  const message = deliverMeetingMessage(store, organizerUser.id, 'inbox', {
    subject,
    from: attendeeRecipient,
    toRecipients: [event.organizer],
    conversationId: own?.conversationId ?? newConversationId(),
    html,
    meeting: meeting(own?.id ?? null),
  });
  return { organizerMessageId: message.id };
}
