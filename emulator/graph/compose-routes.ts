import type { Response, Router } from 'express';
import type { EmulatorContext } from '../context';
import { buildMessage, previewOf } from '../store/message-factory';
import type { StoredMessage } from '../store/types';
import type { MailUser } from '../users';
import { callerOf, requireScope } from './auth';
import { asRecipient, newInternetMessageId, sendMessage } from './compose-delivery';
import {
  fileAttachmentSchema,
  type MessageInput,
  messageInputSchema,
  replyInputSchema,
  sendMailSchema,
  toAttachment,
  toRecipients,
  uploadSessionSchema,
} from './compose-input';
import { buildResponse, type ResponseKind } from './compose-replies';
import { createUploadSession } from './compose-uploads';
import { sendDraftOrDefer, sendMailOrDefer } from './deferred-send';
import { badRequest, GraphError, notFound, parseBody } from './errors';
import { mergeProperties } from './extended-properties';
import { attachmentToGraph, messageToGraph } from './serialize';

/*
 * sendMail, drafts, replies, forwards, draft attachments and upload sessions (Graph v1.0). Registered
 * before the mail routes: PATCH of a draft is handled here, PATCH of any other message passes on to them.
 */

function me(ctx: EmulatorContext, res: Response): MailUser {
  const user = ctx.store.users.get(callerOf(res).userId);
  if (!user) throw notFound('The mailbox does not exist.');
  return user;
}

function messageOf(ctx: EmulatorContext, user: MailUser, id: string): StoredMessage {
  const message = ctx.store.getMessage(user.id, id);
  if (!message) throw notFound();
  return message;
}

/** The emulator's rule: only drafts take new attachments, updates of content, and send. */
function draftOf(ctx: EmulatorContext, user: MailUser, id: string): StoredMessage {
  const message = messageOf(ctx, user, id);
  if (!message.isDraft) {
    throw new GraphError(400, 'ErrorInvalidOperation', 'This operation is only allowed on a draft message.');
  }
  return message;
}

/** The fields of a message input that apply to a draft, for create and PATCH alike (`current` for PATCH). */
function draftFields(ctx: EmulatorContext, input: MessageInput, current?: StoredMessage) {
  return {
    ...(input.singleValueExtendedProperties
      ? {
          singleValueExtendedProperties: mergeProperties(
            current?.singleValueExtendedProperties,
            input.singleValueExtendedProperties,
          ),
        }
      : {}),
    ...(input.subject != null ? { subject: input.subject } : {}),
    ...(input.body ? { body: input.body } : {}),
    ...(input.toRecipients ? { toRecipients: toRecipients(ctx.store, input.toRecipients) } : {}),
    ...(input.ccRecipients ? { ccRecipients: toRecipients(ctx.store, input.ccRecipients) } : {}),
    ...(input.bccRecipients ? { bccRecipients: toRecipients(ctx.store, input.bccRecipients) } : {}),
    ...(input.replyTo ? { replyTo: toRecipients(ctx.store, input.replyTo) } : {}),
    ...(input.importance ? { importance: input.importance } : {}),
    ...(input.isRead != null ? { isRead: input.isRead } : {}),
    ...(input.flag ? { flag: input.flag } : {}),
    ...(input.categories ? { categories: input.categories } : {}),
  };
}

function newDraft(ctx: EmulatorContext, user: MailUser, input: MessageInput) {
  const drafts = ctx.store.getFolder(user.id, 'drafts');
  if (!drafts) throw notFound('The mailbox has no Drafts folder.');
  const now = new Date().toISOString();
  const from = asRecipient(user);
  const body = input.body ?? { contentType: 'html' as const, content: '' };
  return buildMessage({
    userId: user.id,
    parentFolderId: drafts.id,
    subject: '',
    ...draftFields(ctx, input),
    body,
    bodyPreview: previewOf(body),
    internetMessageId: newInternetMessageId(),
    from,
    sender: from,
    isDraft: true,
    isRead: true,
    createdDateTime: now,
    lastModifiedDateTime: now,
    receivedDateTime: now,
    sentDateTime: null,
    attachments: (input.attachments ?? []).map(toAttachment),
  });
}

/** A message as Graph answers a create or update, with its @odata.context. */
function messageEntity(ctx: EmulatorContext, message: StoredMessage) {
  return {
    '@odata.context': `${ctx.baseUrl()}/v1.0/$metadata#users('${message.userId}')/messages/$entity`,
    ...messageToGraph(message),
  };
}

export function registerComposeRoutes(graph: Router, ctx: EmulatorContext): void {
  // POST /me/sendMail
  graph.post('/me/sendMail', (req, res) => {
    requireScope(res, 'Mail.Send');
    const user = me(ctx, res);
    const input = parseBody(sendMailSchema, req.body);
    const mail = newDraft(ctx, user, input.message);
    sendMailOrDefer(ctx, user, mail, { saveToSentItems: input.saveToSentItems ?? true });
    res.status(202).end();
  });

  // POST /me/messages: a new draft in Drafts.
  graph.post('/me/messages', (req, res) => {
    requireScope(res, 'Mail.ReadWrite');
    const user = me(ctx, res);
    const draft = ctx.store.insertMessage(newDraft(ctx, user, parseBody(messageInputSchema, req.body)));
    res.status(201).json(messageEntity(ctx, draft));
  });

  // PATCH /me/messages/{id}: drafts here; any other message is the mail routes' business.
  graph.patch('/me/messages/:id', (req, res, next) => {
    const user = me(ctx, res);
    const message = ctx.store.getMessage(user.id, req.params.id);
    if (!message?.isDraft) return next();
    requireScope(res, 'Mail.ReadWrite');
    const fields = draftFields(ctx, parseBody(messageInputSchema, req.body), message);
    const updated = ctx.store.updateMessage(user.id, message.id, {
      ...fields,
      ...(fields.body ? { bodyPreview: previewOf(fields.body) } : {}),
    });
    if (!updated) throw notFound();
    res.json(messageEntity(ctx, updated));
  });

  // POST /me/messages/{id}/send
  graph.post('/me/messages/:id/send', (req, res) => {
    requireScope(res, 'Mail.Send');
    const user = me(ctx, res);
    const draft = draftOf(ctx, user, req.params.id);
    // With PidTagDeferredSendTime in the future it waits in the Outbox until then (deferred-send.ts).
    sendDraftOrDefer(ctx, user, draft);
    res.status(202).end();
  });

  const responses: [string, ResponseKind][] = [
    ['Reply', 'reply'],
    ['ReplyAll', 'replyAll'],
    ['Forward', 'forward'],
  ];
  for (const [action, kind] of responses) {
    // POST /me/messages/{id}/createReply|createReplyAll|createForward: a draft to edit and send later.
    graph.post(`/me/messages/:id/create${action}`, (req, res) => {
      requireScope(res, 'Mail.ReadWrite');
      const user = me(ctx, res);
      const original = messageOf(ctx, user, req.params.id);
      const draft = buildResponse(ctx, user, original, kind, parseBody(replyInputSchema, req.body));
      res.status(201).json(messageEntity(ctx, ctx.store.insertMessage(draft)));
    });

    // POST /me/messages/{id}/reply|replyAll|forward: sent at once, saved in Sent Items.
    graph.post(`/me/messages/:id/${kind}`, (req, res) => {
      requireScope(res, 'Mail.Send');
      const user = me(ctx, res);
      const original = messageOf(ctx, user, req.params.id);
      const input = parseBody(replyInputSchema, req.body);
      if (kind === 'forward' && !input.toRecipients?.length && !input.message?.toRecipients?.length) {
        throw badRequest(
          'At least one recipient is required, but none were found.',
          'ErrorInvalidRecipients',
        );
      }
      sendMessage(ctx, user, buildResponse(ctx, user, original, kind, input));
      res.status(202).end();
    });
  }

  // POST /me/messages/{id}/attachments: a file attachment of up to 3 MB on a draft.
  graph.post('/me/messages/:id/attachments', (req, res) => {
    requireScope(res, 'Mail.ReadWrite');
    const user = me(ctx, res);
    const draft = draftOf(ctx, user, req.params.id);
    const attachment = toAttachment(parseBody(fileAttachmentSchema, req.body));
    ctx.store.updateMessage(user.id, draft.id, { attachments: [...draft.attachments, attachment] });
    res.status(201).json(attachmentToGraph(attachment, true));
  });

  // DELETE /me/messages/{id}/attachments/{attachmentId}: drafts here, others passed on.
  graph.delete('/me/messages/:id/attachments/:attachmentId', (req, res, next) => {
    const user = me(ctx, res);
    const message = ctx.store.getMessage(user.id, req.params.id);
    if (!message?.isDraft) return next();
    requireScope(res, 'Mail.ReadWrite');
    const remaining = message.attachments.filter((a) => a.id !== req.params.attachmentId);
    if (remaining.length === message.attachments.length) throw notFound();
    ctx.store.updateMessage(user.id, message.id, { attachments: remaining });
    res.status(204).end();
  });

  // POST /me/messages/{id}/attachments/createUploadSession: for files between 3 and 150 MB.
  graph.post('/me/messages/:id/attachments/createUploadSession', (req, res) => {
    requireScope(res, 'Mail.ReadWrite');
    const user = me(ctx, res);
    const draft = draftOf(ctx, user, req.params.id);
    const { AttachmentItem: item } = parseBody(uploadSessionSchema, req.body);
    const session = createUploadSession(ctx, {
      userId: user.id,
      appId: callerOf(res).appId,
      messageId: draft.id,
      name: item.name,
      size: item.size,
      contentType: item.contentType,
      isInline: item.isInline,
      contentId: item.contentId,
    });
    res.status(201).json(session);
  });
}
