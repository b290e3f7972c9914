import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { processSingleton } from '../process-singleton';
import { recordWebhookAnswer } from './stats';

/*
 * Graph times an answer from when it sent the request, so a request that waits for the event loop, for
 * Next.js's routing or behind other requests before our handler runs is just as slow to Graph as one whose
 * handler is slow. A timer started inside the handler never sees that wait. So, on a Node host, the
 * webhook's answer time is measured at the HTTP server itself: from the moment Node's server emits the
 * request (its headers were read) to the moment the last byte of the response was handed to the socket.
 *
 * installAnswerTiming() wraps `emit` of Node's http and https servers (under `next start` that is
 * Next's own server; instrumentation-node.ts installs it before the first request). The handler then
 * skips its own, shorter measurement.
 *
 * Not counted, on any host: time in the kernel's queues before Node reads the request, which grows when the
 * event loop is blocked for long stretches. On Vercel (serverless functions, no Node server of ours) the
 * hook never runs and the handler measures from its own start, which also leaves out cold starts and the
 * platform's queueing: the platform's own function metrics are the figure to watch there.
 */

const WEBHOOK_PATHS = ['/api/graph/notifications', '/api/graph/lifecycle'];

const hook = processSingleton('webhookAnswerTiming', () => ({ installed: false }));

/** True when the HTTP server measures webhook answers (so the handler must not count them again). */
export const serverMeasuresAnswers = () => hook.installed;

function isWebhook(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || !req.url) return false;
  const path = req.url.split('?', 1)[0] ?? '';
  return WEBHOOK_PATHS.some((p) => path === p || path === `${p}/`);
}

function timeAnswer(req: IncomingMessage, res: ServerResponse): void {
  const arrived = performance.now();
  let done = false;
  const record = () => {
    if (done) return;
    done = true;
    recordWebhookAnswer(performance.now() - arrived);
  };
  // A validation handshake is not a notification; Graph's 3 s rule is about notifications.
  if (req.url?.includes('validationToken=')) return;
  res.once('finish', record);
  // The client gave up or the connection broke before the answer went out: as slow as it got.
  res.once('close', record);
}

export function installAnswerTiming(): void {
  if (hook.installed) return;
  hook.installed = true;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit as (
      this: unknown,
      event: string | symbol,
      ...args: unknown[]
    ) => boolean;
    Server.prototype.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const [req, res] = args as [IncomingMessage, ServerResponse];
        if (isWebhook(req)) timeAnswer(req, res);
      }
      return emit.call(this, event, ...args);
    } as typeof Server.prototype.emit;
  }
}
