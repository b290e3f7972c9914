import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { withGraph } from '../graph/client';
import { GraphRequestError } from '../graph/errors';
import { instantOf, RESPONSE_OF_ANSWER, safeJoinUrl } from './meeting-format';
import type { Address, MeetingAnswer, MeetingDto, MeetingResponseDto } from './types';

/*
 * Meeting invitations, read and answered on Graph. A meeting request, update or cancellation is an
 * eventMessage (Graph's @odata.type says so, the cache does not keep it); its `event` navigation is the
 * event in the reader's calendar, which carries their answer. Answers are Graph's event actions accept,
 * tentativelyAccept and decline, always sent to the organizer.
 */

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });
const location = z.object({ displayName: z.string().nullish() }).nullish();
const recipient = z.object({
  emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }).nullish(),
});

const eventSchema = z.object({
  id: z.string(),
  subject: z.string().nullish(),
  start: dateTimeTimeZone.nullish(),
  end: dateTimeTimeZone.nullish(),
  isAllDay: z.boolean().nullish(),
  location,
  onlineMeeting: z.object({ joinUrl: z.string().nullish() }).nullish(),
  onlineMeetingUrl: z.string().nullish(),
  organizer: recipient.nullish(),
  responseStatus: z.object({ response: z.string().nullish(), time: z.string().nullish() }).nullish(),
  responseRequested: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  isOrganizer: z.boolean().nullish(),
});

const messageSchema = z.object({
  id: z.string(),
  '@odata.type': z.string().optional(),
  meetingMessageType: z.string().nullish(),
  subject: z.string().nullish(),
  from: recipient.nullish(),
  startDateTime: dateTimeTimeZone.nullish(),
  endDateTime: dateTimeTimeZone.nullish(),
  location,
  isAllDay: z.boolean().nullish(),
  isOutOfDate: z.boolean().nullish(),
  responseRequested: z.boolean().nullish(),
  responseType: z.string().nullish(),
  previousStartDateTime: dateTimeTimeZone.nullish(),
  previousEndDateTime: dateTimeTimeZone.nullish(),
  previousLocation: location,
  // Exchange answers `{}` for an event no longer in the calendar (a declined one it removed).
  event: z.unknown().optional(),
});

const EVENT_FIELDS =
  'subject,start,end,isAllDay,location,onlineMeeting,onlineMeetingUrl,organizer,responseStatus,responseRequested,isCancelled,isOrganizer';

const KIND_OF_TYPE: Record<string, MeetingDto['kind']> = {
  meetingRequest: 'request',
  meetingCancelled: 'cancellation',
  meetingAccepted: 'response',
  meetingTenativelyAccepted: 'response',
  meetingTentativelyAccepted: 'response',
  meetingDeclined: 'response',
};

const ATTENDEE_RESPONSE: Record<string, NonNullable<MeetingDto['attendeeResponse']>> = {
  meetingAccepted: 'accepted',
  meetingTenativelyAccepted: 'tentativelyAccepted',
  meetingTentativelyAccepted: 'tentativelyAccepted',
  meetingDeclined: 'declined',
};

const RESPONSES = new Set<MeetingResponseDto>([
  'none',
  'notResponded',
  'accepted',
  'tentativelyAccepted',
  'declined',
  'organizer',
]);

/*
 * A message's type never changes (ids are immutable), so one that is not about a meeting need not be asked
 * about again: remembered here, the newest few thousand, per process.
 */
const NOT_MEETINGS_LIMIT = 5000;
const notMeetings = new Set<string>();

function rememberNotMeeting(key: string) {
  notMeetings.add(key);
  if (notMeetings.size > NOT_MEETINGS_LIMIT) {
    const oldest = notMeetings.values().next().value;
    if (oldest !== undefined) notMeetings.delete(oldest);
  }
}

const addressOf = (value: z.infer<typeof recipient> | null | undefined): Address | null => {
  const address = value?.emailAddress?.address?.trim();
  if (!address) return null;
  return { name: value?.emailAddress?.name?.trim() || address, address };
};

const place = (value: z.infer<typeof location>) => value?.displayName?.trim() || null;

/** The meeting a Graph eventMessage (with its expanded event) is about; null for other messages. */
export function toMeeting(raw: unknown): { meeting: MeetingDto; eventId: string | null } | null {
  const message = messageSchema.parse(raw);
  const kind = KIND_OF_TYPE[message.meetingMessageType ?? ''];
  if (!kind || !/eventMessage/i.test(message['@odata.type'] ?? '#microsoft.graph.eventMessage')) return null;
  const parsed = eventSchema.safeParse(message.event);
  const event = parsed.success ? parsed.data : null;
  const response = event?.responseStatus?.response as MeetingResponseDto | undefined;
  const cancelled = kind === 'cancellation' || event?.isCancelled === true;
  const outOfDate = message.isOutOfDate === true;
  const isOrganizer = event?.isOrganizer === true;
  const previousStart = instantOf(message.previousStartDateTime);
  const previousEnd = instantOf(message.previousEndDateTime);
  const previousLocation = message.previousLocation ? (place(message.previousLocation) ?? '') : null;
  const meeting: MeetingDto = {
    messageId: message.id,
    kind,
    from: addressOf(message.from),
    attendeeResponse:
      kind === 'response'
        ? (ATTENDEE_RESPONSE[message.meetingMessageType ?? ''] ??
          (message.responseType as MeetingDto['attendeeResponse']) ??
          null)
        : null,
    title: (event?.subject ?? message.subject ?? '').trim(),
    start: instantOf(event?.start ?? message.startDateTime),
    end: instantOf(event?.end ?? message.endDateTime),
    isAllDay: (event?.isAllDay ?? message.isAllDay) === true,
    location: event ? place(event.location) : place(message.location),
    joinUrl: safeJoinUrl(event?.onlineMeeting?.joinUrl ?? event?.onlineMeetingUrl),
    organizer: addressOf(event?.organizer) ?? (kind === 'response' ? null : addressOf(message.from)),
    response: event ? (response && RESPONSES.has(response) ? response : 'none') : null,
    respondedAt:
      event?.responseStatus?.time && !event.responseStatus.time.startsWith('0001-')
        ? event.responseStatus.time
        : null,
    responseRequested: (event?.responseRequested ?? message.responseRequested) !== false,
    cancelled,
    outOfDate,
    isOrganizer,
    previous:
      kind === 'request' && (previousStart || previousEnd || previousLocation !== null)
        ? { start: previousStart, end: previousEnd, location: previousLocation }
        : null,
    canRespond: kind === 'request' && event !== null && !cancelled && !outOfDate && !isOrganizer,
  };
  return { meeting, eventId: event?.id ?? null };
}

async function readMeeting(userId: string, messageId: string) {
  const raw = await withGraph(userId, (client) =>
    client
      .api(`/me/messages/${encodeURIComponent(messageId)}`)
      .expand(`microsoft.graph.eventMessage/event($select=${EVENT_FIELDS})`)
      // Event times in UTC (the browser converts them); the body only as text, since it is not used here.
      .header('Prefer', 'outlook.timezone="UTC", outlook.body-content-type="text"')
      .get(),
  );
  return toMeeting(raw);
}

/** The meeting a message is about, or null when it is ordinary mail. */
export async function getMeeting(userId: string, messageId: string): Promise<MeetingDto | null> {
  const key = `${userId}\u0000${messageId}`;
  if (notMeetings.has(key)) return null;
  const found = await readMeeting(userId, messageId);
  if (!found) rememberNotMeeting(key);
  return found?.meeting ?? null;
}

function closedReason(meeting: MeetingDto): string {
  if (meeting.cancelled) return 'This meeting was cancelled, so there is nothing to answer.';
  if (meeting.kind !== 'request') return 'This message is not an invitation, so there is nothing to answer.';
  if (meeting.isOrganizer) return 'You organized this meeting, so there is nothing to answer.';
  if (meeting.outOfDate) return 'A newer update of this invitation arrived. Answer that one instead.';
  return 'This meeting is no longer in your calendar, so it can’t be answered here.';
}

/**
 * Answers an invitation (accept, tentative, decline) with an optional note; the organizer is told. Returns
 * the meeting with the reader's new response.
 */
export async function respondToMeeting(
  userId: string,
  messageId: string,
  answer: MeetingAnswer,
  comment?: string,
): Promise<MeetingDto> {
  const found = await readMeeting(userId, messageId);
  if (!found) throw new ApiError(404, 'not_a_meeting', 'This message is not a meeting invitation.');
  const { meeting, eventId } = found;
  if (!meeting.canRespond || !eventId) throw new ApiError(409, 'meeting_closed', closedReason(meeting));
  const action = { accept: 'accept', tentative: 'tentativelyAccept', decline: 'decline' }[answer];
  const note = comment?.trim();
  try {
    await withGraph(userId, (client) =>
      client
        .api(`/me/events/${encodeURIComponent(eventId)}/${action}`)
        .post({ ...(note ? { comment: note } : {}), sendResponse: true }),
    );
  } catch (error) {
    throw answerError(error);
  }
  return { ...meeting, response: RESPONSE_OF_ANSWER[answer], respondedAt: new Date().toISOString() };
}

function answerError(error: unknown): unknown {
  if (!(error instanceof GraphRequestError)) return error;
  if (error.kind === 'not-found')
    return new ApiError(404, 'meeting_gone', 'This meeting is no longer in your calendar.');
  if (error.status === 403)
    return new ApiError(
      403,
      'calendar_permission',
      'Tidings isn’t allowed to answer invitations for you yet. Sign out and sign in again to allow it.',
    );
  if (error.kind === 'bad-request')
    return new ApiError(
      409,
      'meeting_response_refused',
      `Microsoft 365 didn’t take the answer (${error.message.replace(/\.$/, '')}). Reload the message to see the meeting as it is now.`,
    );
  return error;
}
