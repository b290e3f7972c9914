import { z } from 'zod';

/* The shapes Graph POSTs to our webhooks (change notifications and lifecycle notifications). */

export const changeItemSchema = z.object({
  subscriptionId: z.string().min(1),
  clientState: z.string().nullish(),
  changeType: z.enum(['created', 'updated', 'deleted']),
  resource: z.string(),
  tenantId: z.string().nullish(),
  subscriptionExpirationDateTime: z.string().nullish(),
  resourceData: z
    .object({
      id: z.string().optional(),
      '@odata.etag': z.string().optional(),
      '@odata.type': z.string().optional(),
    })
    .passthrough()
    .nullish(),
  /** A rich notification's message, sealed for our certificate (checked in lib/notifications/rich.ts). */
  encryptedContent: z.unknown().optional(),
});

export const lifecycleItemSchema = z.object({
  subscriptionId: z.string().min(1),
  clientState: z.string().nullish(),
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
  tenantId: z.string().nullish(),
  subscriptionExpirationDateTime: z.string().nullish(),
});

export const collectionSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    value: z.array(item).max(1000),
    /** With rich notifications: JWTs from the identity platform vouching that Graph sent the batch. */
    validationTokens: z.array(z.string().max(16_384)).max(100).optional(),
  });

export type ChangeItem = z.infer<typeof changeItemSchema>;
export type LifecycleItem = z.infer<typeof lifecycleItemSchema>;

/** The message id of a change: resourceData.id, else the last segment of `Users/{id}/Messages/{id}`. */
export function messageIdOf(item: ChangeItem): string | null {
  if (item.resourceData?.id) return item.resourceData.id;
  const match = /messages\/([^/]+)$/i.exec(item.resource) ?? /messages\('([^']+)'\)$/i.exec(item.resource);
  return match?.[1] ?? null;
}
