import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { newId } from '../ids';
import { previewOf } from '../store/message-factory';
import type { StoredFolder, StoredMessage } from '../store/types';
import { callerOf, requireScope } from './auth';
import { badRequest, notFound, parseBody } from './errors';
import { expandedEvent, parseMessageExpand } from './events';
import { expandedProperties, splitExtendedExpand } from './extended-properties';
import { folderOf, messageOf, metadata, READ_SCOPES, WRITE_SCOPES } from './folders';
import {
  applySelect,
  decodeToken,
  encodeToken,
  parseFilter,
  parseInteger,
  parseOrderBy,
  parseSearch,
  parseSelect,
  preferences,
  queryParam,
  sortMessages,
} from './odata';
import { attachmentToGraph, messageToGraph } from './serialize';

const MESSAGE_PATHS = ['/me/messages/:messageId', '/me/mailFolders/:folderId/messages/:messageId'];

/** Serializes messages the way a request asked for them: body type, $expand and $select. */
export function messageRenderer(req: Request, res: Response, select?: string[], ctx?: EmulatorContext) {
  const { bodyType } = preferences(req);
  if (bodyType) res.setHeader('Preference-Applied', `outlook.body-content-type="${bodyType}"`);
  const { rest, propertyId } = splitExtendedExpand(queryParam(req, '$expand'));
  const expand = parseMessageExpand(rest);
  return (message: StoredMessage): Record<string, unknown> => {
    const headers = select?.includes('internetMessageHeaders')
      ? { internetMessageHeaders: message.internetMessageHeaders ?? [] }
      : {};
    const selected = applySelect({ ...messageToGraph(message, { bodyType }), ...headers }, select);
    if (expand.attachments) {
      selected.attachments = message.attachments.map((a) => attachmentToGraph(a, true));
    }
    if (expand.event && ctx) Object.assign(selected, expandedEvent(ctx, req, res, message, expand.event));
    if (propertyId) Object.assign(selected, expandedProperties(message, propertyId));
    return selected;
  };
}

function listMessages(ctx: EmulatorContext, req: Request, res: Response, folder: StoredFolder | undefined) {
  requireScope(res, ...READ_SCOPES);
  const top = parseInteger(req, '$top', 1, 1000) ?? 10;
  const skipToken = queryParam(req, '$skiptoken');
  const skip = skipToken
    ? Number(decodeToken(skipToken, '$skiptoken').skip ?? Number.NaN)
    : (parseInteger(req, '$skip', 0, Number.MAX_SAFE_INTEGER) ?? 0);
  if (!Number.isInteger(skip) || skip < 0)
    throw badRequest('The $skiptoken is malformed.', 'ErrorInvalidUrlQuery');
  const select = parseSelect(queryParam(req, '$select'));
  const filter = parseFilter(queryParam(req, '$filter'));
  const search = parseSearch(queryParam(req, '$search'));
  const orderRaw = queryParam(req, '$orderby');
  if (search && orderRaw !== undefined) {
    throw badRequest('The query parameter $orderby is not supported with $search.', 'ErrorInvalidUrlQuery');
  }
  if (search && req.query.$skip !== undefined) {
    throw badRequest('The query parameter $skip is not supported with $search.', 'ErrorInvalidUrlQuery');
  }
  const order = parseOrderBy(orderRaw) ?? { field: 'receivedDateTime', descending: true };
  const render = messageRenderer(req, res, select, ctx);

  let messages = ctx.store.messagesOf(callerOf(res).userId, folder?.id);
  if (filter) messages = messages.filter(filter);
  if (search) messages = messages.filter(search);
  sortMessages(messages, order);

  const contextPath = folder ? `mailFolders('${folder.id}')/messages` : 'messages';
  const body: Record<string, unknown> = {
    '@odata.context': metadata(ctx, res, select ? `${contextPath}(${select.join(',')})` : contextPath),
  };
  if (String(req.query.$count ?? '').toLowerCase() === 'true') body['@odata.count'] = messages.length;
  body.value = messages.slice(skip, skip + top).map(render);
  if (skip + top < messages.length) {
    const next = new URL(`${ctx.baseUrl()}${req.originalUrl}`);
    next.searchParams.delete('$skip');
    next.searchParams.delete('$skiptoken');
    // Graph pages $search results with an opaque $skiptoken (it refuses $skip there), other lists with $skip.
    if (search) next.searchParams.set('$skiptoken', encodeToken({ skip: skip + top }));
    else next.searchParams.set('$skip', String(skip + top));
    body['@odata.nextLink'] = next.toString();
  }
  res.json(body);
}

const recipientSchema = z.object({
  emailAddress: z.object({ address: z.string().email(), name: z.string().optional() }),
});
const recipientsSchema = z.array(recipientSchema).transform((list) =>
  list.map((r) => ({
    emailAddress: { address: r.emailAddress.address, name: r.emailAddress.name ?? r.emailAddress.address },
  })),
);

const patchSchema = z.strictObject({
  isRead: z.boolean().optional(),
  flag: z
    .object({
      flagStatus: z.enum(['notFlagged', 'flagged', 'complete']),
    })
    .loose()
    .optional(),
  categories: z.array(z.string()).optional(),
  importance: z.enum(['low', 'normal', 'high']).optional(),
  inferenceClassification: z.enum(['focused', 'other']).optional(),
  subject: z.string().optional(),
  body: z
    .object({
      contentType: z
        .string()
        .transform((s) => s.toLowerCase())
        .pipe(z.enum(['html', 'text'])),
      content: z.string(),
    })
    .optional(),
  toRecipients: recipientsSchema.optional(),
  ccRecipients: recipientsSchema.optional(),
  bccRecipients: recipientsSchema.optional(),
  replyTo: recipientsSchema.optional(),
});

const DRAFT_ONLY = ['subject', 'body', 'toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo'] as const;

const moveSchema = z.object({ destinationId: z.string().min(1) });

/** Messages: list, get, PATCH, move, copy, DELETE (mailbox-wide and through a folder). */
export function registerMessageRoutes(graph: Router, ctx: EmulatorContext): void {
  graph.get('/me/messages', (req, res) => listMessages(ctx, req, res, undefined));
  graph.get('/me/mailFolders/:folderId/messages', (req, res) =>
    listMessages(ctx, req, res, folderOf(ctx, res, req.params.folderId)),
  );

  graph.get(MESSAGE_PATHS, (req, res) => {
    requireScope(res, ...READ_SCOPES);
    const message = messageOf(ctx, req, res);
    const select = parseSelect(queryParam(req, '$select'));
    const render = messageRenderer(req, res, select, ctx);
    res.json({ '@odata.context': metadata(ctx, res, 'messages/$entity'), ...render(message) });
  });

  graph.patch(MESSAGE_PATHS, (req, res) => {
    requireScope(res, ...WRITE_SCOPES);
    const message = messageOf(ctx, req, res);
    // Clients echo annotations such as @odata.etag back; Graph ignores them.
    const raw = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([key]) => !key.startsWith('@')),
    );
    const input = parseBody(patchSchema, raw);
    if (!message.isDraft) {
      const draftOnly = DRAFT_ONLY.filter((key) => input[key] !== undefined);
      if (draftOnly.length > 0) {
        throw badRequest(
          `${draftOnly.join(', ')}: can be updated only while the message is a draft (isDraft = true).`,
          'ErrorInvalidPropertyUpdateSentMessage',
        );
      }
    }
    const { flag, body, ...rest } = input;
    const updated = ctx.store.updateMessage(message.userId, message.id, {
      ...rest,
      ...(flag ? { flag: { flagStatus: flag.flagStatus } } : {}),
      ...(body ? { body, bodyPreview: previewOf(body) } : {}),
    });
    if (!updated) throw notFound();
    res.json({
      '@odata.context': metadata(ctx, res, 'messages/$entity'),
      ...messageRenderer(req, res)(updated),
    });
  });

  graph.post(
    MESSAGE_PATHS.map((p) => `${p}/move`),
    (req, res) => {
      requireScope(res, ...WRITE_SCOPES);
      const message = messageOf(ctx, req, res);
      const { destinationId } = parseBody(moveSchema, req.body);
      const destination = folderOf(ctx, res, destinationId);
      const moved = ctx.store.moveMessage(message.userId, message.id, destination.id);
      if (!moved) throw notFound();
      res.status(201).json({
        '@odata.context': metadata(ctx, res, 'messages/$entity'),
        ...messageRenderer(req, res)(moved),
      });
    },
  );

  graph.post(
    MESSAGE_PATHS.map((p) => `${p}/copy`),
    (req, res) => {
      requireScope(res, ...WRITE_SCOPES);
      const message = messageOf(ctx, req, res);
      const { destinationId } = parseBody(moveSchema, req.body);
      const destination = folderOf(ctx, res, destinationId);
      const { id: _id, changeKey: _changeKey, seq: _seq, attachments, ...fields } = message;
      const now = new Date().toISOString();
      const copy = ctx.store.insertMessage({
        ...structuredClone(fields),
        attachments: attachments.map((a) => ({
          ...a,
          id: newId('AAMkAtt'),
          contentBytes: Buffer.from(a.contentBytes),
        })),
        parentFolderId: destination.id,
        createdDateTime: now,
        lastModifiedDateTime: now,
      });
      res.status(201).json({
        '@odata.context': metadata(ctx, res, 'messages/$entity'),
        ...messageRenderer(req, res)(copy),
      });
    },
  );

  graph.delete(MESSAGE_PATHS, (req, res) => {
    requireScope(res, ...WRITE_SCOPES);
    const message = messageOf(ctx, req, res);
    ctx.store.deleteMessage(message.userId, message.id);
    res.status(204).end();
  });
}
