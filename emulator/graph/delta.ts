import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import type { StoredMessage } from '../store/types';
import { callerOf, requireScope } from './auth';
import { badRequest } from './errors';
import { folderOf, READ_SCOPES } from './folders';
import { messageRenderer } from './messages';
import { decodeToken, encodeToken, parseSelect, preferences, queryParam } from './odata';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;

/**
 * What a delta token remembers. A round lists changes with `since < seq <= snap`; `snap` is fixed when the
 * round starts, so changes made while a client pages through it show up in the next round instead.
 * `after` is the seq of the last entry already returned, a cursor that survives messages changing mid-round.
 */
const tokenSchema = z.object({
  f: z.string(),
  since: z.number().int().nonnegative(),
  snap: z.number().int().nonnegative().optional(),
  after: z.number().int().nonnegative().optional(),
  init: z.boolean().optional(),
  sel: z.array(z.string()).optional(),
});
type DeltaToken = z.infer<typeof tokenSchema>;

function readToken(raw: string, name: string): DeltaToken {
  const parsed = tokenSchema.safeParse(decodeToken(raw, name));
  if (!parsed.success) throw badRequest(`The ${name} is malformed.`, 'ErrorInvalidUrlQuery');
  return parsed.data;
}

type Entry =
  | { seq: number; message: StoredMessage }
  | { seq: number; removed: 'deleted' | 'changed'; id: string };

/** GET /me/mailFolders/{id}/messages/delta: initial sync in pages, then changes since the last deltaLink. */
export function registerDeltaRoutes(graph: Router, ctx: EmulatorContext): void {
  const handler = (req: Request, res: Response) => {
    requireScope(res, ...READ_SCOPES);
    const folder = folderOf(ctx, res, String(req.params[0]));
    const deltaToken = queryParam(req, '$deltatoken');
    const skipToken = queryParam(req, '$skiptoken');
    const querySelect = parseSelect(queryParam(req, '$select'));

    let round: Required<Omit<DeltaToken, 'sel'>> & { sel?: string[] };
    if (skipToken) {
      const token = readToken(skipToken, '$skiptoken');
      if (token.snap === undefined || token.after === undefined) {
        throw badRequest('The $skiptoken is malformed.', 'ErrorInvalidUrlQuery');
      }
      round = { ...token, snap: token.snap, after: token.after, init: token.init ?? false };
    } else if (deltaToken) {
      const token = readToken(deltaToken, '$deltatoken');
      round = { f: token.f, since: token.since, snap: ctx.store.currentSeq, after: token.since, init: false };
      round.sel = token.sel;
    } else {
      round = { f: folder.id, since: 0, snap: ctx.store.currentSeq, after: 0, init: true };
    }
    if (round.f !== folder.id)
      throw badRequest('The delta token belongs to another folder.', 'ErrorInvalidUrlQuery');
    const select = querySelect ?? (round.sel ? parseSelect(round.sel.join(',')) : undefined);

    const { maxPageSize } = preferences(req);
    const pageSize = Math.min(Math.max(maxPageSize ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    if (maxPageSize !== undefined) res.setHeader('Preference-Applied', `odata.maxpagesize=${pageSize}`);

    const entries: Entry[] = [];
    const userId = callerOf(res).userId;
    const inFolder = new Set<string>();
    for (const message of ctx.store.messagesOf(userId, folder.id)) {
      inFolder.add(message.id);
      if (message.seq > round.after && message.seq <= round.snap) entries.push({ seq: message.seq, message });
    }
    if (!round.init) {
      const latest = new Map<string, { seq: number; reason: 'deleted' | 'changed' }>();
      for (const removal of ctx.store.removedSince(folder.id, round.after)) {
        if (removal.seq > round.snap || inFolder.has(removal.id)) continue;
        const seen = latest.get(removal.id);
        if (!seen || seen.seq < removal.seq) latest.set(removal.id, removal);
      }
      for (const [id, removal] of latest) entries.push({ seq: removal.seq, removed: removal.reason, id });
    }
    entries.sort((a, b) => a.seq - b.seq);
    const page = entries.slice(0, pageSize);

    const render = messageRenderer(req, res, select);
    const value = page.map((entry) =>
      'message' in entry ? render(entry.message) : { '@removed': { reason: entry.removed }, id: entry.id },
    );
    const link = new URL(
      `${ctx.baseUrl()}/v1.0/me/mailFolders/${encodeURIComponent(folder.id)}/messages/delta`,
    );
    const body: Record<string, unknown> = {
      '@odata.context': `${ctx.baseUrl()}/v1.0/$metadata#Collection(message)`,
      value,
    };
    const sel = select ? { sel: select } : {};
    const last = page.at(-1);
    if (entries.length > page.length && last) {
      link.searchParams.set('$skiptoken', encodeToken({ ...round, ...sel, after: last.seq }));
      body['@odata.nextLink'] = link.toString();
    } else {
      link.searchParams.set('$deltatoken', encodeToken({ f: folder.id, since: round.snap, ...sel }));
      body['@odata.deltaLink'] = link.toString();
    }
    res.json(body);
  };

  // Graph accepts both `.../messages/delta` and the function-call spelling `.../messages/delta()`.
  graph.get(/^\/me\/mailFolders\/([^/]+)\/messages\/delta(?:\(\))?\/?$/i, handler);
}
