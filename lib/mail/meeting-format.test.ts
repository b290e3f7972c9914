import { describe, expect, it } from 'vitest';
import {
  formatMeetingWhen,
  instantOf,
  meetingHeading,
  meetingUpdateText,
  meetingWhenText,
  responseLabel,
  safeJoinUrl,
} from './meeting-format';
import type { MeetingDto } from './types';

const plain = (text: string) => text.replace(/\s+/g, ' ');

describe('instantOf', () => {
  it('reads Graph UTC times, with or without the seven fraction digits', () => {
    expect(instantOf({ dateTime: '2026-12-10T15:00:00.0000000', timeZone: 'UTC' })).toBe(
      '2026-12-10T15:00:00.000Z',
    );
    expect(instantOf({ dateTime: '2026-12-10T15:30:00', timeZone: null })).toBe('2026-12-10T15:30:00.000Z');
  });

  it('converts IANA and Windows zones, on both sides of a daylight-saving change', () => {
    expect(instantOf({ dateTime: '2026-07-01T09:00:00.0000000', timeZone: 'Europe/London' })).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(instantOf({ dateTime: '2026-12-01T09:00:00.0000000', timeZone: 'Pacific Standard Time' })).toBe(
      '2026-12-01T17:00:00.000Z',
    );
    expect(instantOf({ dateTime: '2026-07-01T09:00:00.0000000', timeZone: 'Pacific Standard Time' })).toBe(
      '2026-07-01T16:00:00.000Z',
    );
  });

  it('gives null for what it cannot read', () => {
    expect(instantOf({ dateTime: 'next Tuesday', timeZone: 'UTC' })).toBeNull();
    expect(instantOf({ dateTime: '2026-12-10T15:00:00', timeZone: 'Mars/Olympus_Mons' })).toBeNull();
    expect(instantOf(null)).toBeNull();
  });
});

describe('safeJoinUrl', () => {
  it('keeps http(s) links and refuses every other scheme', () => {
    expect(safeJoinUrl('https://teams.microsoft.com/l/meetup-join/abc')).toBe(
      'https://teams.microsoft.com/l/meetup-join/abc',
    );
    expect(safeJoinUrl('http://meet.example.test/x')).toBe('http://meet.example.test/x');
    expect(safeJoinUrl('javascript:alert(1)')).toBeNull();
    expect(safeJoinUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeJoinUrl('data:text/html,<script>1</script>')).toBeNull();
    expect(safeJoinUrl('not a url')).toBeNull();
    expect(safeJoinUrl(null)).toBeNull();
  });
});

describe('formatMeetingWhen', () => {
  it('shows the time in the zone it is given', () => {
    const start = '2026-12-10T15:00:00.000Z';
    const end = '2026-12-10T16:00:00.000Z';
    expect(plain(formatMeetingWhen(start, end, false, { zone: 'America/New_York', locale: 'en-US' }))).toBe(
      'Thu, Dec 10, 2026, 10:00 – 11:00 AM',
    );
    expect(plain(formatMeetingWhen(start, end, false, { zone: 'Asia/Tokyo', locale: 'en-GB' }))).toBe(
      'Fri, 11 Dec 2026, 00:00–01:00',
    );
  });

  it('gives an all-day meeting its dates only', () => {
    expect(
      plain(
        formatMeetingWhen('2026-12-10T00:00:00.000Z', '2026-12-11T00:00:00.000Z', true, { locale: 'en-US' }),
      ),
    ).toBe('Thursday, December 10, 2026 (all day)');
  });
});

describe('responseLabel', () => {
  it('names every response', () => {
    expect(responseLabel('accepted')).toBe('Accepted');
    expect(responseLabel('tentativelyAccepted')).toBe('Tentatively accepted');
    expect(responseLabel('declined')).toBe('Declined');
    expect(responseLabel('notResponded')).toBe('Not answered yet');
    expect(responseLabel(null)).toBe('Not in your calendar');
  });
});

const meeting = (over: Partial<MeetingDto> = {}): MeetingDto => ({
  messageId: 'm1',
  kind: 'request',
  from: { name: 'Megan Bowen', address: 'megan@contoso.test' },
  attendeeResponse: null,
  title: 'Launch review',
  start: '2026-12-11T14:00:00.000Z',
  end: '2026-12-11T15:00:00.000Z',
  isAllDay: false,
  location: 'Room 7',
  joinUrl: null,
  organizer: { name: 'Megan Bowen', address: 'megan@contoso.test' },
  response: 'notResponded',
  respondedAt: null,
  responseRequested: true,
  cancelled: false,
  outOfDate: false,
  isOrganizer: false,
  previous: null,
  canRespond: true,
  ...over,
});

describe('the card texts', () => {
  const where = { zone: 'America/New_York', locale: 'en-US' };

  it('names the zone of a timed meeting', () => {
    const m = meeting();
    expect(plain(meetingWhenText(m.start, m.end, false, where) ?? '')).toBe(
      'Fri, Dec 11, 2026, 9:00 – 10:00 AM (America/New_York)',
    );
    expect(meetingWhenText(null, m.end, false, where)).toBeNull();
  });

  it('heads each kind of meeting message', () => {
    expect(meetingHeading(meeting())).toBe('Meeting invitation');
    expect(meetingHeading(meeting({ previous: { start: null, end: null, location: 'Room 4' } }))).toBe(
      'Meeting update',
    );
    expect(meetingHeading(meeting({ kind: 'cancellation', cancelled: true }))).toBe('Meeting cancelled');
    expect(meetingHeading(meeting({ cancelled: true }))).toBe('Meeting cancelled');
    expect(meetingHeading(meeting({ kind: 'response' }))).toBe('Meeting response');
  });

  it('says what an update moved', () => {
    const moved = meeting({
      previous: { start: '2026-12-10T15:00:00.000Z', end: '2026-12-10T16:00:00.000Z', location: 'Room 4' },
    });
    expect(plain(meetingUpdateText(moved, where) ?? '')).toBe(
      'Updated: the time changed (was Thu, Dec 10, 2026, 10:00 – 11:00 AM (America/New_York)); the place changed (was Room 4).',
    );
    expect(meetingUpdateText(meeting({ previous: { start: null, end: null, location: '' } }), where)).toBe(
      'Updated: the place changed (was no place).',
    );
    expect(meetingUpdateText(meeting(), where)).toBeNull();
    expect(meetingUpdateText({ ...moved, cancelled: true }, where)).toBeNull();
  });
});
