import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { env } from '../env';
import { logger } from '../logger';
import { API_CONTENT_SECURITY_POLICY, securityHeaders } from '../security/static-headers.js';
import { validationResponse } from './handshake';
import { answerNotifications, MAX_BODY_BYTES } from './webhook';

/*
 * On a Node host, Graph's webhooks are answered at the HTTP server (answer-timing.ts hands them here)
 * rather than after Next.js's router: the same handler (webhook.ts) and the same headers as the route
 * handlers, without a few milliseconds of routing per request, which at 500 notifications a second is most
 * of a core. The route handlers under app/api/graph stay, and answer wherever this is not installed
 * (Vercel, `next dev` before instrumentation ran).
 */

const HEADERS: Record<string, string> = Object.fromEntries([
  ...securityHeaders({ production: env.NODE_ENV === 'production', appUrl: env.NEXTAUTH_URL }).map(
    ({ key, value }) => [key, value] as const,
  ),
  ['Content-Security-Policy', API_CONTENT_SECURITY_POLICY],
]);

/** The body as text, or null past MAX_BODY_BYTES (the rest is read and dropped, not kept). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer | null,
) {
  res.writeHead(status, { ...HEADERS, ...headers });
  res.end(body ?? undefined);
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const kind = url.pathname.startsWith('/api/graph/lifecycle') ? 'lifecycle' : 'change';
  // The handshake (once per subscription): the route handler's own answer, from handshake.ts.
  const handshake = url.searchParams.has('validationToken')
    ? validationResponse(new Request(url, { method: 'POST' }))
    : null;
  if (handshake) {
    send(
      res,
      handshake.status,
      Object.fromEntries(handshake.headers),
      Buffer.from(await handshake.arrayBuffer()),
    );
    return;
  }
  const { status, text } = await answerNotifications(await readBody(req), kind);
  send(res, status, text === null ? {} : { 'Content-Type': 'text/plain; charset=utf-8' }, text);
}

/** Answers one webhook request at the HTTP server; a failure is a 500 Graph will retry. */
export function answerWebhookDirectly(req: IncomingMessage, res: ServerResponse): void {
  answer(req, res).catch((error: unknown) => {
    logger.error('webhook answer failed', { error: String(error) });
    if (res.headersSent) res.end();
    else
      send(
        res,
        500,
        { 'Content-Type': 'text/plain; charset=utf-8' },
        'The notification could not be handled; retry later.',
      );
  });
}
