import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { EmulatorContext } from '../context';
import { newAttachment } from '../store/message-factory';
import { badRequest, GraphError, graphErrorHandler, notFound } from './errors';

/*
 * Upload sessions for large draft attachments (Graph: attachment createUploadSession). The upload URL is
 * pre-authenticated and lives outside /v1.0, like Outlook's, so clients must PUT to it without a bearer
 * token. Sessions are in memory and vanish on reset.
 */

/** Outlook accepts upload sessions for files of 150 MB at most. */
export const MAX_UPLOAD_BYTES = 150 * 1024 * 1024;
/** Below this Outlook refuses a session (ErrorAttachmentSizeShouldNotBeLessThanMinimumSize): POST it instead. */
export const MIN_UPLOAD_BYTES = 2 * 1024 * 1024;
/** The largest single PUT the emulator takes; the Graph SDK sends 5 MiB slices by default. */
export const MAX_CHUNK_BYTES = 60 * 1024 * 1024;
const SESSION_LIFETIME_MS = 15 * 60 * 1000;

interface UploadSession {
  id: string;
  userId: string;
  appId: string;
  messageId: string;
  name: string;
  size: number;
  contentType: string;
  isInline: boolean;
  contentId: string | null;
  chunks: Buffer[];
  received: number;
  expiresAt: number;
}

const sessionsByContext = new WeakMap<EmulatorContext, Map<string, UploadSession>>();

function sessionsOf(ctx: EmulatorContext): Map<string, UploadSession> {
  let sessions = sessionsByContext.get(ctx);
  if (!sessions) {
    const created = new Map<string, UploadSession>();
    ctx.store.on('reset', () => created.clear());
    sessionsByContext.set(ctx, created);
    sessions = created;
  }
  return sessions;
}

export function createUploadSession(
  ctx: EmulatorContext,
  input: {
    userId: string;
    appId: string;
    messageId: string;
    name: string;
    size: number;
    contentType?: string | null;
    isInline?: boolean | null;
    contentId?: string | null;
  },
) {
  if (input.size > MAX_UPLOAD_BYTES) {
    throw badRequest(
      `The attachment is ${input.size} bytes; upload sessions take files of at most 150 MB.`,
      'ErrorAttachmentSizeShouldNotBeGreaterThanMaximumSize',
    );
  }
  if (input.size < MIN_UPLOAD_BYTES) {
    throw badRequest(
      'Attachment size must be greater than the minimum size. Attach files under 3 MB with a POST to attachments.',
      'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize',
    );
  }
  const session: UploadSession = {
    id: randomBytes(24).toString('base64url'),
    userId: input.userId,
    appId: input.appId,
    messageId: input.messageId,
    name: input.name,
    size: input.size,
    contentType: input.contentType ?? 'application/octet-stream',
    isInline: input.isInline ?? false,
    contentId: input.contentId ?? null,
    chunks: [],
    received: 0,
    expiresAt: Date.now() + SESSION_LIFETIME_MS,
  };
  sessionsOf(ctx).set(session.id, session);
  return {
    '@odata.context': `${ctx.baseUrl()}/v1.0/$metadata#microsoft.graph.uploadSession`,
    uploadUrl: `${ctx.baseUrl()}/_upload/${session.id}`,
    expirationDateTime: new Date(session.expiresAt).toISOString(),
    nextExpectedRanges: ['0-'],
  };
}

function liveSession(ctx: EmulatorContext, id: string): UploadSession {
  const sessions = sessionsOf(ctx);
  const session = sessions.get(id);
  if (!session || session.expiresAt < Date.now()) {
    sessions.delete(id);
    throw notFound('The upload session does not exist or has expired. Create a new one.');
  }
  return session;
}

function parseContentRange(header: string | undefined) {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header?.trim() ?? '');
  if (!match) {
    throw badRequest(
      `Content-Range must look like "bytes start-end/total", got "${header ?? ''}".`,
      'InvalidContentRange',
    );
  }
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (end < start) throw badRequest('Content-Range ends before it starts.', 'InvalidContentRange');
  return { start, end, total };
}

function putChunk(ctx: EmulatorContext, req: Request, res: Response) {
  if (req.header('authorization')) {
    throw new GraphError(
      401,
      'InvalidAuthenticationToken',
      'Upload URLs are pre-authenticated; send the PUT without an Authorization header.',
    );
  }
  const session = liveSession(ctx, String(req.params.sessionId));
  res.locals.uploadUserId = session.userId;
  res.locals.uploadAppId = session.appId;
  const { start, end, total } = parseContentRange(req.header('content-range'));
  const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (total !== session.size) {
    throw badRequest(
      `Content-Range total ${total} does not match the session's size ${session.size}.`,
      'InvalidContentRange',
    );
  }
  if (end >= total) throw badRequest('Content-Range goes past the end of the file.', 'InvalidContentRange');
  if (bytes.length !== end - start + 1) {
    throw badRequest(
      `The body has ${bytes.length} bytes but Content-Range announces ${end - start + 1}.`,
      'InvalidContentRange',
    );
  }
  if (start !== session.received) {
    throw new GraphError(
      416,
      'InvalidRange',
      `Expected the range starting at byte ${session.received}; ranges must be uploaded in order without overlap.`,
    );
  }
  session.chunks.push(bytes);
  session.received += bytes.length;
  session.expiresAt = Date.now() + SESSION_LIFETIME_MS;
  if (session.received < session.size) {
    res.status(200).json({
      expirationDateTime: new Date(session.expiresAt).toISOString(),
      nextExpectedRanges: [`${session.received}-`],
    });
    return;
  }
  sessionsOf(ctx).delete(session.id);
  const message = ctx.store.getMessage(session.userId, session.messageId);
  if (!message) throw notFound('The message this upload session belongs to no longer exists.');
  const attachment = newAttachment({
    name: session.name,
    contentType: session.contentType,
    contentBytes: Buffer.concat(session.chunks, session.size),
    isInline: session.isInline,
    contentId: session.contentId,
  });
  ctx.store.updateMessage(session.userId, session.messageId, {
    attachments: [...message.attachments, attachment],
  });
  // Outlook's Location names the new attachment in its own URL format; clients read the id from it.
  res.setHeader(
    'Location',
    `${ctx.baseUrl()}/api/v2.0/Users('${session.userId}')/Messages('${session.messageId}')/Attachments('${attachment.id}')`,
  );
  res.status(201).end();
}

/** The router for upload URLs; mount it at /_upload, outside the authenticated Graph router. */
export function createUploadRouter(ctx: EmulatorContext): Router {
  const upload = express.Router();
  upload.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      ctx.requests.add({
        at: new Date().toISOString(),
        method: req.method,
        path: req.originalUrl,
        status: res.statusCode,
        durationMs: Math.round(performance.now() - started),
        userId: (res.locals.uploadUserId as string | undefined) ?? null,
        appId: (res.locals.uploadAppId as string | undefined) ?? null,
      });
    });
    next();
  });
  upload.put('/:sessionId', express.raw({ type: () => true, limit: MAX_CHUNK_BYTES }), (req, res) =>
    putChunk(ctx, req, res),
  );
  upload.delete('/:sessionId', (req, res) => {
    const session = liveSession(ctx, String(req.params.sessionId));
    res.locals.uploadUserId = session.userId;
    res.locals.uploadAppId = session.appId;
    sessionsOf(ctx).delete(session.id);
    res.status(204).end();
  });
  upload.use(graphErrorHandler);
  return upload;
}
