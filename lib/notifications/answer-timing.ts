import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
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
 * Not counted, on any host: time a new connection waits in the kernel's accept queue (a busy Node accepts
 * about one connection per turn of its event loop; Graph keeps its connections open, so this is mostly the
 * first request of a connection), and any queueing in a proxy in front of Node. On Vercel (serverless functions, no Node server of ours) the
 * hook never runs and the handler measures from its own start, which also leaves out cold starts and the
 * platform's queueing: the platform's own function metrics are the figure to watch there.
 */

const WEBHOOK_PATHS = ['/api/graph/notifications', '/api/graph/lifecycle'];

type DirectAnswer = (req: IncomingMessage, res: ServerResponse) => void;

const hook = processSingleton('webhookAnswerTiming', () => ({
  installed: false,
  answer: null as DirectAnswer | null,
}));

/** True when the HTTP server measures webhook answers (so the handler must not count them again). */
export const serverMeasuresAnswers = () => hook.installed;

function isWebhook(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || !req.url) return false;
  const path = req.url.split('?', 1)[0] ?? '';
  return WEBHOOK_PATHS.some((p) => path === p || path === `${p}/`);
}

/*
 * When did the request get here? Node emits 'request' from the callback that read the request's bytes,
 * and the callbacks of one I/O poll run one after another with all the promise work they release in
 * between: on a saturated server the 200th request read in a poll is emitted seconds after the poll found
 * it. So every request read in one poll is stamped with the time its poll began (the first request read in
 * it; the poll ends when the check phase runs our setImmediate). And if the event loop never waited for
 * I/O since the previous such poll ended, the bytes may have been waiting since then (they were not there
 * for the poll before this one, which came after it): the request is stamped with that earlier time. The
 * estimate errs on the slow side, by at most one turn of a busy event loop.
 */
const loop = processSingleton('webhookArrivalLoop', () => ({
  pollStamp: 0,
  inPoll: false,
  previousPollEnd: 0,
  idle: 0,
}));

function arrivalTime(): number {
  if (!loop.inPoll) {
    const now = performance.now();
    const { idle } = performance.eventLoopUtilization();
    const waitedForIo = idle > loop.idle;
    loop.idle = idle;
    loop.pollStamp = waitedForIo || !loop.previousPollEnd ? now : loop.previousPollEnd;
    loop.inPoll = true;
    setImmediate(() => {
      loop.inPoll = false;
      loop.previousPollEnd = performance.now();
    });
  }
  return loop.pollStamp;
}

function timeAnswer(req: IncomingMessage, res: ServerResponse): void {
  const arrived = arrivalTime();
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

/**
 * Times webhook answers at the HTTP server. With `answer`, webhook requests are also answered there
 * (direct-answer.ts) instead of being handed to Next.js's router.
 */
export function installAnswerTiming(options: { answer?: DirectAnswer } = {}): void {
  hook.answer = options.answer ?? hook.answer;
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
        if (isWebhook(req)) {
          timeAnswer(req, res);
          if (hook.answer) {
            hook.answer(req, res);
            return true;
          }
        }
      }
      return emit.call(this, event, ...args);
    } as typeof Server.prototype.emit;
  }
}
