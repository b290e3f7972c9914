import type { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { notFound, parseBody } from '../graph/errors';
import { buildMessage, newAttachment, recipient } from '../store/message-factory';
import { classifyIncoming } from '../store/outlook-settings';
import { seedMailboxes } from '../store/seed';
import { churnMailbox } from './churn';

const deliverSchema = z.object({
  to: z.string().min(1),
  from: z.string().email(),
  fromName: z.string().optional(),
  subject: z.string().default(''),
  body: z.string().default(''),
  bodyType: z.enum(['html', 'text']).default('text'),
  conversationId: z.string().optional(),
  importance: z.enum(['low', 'normal', 'high']).default('normal'),
  /** What Focused Inbox would infer for this mail; a sender's override wins over it. */
  inferenceClassification: z.enum(['focused', 'other']).default('focused'),
  categories: z.array(z.string()).default([]),
  cc: z.array(z.string().email()).default([]),
  /** Internet headers it arrives with (List-Unsubscribe, …); Graph gives them back when $selected. */
  headers: z
    .array(z.object({ name: z.string().regex(/^[!-9;-~]+$/, 'a header name'), value: z.string().max(8000) }))
    .max(100)
    .default([]),
  attachments: z
    .array(
      z.object({
        name: z.string().min(1),
        contentType: z.string().default('application/octet-stream'),
        contentBase64: z.string(),
        isInline: z.boolean().default(false),
        contentId: z.string().optional(),
      }),
    )
    .default([]),
});

export type DeliverMailInput = z.input<typeof deliverSchema>;

const bulkSchema = z.object({
  to: z.string().min(1),
  count: z.number().int().min(1).max(200_000),
  from: z.string().email().default('newsletter@fabrikam.test'),
  subjectPrefix: z.string().max(200).default('Bulk message'),
});

export type DeliverBulkInput = z.input<typeof bulkSchema>;

const churnSchema = z.object({
  user: z.string().min(1),
  count: z.number().int().min(1).max(100_000),
  seconds: z.number().min(0).max(600).default(0),
  seed: z.string().min(1).max(100).default('churn'),
});

const tokenSchema = z.object({
  user: z.string().min(1),
  scopes: z.array(z.string()).optional(),
  ttlSeconds: z.number().int().positive().max(86_400).default(3600),
  appId: z.string().optional(),
});

/** The control API's own routes: mail delivery, reset, mailbox state, request log, test tokens. */
export function registerControlRoutes(control: Router, ctx: EmulatorContext): void {
  control.get('/health', (_req, res) => {
    res.json({ status: 'ok', users: ctx.store.users.size, messages: ctx.store.messages.size });
  });

  control.get('/users', (_req, res) => {
    res.json({
      tenantId: ctx.config.tenantId,
      users: [...ctx.store.users.values()].map((u) => ({
        id: u.id,
        displayName: u.displayName,
        userPrincipalName: u.userPrincipalName,
        password: u.password,
      })),
    });
  });

  control.post('/reset', (_req, res) => {
    seedMailboxes(ctx.store, ctx.config.seed);
    ctx.requests.clear();
    res.json({ status: 'reset', messages: ctx.store.messages.size });
  });

  // Deliver a mail from an outside sender into a user's Inbox, as if it arrived over SMTP.
  control.post('/mail', (req, res) => {
    const input = parseBody(deliverSchema, req.body, 'BadRequest');
    const user = ctx.store.findUser(input.to);
    if (!user) throw notFound(`No user "${input.to}" in this tenant.`);
    const inbox = ctx.store.getFolder(user.id, 'inbox');
    if (!inbox) throw notFound('The user has no Inbox.');
    const sender = recipient(input.from, input.fromName);
    const message = ctx.store.insertMessage(
      buildMessage({
        userId: user.id,
        parentFolderId: inbox.id,
        subject: input.subject,
        body: { contentType: input.bodyType, content: input.body },
        from: sender,
        sender,
        toRecipients: [recipient(user.mail, user.displayName)],
        ccRecipients: input.cc.map((address) => recipient(address)),
        importance: input.importance,
        inferenceClassification: classifyIncoming(
          ctx.store,
          user.id,
          input.from,
          input.inferenceClassification,
        ),
        categories: input.categories,
        ...(input.conversationId ? { conversationId: input.conversationId } : {}),
        attachments: input.attachments.map((a) =>
          newAttachment({
            name: a.name,
            contentType: a.contentType,
            contentBytes: Buffer.from(a.contentBase64, 'base64'),
            isInline: a.isInline,
            contentId: a.contentId ?? null,
          }),
        ),
        internetMessageHeaders: input.headers,
      }),
      { delivered: true },
    );
    res.status(201).json({
      id: message.id,
      userId: user.id,
      // Where it landed: an inbox rule may have moved it.
      folderId: message.parentFolderId,
      conversationId: message.conversationId,
      receivedDateTime: message.receivedDateTime,
    });
  });

  // Many plain mails at once into a user's Inbox, each announced as a change as a real arrival is (a burst
  // for load tests, or a large mailbox before its first sync).
  control.post('/mail/bulk', (req, res) => {
    const input = parseBody(bulkSchema, req.body, 'BadRequest');
    const user = ctx.store.findUser(input.to);
    if (!user) throw notFound(`No user "${input.to}" in this tenant.`);
    const inbox = ctx.store.getFolder(user.id, 'inbox');
    if (!inbox) throw notFound('The user has no Inbox.');
    const sender = recipient(input.from);
    for (let n = 1; n <= input.count; n++) {
      ctx.store.insertMessage(
        buildMessage({
          userId: user.id,
          parentFolderId: inbox.id,
          subject: `${input.subjectPrefix} ${n}`,
          inferenceClassification: classifyIncoming(ctx.store, user.id, input.from),
          body: { contentType: 'text', content: `${input.subjectPrefix} ${n} of ${input.count}.` },
          from: sender,
          sender,
          toRecipients: [recipient(user.mail, user.displayName)],
        }),
        { delivered: true },
      );
    }
    res.status(201).json({ delivered: input.count, userId: user.id, folderId: inbox.id });
  });

  // A mailbox in heavy use: mixed changes spread over a time; answered once the last one is made.
  control.post('/mail/churn', async (req, res) => {
    const input = parseBody(churnSchema, req.body, 'BadRequest');
    const user = ctx.store.findUser(input.user);
    if (!user) throw notFound(`No user "${input.user}" in this tenant.`);
    res.status(201).json(await churnMailbox(ctx.store, user.id, input));
  });

  // The state of one mailbox: every folder with its counts and every message's id, folder and flags.
  control.get('/mailboxes/:user', (req, res) => {
    const user = ctx.store.findUser(req.params.user);
    if (!user) throw notFound(`No user "${req.params.user}" in this tenant.`);
    const folders = [...ctx.store.folders.values()]
      .filter((f) => f.userId === user.id)
      .map((f) => ({
        id: f.id,
        displayName: f.displayName,
        parentFolderId: f.parentFolderId,
        wellKnownName: f.wellKnownName,
        ...ctx.store.folderCounts(f.id),
      }));
    const messages = ctx.store.messagesOf(user.id).map((m) => ({
      id: m.id,
      parentFolderId: m.parentFolderId,
      conversationId: m.conversationId,
      subject: m.subject,
      from: m.from?.emailAddress.address ?? null,
      toRecipients: m.toRecipients.map((r) => r.emailAddress.address),
      receivedDateTime: m.receivedDateTime,
      isRead: m.isRead,
      isDraft: m.isDraft,
      flagStatus: m.flag.flagStatus,
      categories: m.categories,
      inferenceClassification: m.inferenceClassification,
      hasAttachments: m.attachments.some((a) => !a.isInline),
      attachments: m.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size })),
    }));
    res.json({ user: { id: user.id, userPrincipalName: user.userPrincipalName }, folders, messages });
  });

  // Every Graph request the emulator served (newest last), e.g. to count calls an app made.
  control.get('/requests', (req, res) => {
    const since = typeof req.query.since === 'string' ? req.query.since : undefined;
    const userParam = typeof req.query.user === 'string' ? req.query.user : undefined;
    const userId = userParam ? ctx.store.findUser(userParam)?.id : undefined;
    if (userParam && !userId) throw notFound(`No user "${userParam}" in this tenant.`);
    res.json({ requests: ctx.requests.list({ since, userId }) });
  });

  control.delete('/requests', (_req, res) => {
    ctx.requests.clear();
    res.status(204).end();
  });

  // Test convenience, not a Graph feature: an access token signed by the issuer, without a browser.
  control.post('/tokens', async (req, res) => {
    const input = parseBody(tokenSchema, req.body, 'BadRequest');
    const user = ctx.store.findUser(input.user);
    if (!user) throw notFound(`No user "${input.user}" in this tenant.`);
    const accessToken = await ctx.tokens.mint({
      userId: user.id,
      appId: input.appId ?? ctx.config.client.clientId,
      scopes: input.scopes,
      ttlSeconds: input.ttlSeconds,
    });
    res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: input.ttlSeconds });
  });
}
