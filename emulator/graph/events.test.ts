import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { graphClient, graphErrorOf, startTestEmulator, tokenFor } from '../testing';

/*
 * Meetings through the official Graph client: an invitation is an eventMessageRequest with its event in the
 * attendee's calendar, answers go to the organizer, updates and cancellations reach the attendee.
 */

let emulator: RunningEmulator;
let alex: Client;
let megan: Client;

beforeAll(async () => {
  emulator = await startTestEmulator();
  alex = await graphClient(emulator, { alias: 'alex' });
  megan = await graphClient(emulator, { alias: 'megan' });
});
afterAll(() => emulator.close());

interface Delivery {
  user: string;
  eventId: string | null;
  messageId: string | null;
}

async function control(path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function invite(body: Record<string, unknown>) {
  const { status, body: answer } = await control('/meetings', {
    organizer: 'megan@contoso.test',
    to: 'alex@contoso.test',
    subject: 'Launch review',
    body: 'Walk through the launch plan.',
    start: '2026-12-10T15:00:00Z',
    end: '2026-12-10T16:00:00Z',
    timeZone: 'Europe/London',
    location: 'Room 4',
    ...body,
  });
  expect(status).toBe(201);
  const deliveries = answer.deliveries as Delivery[];
  const toAlex = deliveries.find((d) => d.user === 'alex@contoso.test');
  return {
    iCalUId: answer.iCalUId as string,
    messageId: toAlex?.messageId ?? '',
    eventId: toAlex?.eventId ?? '',
  };
}

const EXPAND = 'microsoft.graph.eventMessage/event';

describe('an invitation', () => {
  it('is an eventMessageRequest in the Inbox with its event in the calendar', async () => {
    const { messageId, eventId } = await invite({ subject: 'Invitation shape', onlineMeeting: true });
    const message = await alex.api(`/me/messages/${messageId}`).expand(EXPAND).get();
    expect(message['@odata.type']).toBe('#microsoft.graph.eventMessageRequest');
    expect(message.meetingMessageType).toBe('meetingRequest');
    expect(message.subject).toBe('Invitation shape');
    expect(message.startDateTime).toEqual({ dateTime: '2026-12-10T15:00:00.0000000', timeZone: 'UTC' });
    expect(message.endDateTime).toEqual({ dateTime: '2026-12-10T16:00:00.0000000', timeZone: 'UTC' });
    expect(message.location.displayName).toBe('Room 4');
    expect(message.isOutOfDate).toBe(false);
    expect(message.responseRequested).toBe(true);
    expect(message.from.emailAddress.address).toBe('megan@contoso.test');
    expect(message.event.id).toBe(eventId);
    expect(message['event@odata.context']).toContain('/microsoft.graph.eventMessage/event/$entity');
    expect(message.event).toMatchObject({
      subject: 'Invitation shape',
      start: { dateTime: '2026-12-10T15:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-12-10T16:00:00.0000000', timeZone: 'UTC' },
      originalStartTimeZone: 'Europe/London',
      location: { displayName: 'Room 4' },
      isOnlineMeeting: true,
      isOrganizer: false,
      isCancelled: false,
      showAs: 'tentative',
      responseRequested: true,
      responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
      organizer: { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } },
    });
    expect(message.event.onlineMeeting.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(message.event.attendees).toEqual([
      {
        type: 'required',
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: 'Alex Wilber', address: 'alex@contoso.test' },
      },
    ]);
  });

  it('carries its type in lists and $select, and other messages expand to nothing', async () => {
    const { messageId } = await invite({ subject: 'Listed invitation' });
    const list = await alex.api('/me/mailFolders/inbox/messages').select('id,subject').top(20).get();
    const listed = list.value.find((m: { id: string }) => m.id === messageId);
    expect(listed['@odata.type']).toBe('#microsoft.graph.eventMessageRequest');
    const plain = list.value.find((m: Record<string, unknown>) => m['@odata.type'] === undefined);
    const expanded = await alex.api(`/me/messages/${plain.id}`).expand(EXPAND).get();
    expect(expanded['@odata.type']).toBeUndefined();
    expect(expanded.event).toBeUndefined();
  });

  it('expands the event with its own $select, in the zone a Prefer header asks for', async () => {
    const { messageId } = await invite({ subject: 'Selected invitation' });
    const message = await alex
      .api(`/me/messages/${messageId}`)
      .header('Prefer', 'outlook.timezone="America/New_York"')
      .expand(`${EXPAND}($select=subject,start,responseStatus)`)
      .get();
    expect(Object.keys(message.event).sort()).toEqual([
      '@odata.etag',
      'id',
      'responseStatus',
      'start',
      'subject',
    ]);
    expect(message.event.start).toEqual({
      dateTime: '2026-12-10T10:00:00.0000000',
      timeZone: 'America/New_York',
    });
    const error = await graphErrorOf(alex.api(`/me/messages/${messageId}`).expand('event').get());
    expect(error.statusCode).toBe(400);
  });

  it('is reachable through /users/{upn}/ like the other routes, and not another mailbox', async () => {
    const { eventId } = await invite({ subject: 'Users path' });
    const event = await alex.api(`/users/alex@contoso.test/events/${eventId}`).select('subject').get();
    expect(event.subject).toBe('Users path');
    expect(
      (await graphErrorOf(megan.api(`/users/alex@contoso.test/events/${eventId}`).get())).statusCode,
    ).toBe(403);
    expect((await graphErrorOf(megan.api(`/me/events/${eventId}`).get())).statusCode).toBe(404);
  });
});

describe('answering', () => {
  it('accept sets the response, and with sendResponse the organizer gets it by mail and in the attendee list', async () => {
    const { eventId, iCalUId } = await invite({ subject: 'Answer me' });
    const response = await fetch(`${emulator.url}/v1.0/me/events/${eventId}/accept`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor(emulator, 'alex')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ comment: 'See you there', sendResponse: true }),
    });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
    const event = await alex.api(`/me/events/${eventId}`).get();
    expect(event.responseStatus.response).toBe('accepted');
    expect(Date.parse(event.responseStatus.time)).toBeGreaterThan(Date.now() - 60_000);
    expect(event.showAs).toBe('busy');

    const inbox = await megan.api('/me/mailFolders/inbox/messages').top(10).get();
    const answer = inbox.value.find((m: { subject: string }) => m.subject === 'Accepted: Answer me');
    expect(answer['@odata.type']).toBe('#microsoft.graph.eventMessageResponse');
    expect(answer.meetingMessageType).toBe('meetingAccepted');
    expect(answer.responseType).toBe('accepted');
    expect(answer.body.content).toContain('See you there');
    const calendar = (await control('/events/megan')).body.events as {
      iCalUId: string;
      isOrganizer: boolean;
      attendees: { address: string; response: string }[];
    }[];
    const own = calendar.find((e) => e.iCalUId === iCalUId);
    expect(own?.isOrganizer).toBe(true);
    expect(own?.attendees).toEqual([
      expect.objectContaining({ address: 'alex@contoso.test', response: 'accepted' }),
    ]);
    const sent = await alex.api('/me/mailFolders/sentitems/messages').top(5).get();
    expect(sent.value[0].subject).toBe('Accepted: Answer me');
  });

  it("tentativelyAccept and decline use Graph's spellings, and without sendResponse nobody is told", async () => {
    const { eventId } = await invite({ subject: 'Maybe' });
    await alex.api(`/me/events/${eventId}/tentativelyAccept`).post({ sendResponse: true });
    const inbox = await megan.api('/me/mailFolders/inbox/messages').top(10).get();
    expect(
      inbox.value.find((m: { subject: string }) => m.subject === 'Tentative: Maybe').meetingMessageType,
    ).toBe('meetingTenativelyAccepted');
    await alex.api(`/me/events/${eventId}/decline`).post({ sendResponse: false });
    expect((await alex.api(`/me/events/${eventId}`).get()).responseStatus.response).toBe('declined');
    const after = await megan.api('/me/mailFolders/inbox/messages').top(10).get();
    expect(after.value.some((m: { subject: string }) => m.subject === 'Declined: Maybe')).toBe(false);
  });

  it('refuses a comment without sendResponse, the organizer answering, and a token without calendar rights', async () => {
    const { eventId, iCalUId } = await invite({ subject: 'Refusals' });
    const error = await graphErrorOf(
      alex.api(`/me/events/${eventId}/accept`).post({ comment: 'quietly', sendResponse: false }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain("'SendResponse' must be true");
    const own = ((await control('/events/megan')).body.events as { id: string; iCalUId: string }[]).find(
      (e) => e.iCalUId === iCalUId,
    );
    expect((await graphErrorOf(megan.api(`/me/events/${own?.id}/accept`).post({}))).statusCode).toBe(400);
    const mailOnly = await graphClient(emulator, {
      token: await tokenFor(emulator, 'alex', { scopes: ['Mail.ReadWrite'] }),
    });
    expect((await graphErrorOf(mailOnly.api(`/me/events/${eventId}/accept`).post({}))).statusCode).toBe(403);
    expect((await alex.api(`/me/events/${eventId}`).get()).responseStatus.response).toBe('notResponded');
  });
});

describe('updates and cancellations', () => {
  it('an update moves the event, says what it was, asks again and makes the first invitation out of date', async () => {
    const first = await invite({ subject: 'Moving meeting' });
    await alex.api(`/me/events/${first.eventId}/accept`).post({});
    const update = await invite({
      iCalUId: first.iCalUId,
      start: '2026-12-11T09:00:00Z',
      end: '2026-12-11T10:00:00Z',
      organizer: undefined,
      to: undefined,
      subject: undefined,
      body: undefined,
      timeZone: undefined,
      location: undefined,
    });
    expect(update.eventId).toBe(first.eventId);
    const message = await alex.api(`/me/messages/${update.messageId}`).expand(EXPAND).get();
    expect(message.previousStartDateTime).toEqual({
      dateTime: '2026-12-10T15:00:00.0000000',
      timeZone: 'UTC',
    });
    expect(message.previousLocation).toBeNull();
    expect(message.event.start.dateTime).toBe('2026-12-11T09:00:00.0000000');
    expect(message.event.location.displayName).toBe('Room 4');
    expect(message.event.responseStatus.response).toBe('notResponded');
    const old = await alex.api(`/me/messages/${first.messageId}`).get();
    expect(old.isOutOfDate).toBe(true);
    expect(message.conversationId).toBe(old.conversationId);
  });

  it('a cancellation marks the event cancelled, delivers meetingCancelled, and refuses answers', async () => {
    const { iCalUId, eventId, messageId } = await invite({ subject: 'Doomed meeting' });
    const { status, body } = await control(`/meetings/${iCalUId}/cancel`, { comment: 'Plans changed.' });
    expect(status).toBe(200);
    const cancellation = (body.deliveries as Delivery[])[0];
    expect(cancellation?.eventId).toBe(eventId);
    const message = await alex.api(`/me/messages/${cancellation?.messageId}`).expand(EXPAND).get();
    expect(message['@odata.type']).toBe('#microsoft.graph.eventMessage');
    expect(message.meetingMessageType).toBe('meetingCancelled');
    expect(message.subject).toBe('Canceled: Doomed meeting');
    expect(message.importance).toBe('high');
    expect(message.body.content).toContain('Plans changed.');
    expect(message.event).toMatchObject({ isCancelled: true, subject: 'Canceled: Doomed meeting' });
    expect((await alex.api(`/me/messages/${messageId}`).get()).isOutOfDate).toBe(true);
    const error = await graphErrorOf(alex.api(`/me/events/${eventId}/accept`).post({}));
    expect(error.statusCode).toBe(400);
    const organizers = (await control('/events/megan')).body.events as { iCalUId: string }[];
    expect(organizers.some((e) => e.iCalUId === iCalUId)).toBe(false);
    expect((await control(`/meetings/${iCalUId}/cancel`, {})).status).toBe(400);
  });

  it('refuses bad control input by field', async () => {
    const { status, body } = await control('/meetings', {
      organizer: 'megan@contoso.test',
      to: 'alex@contoso.test',
      start: '2026-12-10 15:00',
      end: '2026-12-10T16:00:00Z',
    });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('start');
    expect((await control('/meetings', { iCalUId: 'nope' })).status).toBe(404);
  });
});
