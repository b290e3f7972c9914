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

const displayName = z.string().trim().min(1).max(255);
const createFolderSchema = z.object({ displayName, isHidden: z.boolean().optional() });
// displayName is the only property of a mailFolder a PATCH may change (isHidden is fixed at creation).
const updateFolderSchema = z.strictObject({ displayName });

const folderExists = () =>
  new GraphError(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');

/** Folder names are unique among siblings, compared case-insensitively (hidden siblings count too). */
function assertNameFree(ctx: EmulatorContext, parent: StoredFolder, name: string, except?: string) {
  const taken = ctx.store
    .childFolders(parent.userId, parent.id)
    .some((f) => f.id !== except && f.displayName.toLowerCase() === name.toLowerCase());
  if (taken) throw folderExists();
}

/** Whether the folder is Deleted Items or lies somewhere under it. */
function inDeletedItems(ctx: EmulatorContext, folder: StoredFolder): boolean {
  for (let at: StoredFolder | undefined = folder; at; ) {
    if (at.wellKnownName === 'deleteditems') return true;
    at = at.parentFolderId ? ctx.store.getFolder(at.userId, at.parentFolderId) : undefined;
  }
  return false;
}

/**
 * GET/POST /me/mailFolders, GET/PATCH/DELETE /me/mailFolders/{id} (also as a child folder's path),
 * GET/POST /me/mailFolders/{id}/childFolders.
 */
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
    assertNameFree(ctx, parent, input.displayName);
    const folder = ctx.store.addFolder(parent.userId, parent.id, input.displayName);
    folder.isHidden = input.isHidden ?? false;
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

  /** The folder a path names: /mailFolders/{id}, or /mailFolders/{parent}/childFolders/{id} (a child of it). */
  const target = (req: Request, res: Response): StoredFolder => {
    const folder = folderOf(ctx, res, String(req.params.folderId));
    if (req.params.childId === undefined) return folder;
    const child = folderOf(ctx, res, String(req.params.childId));
    if (child.parentFolderId !== folder.id) throw notFound();
    return child;
  };
  const ONE_FOLDER = ['/me/mailFolders/:folderId', '/me/mailFolders/:folderId/childFolders/:childId'];

  graph.get(ONE_FOLDER, (req, res) => {
    requireScope(res, ...READ_SCOPES);
    const folder = target(req, res);
    res.json({ '@odata.context': metadata(ctx, res, 'mailFolders/$entity'), ...folderToGraph(ctx, folder) });
  });

  graph.patch(ONE_FOLDER, (req, res) => {
    requireScope(res, ...WRITE_SCOPES);
    const folder = target(req, res);
    // Clients echo annotations such as @odata.etag back; Graph ignores them.
    const raw = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([key]) => !key.startsWith('@')),
    );
    const input = parseBody(updateFolderSchema, raw);
    if (folder.wellKnownName) {
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        'The display name of a distinguished folder cannot be changed.',
      );
    }
    const parent = folder.parentFolderId
      ? ctx.store.getFolder(folder.userId, folder.parentFolderId)
      : undefined;
    if (parent) assertNameFree(ctx, parent, input.displayName, folder.id);
    ctx.store.renameFolder(folder.userId, folder.id, input.displayName);
    res.json({ '@odata.context': metadata(ctx, res, 'mailFolders/$entity'), ...folderToGraph(ctx, folder) });
  });

  // Exchange deletes a folder as Outlook does: it moves to Deleted Items with its subfolders and messages
  // (ids unchanged), and only a folder already in Deleted Items is removed for good.
  graph.delete(ONE_FOLDER, (req, res) => {
    requireScope(res, ...WRITE_SCOPES);
    const folder = target(req, res);
    if (folder.wellKnownName) {
      throw new GraphError(400, 'ErrorDeleteDistinguishedFolder', 'Distinguished folders cannot be deleted.');
    }
    if (inDeletedItems(ctx, folder)) {
      ctx.store.removeFolder(folder.userId, folder.id);
    } else {
      const deletedItems = folderOf(ctx, res, 'deleteditems');
      assertNameFree(ctx, deletedItems, folder.displayName);
      ctx.store.moveFolder(folder.userId, folder.id, deletedItems.id);
    }
    res.status(204).end();
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
