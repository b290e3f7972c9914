import type { StoredEvent } from '../store/calendar';
import { previewOf } from '../store/message-factory';
import type { MeetingMessageInfo } from '../store/types';

/*
 * Events and event messages as Graph returns them. Times are Graph's dateTimeTimeZone: the wall-clock
 * time in a zone, without an offset ("2026-12-10T15:00:00.0000000", "UTC"). Events come in UTC unless a
 * request asks for another zone with `Prefer: outlook.timezone="<IANA name>"`; event messages always in UTC.
 */

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

/** A zone Intl knows (IANA names and UTC), else undefined. */
export function knownZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** An instant as Graph's dateTimeTimeZone in `zone`. */
export function dateTimeTimeZone(instant: string, zone = 'UTC'): DateTimeTimeZone {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    dateTime: `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}.0000000`,
    timeZone: zone,
  };
}

/** Graph's location: a display name, empty when the meeting has no place. */
export function locationToGraph(displayName: string) {
  return {
    displayName,
    locationType: 'default',
    uniqueIdType: displayName ? 'private' : 'unknown',
    ...(displayName ? { uniqueId: displayName } : {}),
    address: {},
    coordinates: {},
  };
}

/** The properties an eventMessage (and its request and response subtypes) adds to a message. */
export function meetingMessageFields(meeting: MeetingMessageInfo): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    '@odata.type': meeting.odataType,
    meetingMessageType: meeting.meetingMessageType,
    isDelegated: false,
    startDateTime: dateTimeTimeZone(meeting.start),
    endDateTime: dateTimeTimeZone(meeting.end),
    location: locationToGraph(meeting.location),
    type: 'singleInstance',
    recurrence: null,
    isOutOfDate: meeting.isOutOfDate,
    isAllDay: meeting.isAllDay,
  };
  if (meeting.odataType === '#microsoft.graph.eventMessageRequest') {
    const previous = meeting.previous;
    Object.assign(fields, {
      responseRequested: meeting.responseRequested,
      allowNewTimeProposals: true,
      previousStartDateTime: previous?.start ? dateTimeTimeZone(previous.start) : null,
      previousEndDateTime: previous?.end ? dateTimeTimeZone(previous.end) : null,
      previousLocation: previous?.location !== undefined ? locationToGraph(previous.location) : null,
    });
  }
  if (meeting.odataType === '#microsoft.graph.eventMessageResponse') {
    Object.assign(fields, { responseType: meeting.responseType ?? null, proposedNewTime: null });
  }
  return fields;
}

/** An event with Graph's default properties, its times in `zone`. */
export function eventToGraph(event: StoredEvent, zone = 'UTC'): Record<string, unknown> {
  return {
    '@odata.etag': `W/"${event.changeKey}"`,
    id: event.id,
    createdDateTime: event.createdDateTime,
    lastModifiedDateTime: event.lastModifiedDateTime,
    changeKey: event.changeKey,
    categories: [],
    transactionId: null,
    originalStartTimeZone: event.timeZone,
    originalEndTimeZone: event.timeZone,
    iCalUId: event.iCalUId,
    uid: event.iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: !event.isCancelled,
    hasAttachments: false,
    subject: event.subject,
    bodyPreview: previewOf(event.body),
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: event.isAllDay,
    isCancelled: event.isCancelled,
    isOrganizer: event.isOrganizer,
    responseRequested: event.responseRequested,
    seriesMasterId: null,
    showAs: event.showAs,
    type: 'singleInstance',
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: event.joinUrl !== null,
    onlineMeetingProvider: event.joinUrl ? 'teamsForBusiness' : 'unknown',
    allowNewTimeProposals: true,
    occurrenceId: null,
    isDraft: false,
    hideAttendees: false,
    responseStatus: { ...event.responseStatus },
    body: { ...event.body },
    start: dateTimeTimeZone(event.start, zone),
    end: dateTimeTimeZone(event.end, zone),
    location: locationToGraph(event.location),
    locations: event.location ? [locationToGraph(event.location)] : [],
    recurrence: null,
    attendees: event.attendees.map((a) => ({
      type: a.type,
      status: { ...a.status },
      emailAddress: { ...a.emailAddress },
    })),
    organizer: { emailAddress: { ...event.organizer.emailAddress } },
    onlineMeeting: event.joinUrl ? { joinUrl: event.joinUrl } : null,
  };
}

/** Properties of an event a client may $select. */
export const EVENT_PROPERTIES = new Set(
  Object.keys(
    eventToGraph({
      id: '',
      userId: '',
      iCalUId: '',
      changeKey: '',
      createdDateTime: '',
      lastModifiedDateTime: '',
      subject: '',
      body: { contentType: 'html', content: '' },
      start: '2000-01-01T00:00:00Z',
      end: '2000-01-01T00:00:00Z',
      timeZone: 'UTC',
      isAllDay: false,
      location: '',
      joinUrl: null,
      organizer: { emailAddress: { name: '', address: '' } },
      attendees: [],
      isOrganizer: false,
      responseRequested: true,
      responseStatus: { response: 'none', time: '' },
      isCancelled: false,
      showAs: 'busy',
      sequence: 0,
      conversationId: '',
    }),
  ).filter((name) => !name.startsWith('@')),
);
