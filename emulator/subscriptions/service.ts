import type { Router } from 'express';
import type { EmulatorContext } from '../context';
import type { MailChange } from '../store/types';
import { registerSubscriptionControl } from './control';
import { SubscriptionManager } from './manager';
import { registerSubscriptionRoutes } from './routes';

export interface SubscriptionService {
  registerRoutes(graph: Router): void;
  registerControl(control: Router): void;
  close(): void;
}

/** Subscriptions, webhook delivery and lifecycle notifications, fed by the mail store's change events. */
export function createSubscriptionService(ctx: EmulatorContext): SubscriptionService {
  const manager = new SubscriptionManager(ctx);
  // Store listeners run inside the mutation that emitted them and must not throw into it.
  const onChange = (change: MailChange) => {
    try {
      manager.onChange(change);
    } catch (error) {
      console.error('[emulator] subscriptions: could not queue change notifications', error);
    }
  };
  const onReset = manager.reset.bind(manager);
  ctx.store.on('change', onChange);
  ctx.store.on('reset', onReset);
  return {
    registerRoutes: (graph) => registerSubscriptionRoutes(graph, ctx, manager),
    registerControl: (control) => registerSubscriptionControl(control, ctx, manager),
    close: () => {
      ctx.store.off('change', onChange);
      ctx.store.off('reset', onReset);
      manager.close();
    },
  };
}
