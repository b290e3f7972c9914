import 'server-only';
import { after } from 'next/server';
import { kickQueue } from '../background';
import { logger } from '../logger';
import { serverMeasuresAnswers } from './answer-timing';
import { validationResponse } from './handshake';
import { processQueue } from './processor';
import { BadPayloadError, PersistError, receiveNotifications } from './receive';
import { recordWebhookAnswer } from './stats';

/*
 * Graph batches up to 1,000 notifications in a POST. Plain ones are ~0.4 KB each; a rich one carries the
 * message's list fields sealed (~2–4 KB, more with many recipients), so a full batch of them is several MB.
 */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

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

/** An answer to a notification POST, before it becomes an HTTP response. */
export interface NotificationAnswer {
  status: 202 | 400 | 413 | 503;
  /** Plain text for the errors; none with 202. */
  text: string | null;
}

/**
 * The answer to the body of a notification POST (null: over MAX_BODY_BYTES): persist-then-202 (also for
 * items whose clientState did not match, which are counted and dropped), 400 for malformed JSON, 413 over
 * 8 MB, 503 when the queue cannot be written so Graph retries later. Never waits on Graph.
 */
export async function answerNotifications(
  raw: string | null,
  kind: 'change' | 'lifecycle',
): Promise<NotificationAnswer> {
  if (raw === null) return { status: 413, text: 'Notification payloads are limited to 8 MB.' };
  try {
    const { accepted } = await receiveNotifications(raw, kind);
    // The background worker processes it where one runs; otherwise this process does, after answering.
    if (accepted && !kickQueue()) afterResponse(() => processQueue());
    return { status: 202, text: null };
  } catch (error) {
    if (error instanceof BadPayloadError) return { status: 400, text: error.message };
    if (error instanceof PersistError) {
      logger.error('could not persist notifications', { kind, error: error.message });
      return { status: 503, text: 'Notifications could not be stored; retry later.' };
    }
    throw error;
  }
}

/**
 * POST /api/graph/notifications and /api/graph/lifecycle as a route handler: the validation handshake, or
 * answerNotifications. On a Node host the HTTP server answers these before Next's router instead
 * (direct-answer.ts), with the same answers.
 */
export async function handleWebhook(request: Request, kind: 'change' | 'lifecycle'): Promise<Response> {
  const started = performance.now();
  const handshake = validationResponse(request);
  if (handshake) return handshake;
  try {
    const answer = await answerNotifications(await readLimited(request, MAX_BODY_BYTES), kind);
    return answer.text === null
      ? new Response(null, { status: answer.status })
      : plain(answer.status, answer.text);
  } finally {
    // Behind our own Node server the answer is timed from its arrival there (answer-timing.ts).
    if (!serverMeasuresAnswers()) recordWebhookAnswer(performance.now() - started);
  }
}
