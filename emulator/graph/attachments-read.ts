import type { Request, Response, Router } from 'express';
import type { EmulatorContext } from '../context';
import type { StoredAttachment } from '../store/types';
import { requireScope } from './auth';
import { notFound } from './errors';
import { messageOf, metadata, READ_SCOPES } from './folders';
import { attachmentToGraph } from './serialize';

const MESSAGE_PATHS = ['/me/messages/:messageId', '/me/mailFolders/:folderId/messages/:messageId'];

function attachmentOf(ctx: EmulatorContext, req: Request, res: Response): StoredAttachment {
  const message = messageOf(ctx, req, res);
  const attachment = message.attachments.find((a) => a.id === req.params.attachmentId);
  if (!attachment) throw notFound();
  return attachment;
}

/**
 * Reading attachments: the list, one attachment, and its raw bytes. Graph's list includes contentBytes
 * of file attachments too, so clients can fetch small files in one call.
 */
export function registerAttachmentReadRoutes(graph: Router, ctx: EmulatorContext): void {
  graph.get(
    MESSAGE_PATHS.map((p) => `${p}/attachments`),
    (req, res) => {
      requireScope(res, ...READ_SCOPES);
      const message = messageOf(ctx, req, res);
      res.json({
        '@odata.context': metadata(ctx, res, `messages('${message.id}')/attachments`),
        value: message.attachments.map((a) => attachmentToGraph(a, true)),
      });
    },
  );

  graph.get(
    MESSAGE_PATHS.map((p) => `${p}/attachments/:attachmentId`),
    (req, res) => {
      requireScope(res, ...READ_SCOPES);
      const attachment = attachmentOf(ctx, req, res);
      res.json({
        '@odata.context': metadata(ctx, res, `messages('${req.params.messageId}')/attachments/$entity`),
        ...attachmentToGraph(attachment, true),
      });
    },
  );

  graph.get(
    MESSAGE_PATHS.map((p) => `${p}/attachments/:attachmentId/$value`),
    (req, res) => {
      requireScope(res, ...READ_SCOPES);
      const attachment = attachmentOf(ctx, req, res);
      res.setHeader('Content-Type', attachment.contentType);
      res.setHeader('Content-Length', String(attachment.contentBytes.length));
      res.status(200).end(attachment.contentBytes);
    },
  );
}
