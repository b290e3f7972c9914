import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import type { StoredFolder, StoredMessage } from '../store/types';
import { callerOf, requireScope } from './auth';
import { GraphError, notFound, parseBody } from './errors';
import { parseInteger } from './odata';
import { folderToGraph } from './serialize';

export const READ_SCOPES = ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite'];
export const WRITE_SCOPES = ['Mail.ReadWrite'];

/** The caller's folder by id or well-known name; another user's folder is 404, as Graph answers. */
export function folderOf(ctx: EmulatorContext, res: Response, idOrName: string): StoredFolder {
  const folder = ctx.store.getFolder(callerOf(res).userId, idOrName);
  if (!folder) throw notFound();
  return folder;
}

/** The caller's message; if reached through a folder path, it must be in that folder. */
export function messageOf(ctx: EmulatorContext, req: Request, res: Response): StoredMessage {
  const id = String(req.params.messageId);
  const message = ctx.store.getMessage(callerOf(res).userId, id);
  if (!message) throw notFound();
  if (req.params.folderId !== undefined) {
    const folder = folderOf(ctx, res, String(req.params.folderId));
    if (message.parentFolderId !== folder.id) throw notFound();
  }
  return message;
}

export function metadata(ctx: EmulatorContext, res: Response, path: string): string {
  return `${ctx.baseUrl()}/v1.0/$metadata#users('${callerOf(res).userId}')/${path}`;
}

const createFolderSchema = z.object({
  displayName: z.string().trim().min(1).max(255),
});

/** GET/POST /me/mailFolders, GET /me/mailFolders/{id}, GET/POST /me/mailFolders/{id}/childFolders. */
export function registerFolderRoutes(graph: Router, ctx: EmulatorContext): void {
  const list = (req: Request, res: Response, parent: StoredFolder, context: string) => {
    const top = parseInteger(req, '$top', 1, 1000) ?? 10;
    const skip = parseInteger(req, '$skip', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const includeHidden = String(req.query.includeHiddenFolders ?? '').toLowerCase() === 'true';
    const folders = ctx.store
      .childFolders(parent.userId, parent.id)
      .filter((f) => includeHidden || !f.isHidden);
    const page = folders.slice(skip, skip + top);
    const body: Record<string, unknown> = { '@odata.context': metadata(ctx, res, context) };
    if (String(req.query.$count ?? '').toLowerCase() === 'true') body['@odata.count'] = folders.length;
    body.value = page.map((f) => folderToGraph(ctx, f));
    if (skip + top < folders.length) {
      const next = new URL(`${ctx.baseUrl()}${req.originalUrl}`);
      next.searchParams.set('$skip', String(skip + top));
      body['@odata.nextLink'] = next.toString();
    }
    res.json(body);
  };

  const create = (req: Request, res: Response, parent: StoredFolder) => {
    requireScope(res, ...WRITE_SCOPES);
    const input = parseBody(createFolderSchema, req.body);
    const siblings = ctx.store.childFolders(parent.userId, parent.id);
    if (siblings.some((f) => f.displayName.toLowerCase() === input.displayName.toLowerCase())) {
      throw new GraphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
    }
    const folder = ctx.store.addFolder(parent.userId, parent.id, input.displayName);
    res
      .status(201)
      .json({ '@odata.context': metadata(ctx, res, 'mailFolders/$entity'), ...folderToGraph(ctx, folder) });
  };

  graph.get('/me/mailFolders', (req, res) => {
    requireScope(res, ...READ_SCOPES);
    list(req, res, ctx.store.rootFolder(callerOf(res).userId), 'mailFolders');
  });

  graph.post('/me/mailFolders', (req, res) => {
    create(req, res, ctx.store.rootFolder(callerOf(res).userId));
  });

  graph.get('/me/mailFolders/:folderId', (req, res) => {
    requireScope(res, ...READ_SCOPES);
    const folder = folderOf(ctx, res, req.params.folderId);
    res.json({ '@odata.context': metadata(ctx, res, 'mailFolders/$entity'), ...folderToGraph(ctx, folder) });
  });

  graph.get('/me/mailFolders/:folderId/childFolders', (req, res) => {
    requireScope(res, ...READ_SCOPES);
    const folder = folderOf(ctx, res, req.params.folderId);
    list(req, res, folder, `mailFolders('${folder.id}')/childFolders`);
  });

  graph.post('/me/mailFolders/:folderId/childFolders', (req, res) => {
    create(req, res, folderOf(ctx, res, req.params.folderId));
  });
}
