import 'server-only';
import { after } from 'next/server';
import { kickQueue } from '../background';
import { logger } from '../logger';
import { serverMeasuresAnswers } from './answer-timing';
import { validationResponse } from './handshake';
import { processQueue } from './processor';
import { BadPayloadError, PersistError, receiveNotifications } from './receive';
import { recordWebhookAnswer } from './stats';

export const MAX_BODY_BYTES = 1024 * 1024;

const plain = (status: number, text: string) =>
  new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });

/** Reads the body, refusing past `limit` bytes without buffering the rest. */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return null;
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs work after the response is sent: Next's after() inside a request, the event loop outside one. */
function afterResponse(work: () => Promise<unknown>): void {
  const run = () =>
    work().catch((error: unknown) => logger.error('queue processing failed', { error: String(error) }));
  try {
    after(run);
  } catch {
    setImmediate(run);
  }
}

/**
 * POST /api/graph/notifications and /api/graph/lifecycle. Answers in milliseconds and never waits on
 * Graph: the handshake, or persist-then-202 (also for items whose clientState did not match, which are
 * counted and dropped), 400 for malformed JSON, 413 over 1 MB, 503 when the queue cannot be written so
 * Graph retries later.
 */
export async function handleWebhook(request: Request, kind: 'change' | 'lifecycle'): Promise<Response> {
  const started = performance.now();
  const handshake = validationResponse(request);
  if (handshake) return handshake;
  try {
    const raw = await readLimited(request, MAX_BODY_BYTES);
    if (raw === null) return plain(413, 'Notification payloads are limited to 1 MB.');
    const { accepted } = await receiveNotifications(raw, kind);
    // The background worker processes it where one runs; otherwise this process does, after answering.
    if (accepted && !kickQueue()) afterResponse(() => processQueue());
    return new Response(null, { status: 202 });
  } catch (error) {
    if (error instanceof BadPayloadError) return plain(400, error.message);
    if (error instanceof PersistError) {
      logger.error('could not persist notifications', { kind, error: error.message });
      return plain(503, 'Notifications could not be stored; retry later.');
    }
    throw error;
  } finally {
    // Behind our own Node server the answer is timed from its arrival there (answer-timing.ts).
    if (!serverMeasuresAnswers()) recordWebhookAnswer(performance.now() - started);
  }
}
