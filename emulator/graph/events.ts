import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { type AnswerKind, answerMeeting, eventsOf, getEvent, type StoredEvent } from '../store/calendar';
import type { StoredMessage } from '../store/types';
import { callerOf, requireScope } from './auth';
import { badRequest, GraphError, notFound, parseBody } from './errors';
import { EVENT_PROPERTIES, eventToGraph, knownZone } from './events-serialize';
import { metadata } from './folders';
import { applySelect, parseInteger, queryParam } from './odata';

/*
 * Calendar events as meetings need them, as Graph v1.0 serves them: GET /me/events and /me/events/{id}
 * (also under /me/calendar/), the attendee's answers accept, tentativelyAccept and decline, and the
 * eventMessage's `event` navigation ($expand=microsoft.graph.eventMessage/event on a message).
 */

const READ_SCOPES = ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'];
const WRITE_SCOPES = ['Calendars.ReadWrite'];

const EVENT_PATHS = ['/me/events/:eventId', '/me/calendar/events/:eventId'];

const ANSWERS: Record<string, AnswerKind> = {
  accept: 'accepted',
  tentativelyAccept: 'tentativelyAccepted',
  decline: 'declined',
};

const answerSchema = z.object({
  comment: z.string().nullish(),
  sendResponse: z.boolean().nullish(),
  // decline and tentativelyAccept may propose a new time; the emulator takes it and does nothing with it.
  proposedNewTime: z.unknown().optional(),
});

/** $select of an event: known property names only, as Graph refuses others. */
function parseEventSelect(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const names = raw.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!EVENT_PROPERTIES.has(name)) {
      throw badRequest(
        `Could not find a property named '${name}' on type 'microsoft.graph.event'.`,
        'RequestBroker--ParseUri',
      );
    }
  }
  return names;
}

/** The zone of `Prefer: outlook.timezone="…"`; UTC when absent or unknown, as Graph falls back. */
export function preferredZone(req: Request): string {
  const header = req.headers.prefer;
  const all = Array.isArray(header) ? header.join(',') : (header ?? '');
  const match = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(all);
  return knownZone(match?.[1]) ?? 'UTC';
}

export interface MessageExpand {
  attachments: boolean;
  /** The eventMessage's event, with its own $select. */
  event: { select?: string[] } | null;
}

/** Splits "a,b($select=x,y)" at the commas outside parentheses. */
function topLevelItems(raw: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of raw) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else current += char;
  }
  items.push(current);
  return items.map((item) => item.trim());
}

/** A message's $expand: `attachments`, and the cast `microsoft.graph.eventMessage/event` (with $select). */
export function parseMessageExpand(raw: string | undefined): MessageExpand {
  const expand: MessageExpand = { attachments: false, event: null };
  if (raw === undefined) return expand;
  for (const item of topLevelItems(raw)) {
    if (item.toLowerCase() === 'attachments') {
      expand.attachments = true;
      continue;
    }
    const cast = /^microsoft\.graph\.eventMessage(?:Request|Response)?\/event(?:\((.*)\))?$/i.exec(item);
    if (!cast) {
      throw badRequest(
        `The $expand '${raw}' is not supported; only 'attachments' and 'microsoft.graph.eventMessage/event' are.`,
        'ErrorInvalidUrlQuery',
      );
    }
    const options = cast[1]?.trim();
    if (options && !/^\$select=/i.test(options)) {
      throw badRequest(`Only $select is supported inside $expand, got '${options}'.`, 'ErrorInvalidUrlQuery');
    }
    expand.event = { select: options ? parseEventSelect(options.replace(/^\$select=/i, '')) : undefined };
  }
  return expand;
}

/** What $expand=microsoft.graph.eventMessage/event adds to an event message (nothing to other messages). */
export function expandedEvent(
  ctx: EmulatorContext,
  req: Request,
  res: Response,
  message: StoredMessage,
  expand: NonNullable<MessageExpand['event']>,
): Record<string, unknown> {
  const eventId = message.meeting?.eventId;
  const event = eventId ? getEvent(ctx.store, message.userId, eventId) : undefined;
  if (!event) return {};
  return {
    'event@odata.context': metadata(
      ctx,
      res,
      `messages('${encodeURIComponent(message.id)}')/microsoft.graph.eventMessage/event/$entity`,
    ),
    event: applySelect(eventToGraph(event, preferredZone(req)), expand.select),
  };
}

export function registerEventRoutes(graph: Router, ctx: EmulatorContext): void {
  // /users/{id-or-upn}/events and /calendar are the caller's own calendar, or 403 (delegated tokens only).
  graph.use((req, res, next) => {
    const match = /^\/users\/([^/?]+)(\/(?:events|calendar)(?:[/?].*)?)$/i.exec(req.url);
    if (!match?.[1] || !match[2]) return next();
    const user = ctx.store.findUser(decodeURIComponent(match[1]));
    if (!user || user.id !== callerOf(res).userId) {
      throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    req.url = `/me${match[2]}`;
    next();
  });

  const eventOf = (req: Request, res: Response): StoredEvent => {
    const event = getEvent(ctx.store, callerOf(res).userId, String(req.params.eventId));
    if (!event) throw notFound();
    return event;
  };

  graph.get(['/me/events', '/me/calendar/events'], (req, res) => {
    requireScope(res, ...READ_SCOPES);
    const top = parseInteger(req, '$top', 1, 1000) ?? 10;
    const skip = parseInteger(req, '$skip', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const select = parseEventSelect(queryParam(req, '$select'));
    const zone = preferredZone(req);
    const events = eventsOf(ctx.store, callerOf(res).userId).sort((a, b) => a.start.localeCompare(b.start));
    const body: Record<string, unknown> = {
      '@odata.context': metadata(ctx, res, select ? `events(${select.join(',')})` : 'events'),
      value: events.slice(skip, skip + top).map((e) => applySelect(eventToGraph(e, zone), select)),
    };
    if (skip + top < events.length) {
      const next = new URL(`${ctx.baseUrl()}${req.originalUrl}`);
      next.searchParams.set('$skip', String(skip + top));
      body['@odata.nextLink'] = next.toString();
    }
    res.json(body);
  });

  graph.get(EVENT_PATHS, (req, res) => {
    requireScope(res, ...READ_SCOPES);
    const select = parseEventSelect(queryParam(req, '$select'));
    res.json({
      '@odata.context': metadata(ctx, res, 'events/$entity'),
      ...applySelect(eventToGraph(eventOf(req, res), preferredZone(req)), select),
    });
  });

  for (const [action, answer] of Object.entries(ANSWERS)) {
    graph.post(
      EVENT_PATHS.map((path) => `${path}/${action}`),
      (req, res) => {
        requireScope(res, ...WRITE_SCOPES);
        const event = eventOf(req, res);
        const input = parseBody(answerSchema, req.body ?? {});
        const send = input.sendResponse ?? true;
        if (input.comment !== undefined && input.comment !== null && !send) {
          throw badRequest("'SendResponse' must be true when 'Comment' is not null.", 'ErrorInvalidRequest');
        }
        if (event.isOrganizer) {
          throw badRequest(
            "Your request can't be completed. You can't respond to a meeting you organized.",
            'ErrorInvalidRequest',
          );
        }
        if (event.isCancelled) {
          throw badRequest(
            "Your request can't be completed. This meeting has been canceled.",
            'ErrorInvalidRequest',
          );
        }
        answerMeeting(ctx.store, event, answer, { comment: input.comment ?? '', send });
        res.status(202).end();
      },
    );
  }
}
