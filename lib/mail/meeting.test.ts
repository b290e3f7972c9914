import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

/*
 * Meeting invitations read and answered against the emulator over real HTTP: what the card is made of, the
 * answer reaching the event and the organizer, and the refusals a person must be told about.
 */

let emulator: RunningEmulator;
let alex: string;
let alexMailOnly: string;
let lib: typeof import('./meeting');
let ApiError: typeof import('../api/api-error').ApiError;

const WITH_CALENDAR =
  'openid profile email offline_access User.Read Mail.ReadWrite Mail.Send MailboxSettings.ReadWrite Calendars.ReadWrite';

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = await import('./meeting');
  ({ ApiError } = await import('../api/api-error'));
  ({ userId: alex } = await signInUser(emulator, 'alex', { scope: WITH_CALENDAR }));
  ({ userId: alexMailOnly } = await signInUser(emulator, 'alex'));
});
afterAll(() => emulator.close());

interface Delivery {
  user: string;
  eventId: string | null;
  messageId: string | null;
}

async function control(path: string, body: unknown) {
  const response = await emulatorControl(emulator, path, body);
  return (await response.json()) as { iCalUId: string; deliveries: Delivery[] };
}

async function invite(extra: Record<string, unknown> = {}) {
  const sent = await control('/meetings', {
    organizer: 'megan@contoso.test',
    to: 'alex@contoso.test',
    subject: 'Quarterly planning',
    body: 'Agenda to follow.',
    start: '2026-12-10T15:00:00Z',
    end: '2026-12-10T16:00:00Z',
    timeZone: 'Europe/London',
    location: 'Room 4',
    onlineMeeting: true,
    ...extra,
  });
  const delivery = sent.deliveries.find((d) => d.user === 'alex@contoso.test');
  return { iCalUId: sent.iCalUId, messageId: delivery?.messageId ?? '', eventId: delivery?.eventId ?? '' };
}

async function eventsOf(user: string) {
  const response = await fetch(`${emulator.url}/_emulator/events/${user}`);
  return ((await response.json()) as { events: { id: string; responseStatus: { response: string } }[] })
    .events;
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as InstanceType<typeof ApiError>;
  }
  throw new Error('expected a refusal');
}

describe('reading a meeting', () => {
  it('makes an invitation into its card: title, times as instants, place, link, organizer, response', async () => {
    const { messageId } = await invite();
    const meeting = await lib.getMeeting(alex, messageId);
    expect(meeting).toMatchObject({
      messageId,
      kind: 'request',
      title: 'Quarterly planning',
      start: '2026-12-10T15:00:00.000Z',
      end: '2026-12-10T16:00:00.000Z',
      isAllDay: false,
      location: 'Room 4',
      organizer: { name: 'Megan Bowen', address: 'megan@contoso.test' },
      response: 'notResponded',
      respondedAt: null,
      responseRequested: true,
      cancelled: false,
      outOfDate: false,
      isOrganizer: false,
      previous: null,
      canRespond: true,
    });
    expect(meeting?.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
  });

  it('answers null for ordinary mail, and asks Graph about it only once', async () => {
    const { id } = (await (
      await emulatorControl(emulator, '/mail', { to: 'alex', from: 'lee@northwind.test', subject: 'Plain' })
    ).json()) as { id: string };
    const since = new Date().toISOString();
    expect(await lib.getMeeting(alex, id)).toBeNull();
    expect(await lib.getMeeting(alex, id)).toBeNull();
    const log = (await (
      await fetch(`${emulator.url}/_emulator/requests?since=${since}&user=alex`)
    ).json()) as {
      requests: { path: string }[];
    };
    expect(
      log.requests.filter((r) => r.path.includes(encodeURIComponent(id)) || r.path.includes(id)),
    ).toHaveLength(1);
  });

  it('reads a meeting with a mail-only sign-in too', async () => {
    const { messageId } = await invite({ subject: 'Mail-only reader' });
    expect((await lib.getMeeting(alexMailOnly, messageId))?.title).toBe('Mail-only reader');
  });
});

describe('answering', () => {
  it('accept with a note sets the event and tells the organizer', async () => {
    const { messageId, eventId } = await invite({ subject: 'Answer with a note' });
    const answered = await lib.respondToMeeting(alex, messageId, 'accept', '  See you there  ');
    expect(answered.response).toBe('accepted');
    const event = (await eventsOf('alex')).find((e) => e.id === eventId);
    expect(event?.responseStatus.response).toBe('accepted');
    const megan = (await (await fetch(`${emulator.url}/_emulator/mailboxes/megan`)).json()) as {
      messages: { id: string; subject: string }[];
    };
    const reply = megan.messages.find((m) => m.subject === 'Accepted: Answer with a note');
    expect(reply).toBeDefined();
    const token = await emulator.ctx.tokens.mint({
      userId: emulator.ctx.store.findUser('megan')?.id ?? '',
      appId: emulator.config.client.clientId,
      ttlSeconds: 600,
    });
    const body = (await (
      await fetch(`${emulator.url}/v1.0/me/messages/${reply?.id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { body: { content: string } };
    expect(body.body.content).toContain('See you there');
    const again = await lib.getMeeting(alex, messageId);
    expect(again?.response).toBe('accepted');
    expect(again?.respondedAt).not.toBeNull();
  });

  it('tentative and decline change the answer again', async () => {
    const { messageId, eventId } = await invite({ subject: 'Changing my mind' });
    await lib.respondToMeeting(alex, messageId, 'tentative');
    expect((await eventsOf('alex')).find((e) => e.id === eventId)?.responseStatus.response).toBe(
      'tentativelyAccepted',
    );
    await lib.respondToMeeting(alex, messageId, 'decline');
    expect((await eventsOf('alex')).find((e) => e.id === eventId)?.responseStatus.response).toBe('declined');
  });

  it('says to sign in again when the sign-in may not write the calendar', async () => {
    const { messageId, eventId } = await invite({ subject: 'No calendar rights' });
    const error = await rejection(lib.respondToMeeting(alexMailOnly, messageId, 'accept'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/sign in again/i);
    expect((await eventsOf('alex')).find((e) => e.id === eventId)?.responseStatus.response).toBe(
      'notResponded',
    );
  });
});

describe('updates and cancellations', () => {
  it('an update says what moved and makes the first invitation out of date', async () => {
    const first = await invite({ subject: 'Moving' });
    const sent = await control('/meetings', {
      iCalUId: first.iCalUId,
      start: '2026-12-11T09:00:00Z',
      end: '2026-12-11T10:00:00Z',
      location: 'Room 7',
    });
    const updateId = sent.deliveries[0]?.messageId ?? '';
    const update = await lib.getMeeting(alex, updateId);
    expect(update).toMatchObject({
      kind: 'request',
      start: '2026-12-11T09:00:00.000Z',
      location: 'Room 7',
      previous: { start: '2026-12-10T15:00:00.000Z', end: '2026-12-10T16:00:00.000Z', location: 'Room 4' },
      canRespond: true,
    });
    const old = await lib.getMeeting(alex, first.messageId);
    expect(old).toMatchObject({ outOfDate: true, canRespond: false });
    const error = await rejection(lib.respondToMeeting(alex, first.messageId, 'accept'));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/newer update/);
  });

  it('a cancellation shows as cancelled, on itself and on the invitation, and takes no answer', async () => {
    const { iCalUId, messageId } = await invite({ subject: 'Called off' });
    const cancelled = await control(`/meetings/${iCalUId}/cancel`, { comment: 'Sorry.' });
    const cancellationId = cancelled.deliveries[0]?.messageId ?? '';
    const cancellation = await lib.getMeeting(alex, cancellationId);
    expect(cancellation).toMatchObject({
      kind: 'cancellation',
      cancelled: true,
      canRespond: false,
      organizer: { address: 'megan@contoso.test' },
      start: '2026-12-10T15:00:00.000Z',
    });
    expect(await lib.getMeeting(alex, messageId)).toMatchObject({ cancelled: true, canRespond: false });
    const error = await rejection(lib.respondToMeeting(alex, cancellationId, 'accept'));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/cancelled/);
  });
});

describe('toMeeting', () => {
  const base = {
    id: 'm1',
    '@odata.type': '#microsoft.graph.eventMessageRequest',
    meetingMessageType: 'meetingRequest',
    subject: 'From the message',
    from: { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } },
    startDateTime: { dateTime: '2026-07-01T09:00:00.0000000', timeZone: 'UTC' },
    endDateTime: { dateTime: '2026-07-01T10:00:00.0000000', timeZone: 'UTC' },
    location: { displayName: 'Hall' },
  };

  it('falls back on the message when the event is gone (Exchange answers {})', () => {
    const found = lib.toMeeting({ ...base, event: {} });
    expect(found?.eventId).toBeNull();
    expect(found?.meeting).toMatchObject({
      title: 'From the message',
      location: 'Hall',
      start: '2026-07-01T09:00:00.000Z',
      organizer: { address: 'megan@contoso.test' },
      response: null,
      canRespond: false,
    });
  });

  it('converts an event in another zone and drops a join link that is not http(s)', () => {
    const found = lib.toMeeting({
      ...base,
      event: {
        id: 'e1',
        subject: 'Zoned',
        start: { dateTime: '2026-07-01T09:00:00.0000000', timeZone: 'Pacific Standard Time' },
        end: { dateTime: '2026-07-01T10:00:00.0000000', timeZone: 'Pacific Standard Time' },
        onlineMeeting: { joinUrl: 'javascript:alert(document.cookie)' },
        responseStatus: { response: 'accepted', time: '2026-06-01T08:00:00Z' },
      },
    });
    expect(found?.meeting).toMatchObject({
      start: '2026-07-01T16:00:00.000Z',
      end: '2026-07-01T17:00:00.000Z',
      joinUrl: null,
      response: 'accepted',
      respondedAt: '2026-06-01T08:00:00Z',
    });
  });

  it('is null for ordinary mail and reads an attendee response in the organizer mailbox', () => {
    expect(lib.toMeeting({ id: 'plain', subject: 'Hello' })).toBeNull();
    const found = lib.toMeeting({
      ...base,
      '@odata.type': '#microsoft.graph.eventMessageResponse',
      meetingMessageType: 'meetingTenativelyAccepted',
      from: { emailAddress: { name: 'Alex Wilber', address: 'alex@contoso.test' } },
    });
    expect(found?.meeting).toMatchObject({
      kind: 'response',
      attendeeResponse: 'tentativelyAccepted',
      from: { name: 'Alex Wilber' },
      canRespond: false,
    });
  });
});
