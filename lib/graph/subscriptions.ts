import 'server-only';
import { z } from 'zod';
import { withGraph } from './client';
import { GraphRequestError } from './errors';

/* Graph's subscription resource: create, renew, reauthorize, delete, list. */

export const subscriptionSchema = z.object({
  id: z.string(),
  resource: z.string(),
  changeType: z.string(),
  expirationDateTime: z.string(),
  notificationUrl: z.string(),
  lifecycleNotificationUrl: z.string().nullish(),
});
export type GraphSubscription = z.infer<typeof subscriptionSchema>;

export interface NewSubscription {
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  clientState: string;
  expirationDateTime: string;
  /** Rich notifications: Graph puts the resource in each notification, sealed for this certificate. */
  includeResourceData?: boolean;
  encryptionCertificate?: string;
  encryptionCertificateId?: string;
}

export function createSubscription(userId: string, body: NewSubscription): Promise<GraphSubscription> {
  return withGraph(userId, async (client) =>
    subscriptionSchema.parse(await client.api('/subscriptions').post(body)),
  );
}

export function listSubscriptions(userId: string): Promise<GraphSubscription[]> {
  return withGraph(
    userId,
    async (client) =>
      z.object({ value: z.array(subscriptionSchema) }).parse(await client.api('/subscriptions').get()).value,
  );
}

export function renewSubscription(
  userId: string,
  id: string,
  expirationDateTime: string,
): Promise<GraphSubscription> {
  return withGraph(userId, async (client) =>
    subscriptionSchema.parse(await client.api(`/subscriptions/${id}`).patch({ expirationDateTime })),
  );
}

export function reauthorizeSubscription(userId: string, id: string): Promise<void> {
  return withGraph(userId, async (client) => {
    await client.api(`/subscriptions/${id}/reauthorize`).post(null);
  });
}

/** A subscription as Graph has it now; null when Graph no longer has it. */
export async function getSubscription(userId: string, id: string): Promise<GraphSubscription | null> {
  return withGraph(userId, async (client) =>
    subscriptionSchema.parse(await client.api(`/subscriptions/${id}`).get()),
  ).catch((error: unknown) => {
    if (error instanceof GraphRequestError && error.kind === 'not-found') return null;
    throw error;
  });
}

/** Deletes a subscription; one Graph no longer has counts as deleted. */
export async function deleteSubscription(userId: string, id: string): Promise<void> {
  await withGraph(userId, async (client) => {
    await client.api(`/subscriptions/${id}`).delete();
  }).catch((error: unknown) => {
    if (!(error instanceof GraphRequestError && error.kind === 'not-found')) throw error;
  });
}
