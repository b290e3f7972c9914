import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { badRequest, notFound, parseBody } from '../graph/errors';
import { knownZone } from '../graph/events-serialize';
import { cancelMeeting, eventsOf, getMeeting, sendMeeting } from '../store/calendar';

/*
 * Control routes for meetings: an organizer (anyone; a seeded user keeps their own copy) sends an invitation
 * or an update, or cancels; and a read of one calendar. Graph has no API that delivers a meeting from outside,
 * just as it has none that delivers mail: these stand in for Exchange's transport.
 */

const addresses = z
  .union([z.string().email(), z.array(z.string().email()).min(1)])
  .transform((v) => [v].flat());

const instant = z
  .string()
  .refine((s) => /(?:Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'an ISO 8601 time with Z or an offset, e.g. 2026-12-10T15:00:00Z',
  })
  .transform((s) => new Date(s).toISOString());

const meetingSchema = z
  .object({
    /** Re-sends the meeting with this id as an update. */
    iCalUId: z.string().optional(),
    organizer: z.string().email().optional(),
    organizerName: z.string().optional(),
    to: addresses.optional(),
    optional: z.array(z.string().email()).optional(),
    subject: z.string().optional(),
    body: z.string().optional(),
    start: instant.optional(),
    end: instant.optional(),
    timeZone: z
      .string()
      .refine((zone) => knownZone(zone) !== undefined, { message: 'an IANA time zone, e.g. Europe/London' })
      .optional(),
    isAllDay: z.boolean().optional(),
    location: z.string().optional(),
    /** An online meeting: true makes a Teams join link, a string is the join link itself. */
    onlineMeeting: z.union([z.boolean(), z.string().url()]).optional(),
    responseRequested: z.boolean().optional(),
  })
  .strict();

const cancelSchema = z.object({ comment: z.string().default('') }).strict();

const nameOf = (ctx: EmulatorContext, address: string) =>
  ctx.store.findUser(address)?.displayName ?? address.split('@')[0] ?? address;

const teamsLink = () =>
  `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${randomBytes(24).toString('base64url')}%40thread.v2/0`;

export function registerMeetingControlRoutes(control: Router, ctx: EmulatorContext): void {
  // A meeting invitation, or (with iCalUId) an update of one: the fields given replace the meeting's.
  control.post('/meetings', (req, res) => {
    const input = parseBody(meetingSchema, req.body, 'BadRequest');
    const before = input.iCalUId ? getMeeting(ctx.store, input.iCalUId) : undefined;
    if (input.iCalUId && !before) throw notFound(`No meeting "${input.iCalUId}".`);
    if (before?.cancelled) throw badRequest('That meeting was cancelled; send a new one.');
    const organizer = input.organizer ?? before?.organizer.address;
    const start = input.start ?? before?.start;
    const end = input.end ?? before?.end;
    if (!organizer) throw badRequest('organizer: required for a new meeting');
    if (!input.to && !before) throw badRequest('to: required for a new meeting');
    if (!start || !end) throw badRequest('start and end: required for a new meeting');
    if (Date.parse(end) <= Date.parse(start)) throw badRequest('end: must be after start');
    const attendees = input.to
      ? [
          ...input.to.map((address) => ({ address, name: nameOf(ctx, address), type: 'required' as const })),
          ...(input.optional ?? []).map((address) => ({
            address,
            name: nameOf(ctx, address),
            type: 'optional' as const,
          })),
        ]
      : (before?.attendees ?? []);
    const joinUrl =
      input.onlineMeeting === undefined
        ? (before?.joinUrl ?? null)
        : input.onlineMeeting === true
          ? (before?.joinUrl ?? teamsLink())
          : input.onlineMeeting === false
            ? null
            : input.onlineMeeting;
    const { definition, deliveries } = sendMeeting(ctx.store, {
      iCalUId: before?.iCalUId,
      organizer: {
        address: organizer,
        name: input.organizerName ?? before?.organizer.name ?? nameOf(ctx, organizer),
      },
      attendees,
      subject: input.subject ?? before?.subject ?? '',
      description: input.body ?? before?.description ?? '',
      start,
      end,
      timeZone: input.timeZone ?? before?.timeZone ?? 'UTC',
      isAllDay: input.isAllDay ?? before?.isAllDay ?? false,
      location: input.location ?? before?.location ?? (joinUrl && !before ? 'Microsoft Teams Meeting' : ''),
      joinUrl,
      responseRequested: input.responseRequested ?? before?.responseRequested ?? true,
    });
    res.status(201).json({ iCalUId: definition.iCalUId, sequence: definition.sequence, deliveries });
  });

  control.post('/meetings/:iCalUId/cancel', (req, res) => {
    const { comment } = parseBody(cancelSchema, req.body ?? {}, 'BadRequest');
    const meeting = getMeeting(ctx.store, req.params.iCalUId);
    if (!meeting) throw notFound(`No meeting "${req.params.iCalUId}".`);
    if (meeting.cancelled) throw badRequest('That meeting is cancelled already.');
    res.json({ iCalUId: meeting.iCalUId, deliveries: cancelMeeting(ctx.store, meeting.iCalUId, comment) });
  });

  // One calendar as it stands: every event with its times (UTC), place, link, people and answers.
  control.get('/events/:user', (req, res) => {
    const user = ctx.store.findUser(req.params.user);
    if (!user) throw notFound(`No user "${req.params.user}" in this tenant.`);
    res.json({
      events: eventsOf(ctx.store, user.id).map((e) => ({
        id: e.id,
        iCalUId: e.iCalUId,
        subject: e.subject,
        start: e.start,
        end: e.end,
        timeZone: e.timeZone,
        isAllDay: e.isAllDay,
        location: e.location,
        joinUrl: e.joinUrl,
        organizer: e.organizer.emailAddress,
        isOrganizer: e.isOrganizer,
        isCancelled: e.isCancelled,
        showAs: e.showAs,
        responseStatus: e.responseStatus,
        attendees: e.attendees.map((a) => ({ ...a.emailAddress, type: a.type, response: a.status.response })),
      })),
    });
  });
}
