import type { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { notFound, parseBody } from '../graph/errors';
import { reauthorizationDueAt } from './lifecycle';
import type { SubscriptionManager } from './manager';
import { toGraphJson } from './serialize';

const lifecycleSchema = z.object({
  event: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
});
const dropSchema = z.object({
  count: z.number().int().positive().max(10_000).default(1),
  user: z.string().min(1).optional(),
  /** Send no `missed` afterwards. */
  silent: z.boolean().default(false),
});

/** Control API for subscriptions and webhook delivery (see emulator/README.md). */
export function registerSubscriptionControl(
  control: Router,
  ctx: EmulatorContext,
  manager: SubscriptionManager,
) {
  // GET /_emulator/subscriptions: every live subscription with its state and its endpoint's health.
  control.get('/subscriptions', (_req, res) => {
    res.json({
      value: manager.all().map((s) => ({
        ...toGraphJson(s),
        userId: s.userId,
        folderId: s.folderId,
        state: s.reauthorizationPending ? 'reauthorizationRequired' : 'active',
        tokenExpirationDateTime: new Date(s.tokenExpiresAt).toISOString(),
        reauthorizationDueDateTime: new Date(reauthorizationDueAt(s)).toISOString(),
        endpoint: manager.health.of(s.notificationUrl),
      })),
      endpoints: manager.health.all(),
    });
  });

  // POST /_emulator/subscriptions/:id/expire
  control.post('/subscriptions/:id/expire', (req, res) => {
    manager.expire(req.params.id);
    res.status(204).end();
  });

  // POST /_emulator/subscriptions/:id/lifecycle {event}
  control.post('/subscriptions/:id/lifecycle', (req, res) => {
    const { event } = parseBody(lifecycleSchema, req.body, 'InvalidRequest');
    const sent = manager.lifecycle(req.params.id, event);
    res.status(202).json({ subscriptionId: req.params.id, event, sent });
  });

  // POST /_emulator/notifications/drop {count?, user?, silent?}: drop the next N notifications, then send
  // `missed` (unless silent).
  control.post('/notifications/drop', (req, res) => {
    const { count, user, silent } = parseBody(dropSchema, req.body, 'InvalidRequest');
    let userId: string | null = null;
    if (user !== undefined) {
      const found = ctx.store.findUser(user);
      if (!found) throw notFound(`No user "${user}" in this tenant.`);
      userId = found.id;
    }
    manager.dropNext(count, userId, silent);
    res.status(202).json({ dropping: count, userId, silent });
  });

  // GET /_emulator/deliveries?since=&subscriptionId=
  control.get('/deliveries', (req, res) => {
    const since = typeof req.query.since === 'string' ? req.query.since : undefined;
    const subscriptionId =
      typeof req.query.subscriptionId === 'string' ? req.query.subscriptionId : undefined;
    res.json({ value: manager.log.list({ since, subscriptionId }) });
  });

  // DELETE /_emulator/deliveries: also forgets endpoint health, so a test starts from a clean slate.
  control.delete('/deliveries', (_req, res) => {
    manager.clearDeliveries();
    res.status(204).end();
  });
}
