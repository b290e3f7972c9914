import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import { Clock } from './clock';
import { defaultConfig, type EmulatorConfig } from './config';
import type { EmulatorContext } from './context';
import { registerMeetingControlRoutes } from './control/meetings';
import { registerControlRoutes } from './control/routes';
import { requireCaller } from './graph/auth';
import { registerBatchRoutes } from './graph/batch';
import { registerComposeRoutes } from './graph/compose-routes';
import { createUploadRouter } from './graph/compose-uploads';
import { registerClockControl } from './graph/deferred-send';
import { badRequest, graphErrorHandler, requestIds } from './graph/errors';
import { registerEventRoutes } from './graph/events';
import { registerMailRoutes } from './graph/mail-routes';
import {
  installAutomaticReplies,
  registerMailboxSettingsControl,
  registerMailboxSettingsRoutes,
} from './graph/mailbox-settings';
import { registerMeRoutes } from './graph/me';
import { registerOutlookRoutes } from './graph/outlook';
import { installInboxRules, registerRuleControl, registerRuleRoutes } from './graph/rules';
import { createThrottle } from './graph/throttle';
import { createIdentityProvider } from './identity/provider';
import { TokenService } from './identity/tokens';
import { RequestLog } from './request-log';
import { MailStore } from './store/mail-store';
import { seedMailboxes } from './store/seed';
import { createSubscriptionService } from './subscriptions/service';

export interface RunningEmulator {
  url: string;
  config: EmulatorConfig;
  ctx: EmulatorContext;
  close(): Promise<void>;
}

/**
 * Starts a Microsoft 365 emulator: Graph v1.0 under /v1.0, an OpenID Connect issuer under /<tenant>/v2.0,
 * and the control API under /_emulator. See emulator/README.md.
 */
export async function startEmulator(overrides: Partial<EmulatorConfig> = {}): Promise<RunningEmulator> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'The Microsoft 365 emulator is a development and test tool; it refuses to run with NODE_ENV=production.',
    );
  }
  const config = defaultConfig(overrides);
  let baseUrl = '';
  const store = new MailStore();
  store.setMaxListeners(50);
  const issuer = () => `${baseUrl}/${config.tenantId}/v2.0`;
  // The issuer URL is known only once the port is; tokens are created lazily against it below.
  const ctx: EmulatorContext = {
    config,
    store,
    clock: new Clock(config.timeScale),
    tokens: undefined as unknown as TokenService,
    requests: new RequestLog(),
    baseUrl: () => baseUrl,
    issuer,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // A test double's switch, not a Microsoft API: while "down", every connection except to the control API is
  // dropped unanswered, so callers see the network error a stopped Microsoft 365 would give them.
  let outage = false;
  app.use((req, _res, next) => {
    if (outage && !req.path.startsWith('/_emulator/')) req.socket.destroy();
    else next();
  });
  app.use(requestIds);

  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${config.host}:${address.port}`;
  ctx.tokens = await TokenService.create(issuer(), config.tenantId);

  seedMailboxes(store, config.seed);
  installInboxRules(ctx);
  installAutomaticReplies(ctx);

  const identity = await createIdentityProvider(ctx);
  const subscriptions = createSubscriptionService(ctx);
  const throttle = createThrottle(ctx);

  const graph: Router = express.Router();
  // strict: false because the Graph SDK posts a literal `null` body for actions such as /send.
  graph.use(express.json({ limit: '4mb', strict: false, type: ['application/json', 'text/plain'] }));
  graph.use(logGraphRequests(ctx));
  graph.use(requireCaller(ctx));
  graph.use(throttle.middleware);
  registerMeRoutes(graph, ctx);
  registerEventRoutes(graph, ctx);
  // Compose first: its PATCH handles drafts and passes other messages on to the mail routes.
  registerComposeRoutes(graph, ctx);
  registerMailRoutes(graph, ctx);
  // After the mail routes, whose /users/{id}/mailFolders/… rewrite the rules' paths share.
  registerRuleRoutes(graph, ctx);
  registerOutlookRoutes(graph, ctx);
  registerMailboxSettingsRoutes(graph, ctx);
  registerBatchRoutes(graph, ctx);
  subscriptions.registerRoutes(graph);
  graph.use((req) => {
    throw badRequest(
      `Resource not found for the segment '${req.path.split('/').filter(Boolean).pop() ?? ''}'.`,
    );
  });
  graph.use(graphErrorHandler);

  const control: Router = express.Router();
  control.use(express.json({ limit: '50mb' }));
  registerControlRoutes(control, ctx);
  registerMeetingControlRoutes(control, ctx);
  registerRuleControl(control, ctx);
  registerClockControl(control, ctx);
  registerMailboxSettingsControl(control, ctx);
  control.post('/outage', (req, res) => {
    const down = (req.body as { down?: unknown } | undefined)?.down;
    if (typeof down !== 'boolean') throw badRequest('Send {"down": true} or {"down": false}.');
    outage = down;
    if (outage) server.closeIdleConnections();
    res.json({ outage });
  });
  throttle.registerControl(control);
  subscriptions.registerControl(control);
  identity.registerControl(control);
  control.use(graphErrorHandler);

  app.use('/_upload', createUploadRouter(ctx));
  app.use('/v1.0', graph);
  app.use('/_emulator', control);
  app.use(`/${config.tenantId}`, identity.router);

  return {
    url: baseUrl,
    config,
    ctx,
    close: async () => {
      subscriptions.close();
      await identity.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function logGraphRequests(ctx: EmulatorContext): express.RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const caller = res.locals.caller as { userId: string; appId: string } | undefined;
      ctx.requests.add({
        at: new Date().toISOString(),
        method: req.method,
        path: req.originalUrl.replace(/^\/v1\.0/, ''),
        status: res.statusCode,
        durationMs: Math.round(performance.now() - started),
        userId: caller?.userId ?? null,
        appId: caller?.appId ?? null,
        batchId: req.header('x-emulator-batch-id') ?? undefined,
      });
    });
    next();
  };
}
