import type { Router } from 'express';
import type { EmulatorContext } from '../context';

export interface SubscriptionService {
  registerRoutes(graph: Router): void;
  registerControl(control: Router): void;
  close(): void;
}

/** Subscriptions, webhook delivery and lifecycle notifications. (To be built.) */
export function createSubscriptionService(_ctx: EmulatorContext): SubscriptionService {
  return { registerRoutes: () => {}, registerControl: () => {}, close: () => {} };
}
