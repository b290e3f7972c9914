import type { MeetingAnswer, MeetingDto, MeetingResponseDto } from './types';

/*
 * Meeting times and links, shared by the server (Graph's dateTimeTimeZone to an instant) and the browser
 * (an instant to words in the reader's own time zone). No server-only imports: both sides use it.
 */

/** What each answer sets the reader's response to (Graph's responseStatus.response). */
export const RESPONSE_OF_ANSWER: Record<MeetingAnswer, MeetingResponseDto> = {
  accept: 'accepted',
  tentative: 'tentativelyAccepted',
  decline: 'declined',
};

/** Windows zone names Exchange uses, for a time that comes in one (Tidings asks Graph for UTC). */
const WINDOWS_ZONES: Record<string, string> = {
  utc: 'UTC',
  'tzone://microsoft/utc': 'UTC',
  'coordinated universal time': 'UTC',
  'gmt standard time': 'Europe/London',
  'greenwich standard time': 'Atlantic/Reykjavik',
  'w. europe standard time': 'Europe/Berlin',
  'romance standard time': 'Europe/Paris',
  'central europe standard time': 'Europe/Budapest',
  'central european standard time': 'Europe/Warsaw',
  'e. europe standard time': 'Europe/Chisinau',
  'fle standard time': 'Europe/Kiev',
  'eastern standard time': 'America/New_York',
  'central standard time': 'America/Chicago',
  'mountain standard time': 'America/Denver',
  'pacific standard time': 'America/Los_Angeles',
  'india standard time': 'Asia/Kolkata',
  'china standard time': 'Asia/Shanghai',
  'tokyo standard time': 'Asia/Tokyo',
  'aus eastern standard time': 'Australia/Sydney',
};

function ianaZone(name: string): string | null {
  const windows = WINDOWS_ZONES[name.trim().toLowerCase()];
  if (windows) return windows;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** How far `zone`'s wall clock is ahead of UTC at the instant `at` (ms since the epoch). */
function offsetAt(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * Graph's dateTimeTimeZone ({ dateTime: "2026-12-10T15:00:00.0000000", timeZone: "UTC" }) as an ISO instant;
 * null when it can't be read.
 */
export function instantOf(
  value: { dateTime: string; timeZone?: string | null } | null | undefined,
): string | null {
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(
    value.dateTime.trim(),
  );
  const zone = ianaZone(value.timeZone || 'UTC');
  if (!match || !zone) return null;
  const [, year, month, day, hour, minute, second] = match;
  const wall = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
  );
  // The zone's offset at the wall time, then again at the instant that gives (right across a DST change).
  let instant = wall - offsetAt(zone, wall);
  instant = wall - offsetAt(zone, instant);
  return Number.isNaN(instant) ? null : new Date(instant).toISOString();
}

/** A join link fit to open: http or https only (never javascript:, data: or the like), else null. */
export function safeJoinUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The reader's time zone as the browser knows it ("Europe/Berlin"). */
export const readerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * When a meeting is, in words, in `zone` (the reader's by default): "Thu, Dec 10, 2026, 10:00 – 11:00 AM".
 * An all-day meeting gives its dates only (kept in UTC, where Exchange keeps all-day events).
 */
export function formatMeetingWhen(
  start: string,
  end: string,
  isAllDay: boolean,
  { zone = readerZone(), locale }: { zone?: string; locale?: string } = {},
): string {
  const from = new Date(start);
  const to = new Date(end);
  if (isAllDay) {
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' });
    const last = new Date(to.getTime() - 1);
    return from.toISOString().slice(0, 10) === last.toISOString().slice(0, 10)
      ? `${dates.format(from)} (all day)`
      : `${dates.formatRange(from, last)} (all day)`;
  }
  const format = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: zone,
  });
  return format.formatRange(from, to);
}

/** The reader's response in words. */
export function responseLabel(response: MeetingResponseDto | null): string {
  switch (response) {
    case 'accepted':
      return 'Accepted';
    case 'tentativelyAccepted':
      return 'Tentatively accepted';
    case 'declined':
      return 'Declined';
    case 'organizer':
      return 'You organized this meeting';
    case null:
      return 'Not in your calendar';
    default:
      return 'Not answered yet';
  }
}

interface Where {
  zone?: string;
  locale?: string;
}

/** When, with the zone named for a timed meeting: "Thu, Dec 10, 2026, 10:00 – 11:00 AM (America/New_York)". */
export function meetingWhenText(
  start: string | null,
  end: string | null,
  isAllDay: boolean,
  { zone = readerZone(), locale }: Where = {},
): string | null {
  if (!start || !end) return null;
  const when = formatMeetingWhen(start, end, isAllDay, { zone, locale });
  return isAllDay ? when : `${when} (${zone})`;
}

/** The card's heading: what kind of meeting message this is. */
export function meetingHeading(meeting: MeetingDto): string {
  if (meeting.kind === 'cancellation' || meeting.cancelled) return 'Meeting cancelled';
  if (meeting.kind === 'response') return 'Meeting response';
  return meeting.previous ? 'Meeting update' : 'Meeting invitation';
}

/** What an update changed, in words ("Updated: the time changed (was …)."), or null for no update. */
export function meetingUpdateText(meeting: MeetingDto, where: Where = {}): string | null {
  const previous = meeting.previous;
  if (!previous || meeting.kind !== 'request' || meeting.cancelled) return null;
  const parts: string[] = [];
  if ((previous.start || previous.end) && meeting.start && meeting.end) {
    const was = meetingWhenText(
      previous.start ?? meeting.start,
      previous.end ?? meeting.end,
      meeting.isAllDay,
      where,
    );
    parts.push(`the time changed (was ${was})`);
  }
  if (previous.location !== null) parts.push(`the place changed (was ${previous.location || 'no place'})`);
  return parts.length ? `Updated: ${parts.join('; ')}.` : 'Updated: the organizer changed this meeting.';
}
