import type { Request, Router } from 'express';
import type { EmulatorContext } from '../context';
import { callerOf } from '../graph/auth';
import { parseBody } from '../graph/errors';
import type { CallerToken, SubscriptionManager } from './manager';
import { toGraphJson } from './serialize';
import { createSchema, renewSchema } from './validation';

/** Graph's /subscriptions endpoints. Only the app and user that created a subscription can see it. */
export function registerSubscriptionRoutes(
  graph: Router,
  ctx: EmulatorContext,
  manager: SubscriptionManager,
) {
  const entity = () => `${ctx.baseUrl()}/v1.0/$metadata#subscriptions/$entity`;

  // The token's lifetime times reauthorizationRequired; requireCaller has already verified it.
  const callerToken = async (req: Request): Promise<CallerToken> => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? '';
    const claims = await ctx.tokens.verify(bearer);
    return { issuedAt: Date.now(), expiresAt: claims.expiresAt.getTime() };
  };

  // POST /v1.0/subscriptions
  graph.post('/subscriptions', async (req, res) => {
    const caller = callerOf(res);
    const input = parseBody(createSchema, req.body, 'InvalidRequest');
    const subscription = await manager.create(caller, await callerToken(req), input);
    res.status(201).json({ '@odata.context': entity(), ...toGraphJson(subscription) });
  });

  // GET /v1.0/subscriptions
  graph.get('/subscriptions', (_req, res) => {
    const caller = callerOf(res);
    res.json({
      '@odata.context': `${ctx.baseUrl()}/v1.0/$metadata#subscriptions`,
      value: manager.listFor(caller).map(toGraphJson),
    });
  });

  // GET /v1.0/subscriptions/{id}
  graph.get('/subscriptions/:id', (req, res) => {
    const subscription = manager.getFor(callerOf(res), req.params.id);
    res.json({ '@odata.context': entity(), ...toGraphJson(subscription) });
  });

  // PATCH /v1.0/subscriptions/{id}: renew (and reauthorize)
  graph.patch('/subscriptions/:id', async (req, res) => {
    const caller = callerOf(res);
    const { expirationDateTime } = parseBody(renewSchema, req.body, 'InvalidRequest');
    const subscription = manager.renew(caller, await callerToken(req), req.params.id, expirationDateTime);
    res.json({ '@odata.context': entity(), ...toGraphJson(subscription) });
  });

  // DELETE /v1.0/subscriptions/{id}
  graph.delete('/subscriptions/:id', (req, res) => {
    manager.delete(callerOf(res), req.params.id);
    res.status(204).end();
  });

  // POST /v1.0/subscriptions/{id}/reauthorize
  graph.post('/subscriptions/:id/reauthorize', async (req, res) => {
    const caller = callerOf(res);
    manager.reauthorize(caller, await callerToken(req), req.params.id);
    res.status(204).end();
  });
}
