import type { EncryptedContentOut } from './resource-data';

export type ChangeType = 'created' | 'updated' | 'deleted';
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** One subscription as the emulator keeps it; `toGraphJson` turns it into Graph's subscription resource. */
export interface Subscription {
  id: string;
  /** The resource exactly as the client sent it (Graph echoes it back unchanged). */
  resource: string;
  applicationId: string;
  creatorId: string;
  /** The mailbox the subscription watches; always the creator for delegated calls. */
  userId: string;
  /** Set for folder subscriptions ("me/mailFolders('inbox')/messages"); null watches the whole mailbox. */
  folderId: string | null;
  changeType: string;
  changeTypes: ReadonlySet<ChangeType>;
  clientState: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  /** Wall-clock ms; expirationDateTime is an absolute time clients compare with their own clock. */
  expiresAt: number;
  includeResourceData: boolean;
  /** The resource's `$select`: the message fields a rich notification carries (all when unset). */
  select?: string[];
  encryptionCertificate: string | null;
  encryptionCertificateId: string | null;
  latestSupportedTlsVersion: string;
  /** Expiry (wall-clock ms) of the access token that created, renewed or last reauthorized it. */
  tokenExpiresAt: number;
  tokenIssuedAt: number;
  /** A reauthorizationRequired challenge was sent and not yet answered by reauthorize or PATCH. */
  reauthorizationPending: boolean;
}

/** One item of a change notification POST ({ value: [...] }). */
export interface ChangeNotificationItem {
  id: string;
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  changeType: ChangeType;
  resource: string;
  resourceData: {
    '@odata.type': '#Microsoft.Graph.Message';
    '@odata.id': string;
    '@odata.etag': string;
    id: string;
  };
  clientState: string;
  tenantId: string;
  /** Rich notifications: the message itself, encrypted for the subscription's certificate. */
  encryptedContent?: EncryptedContentOut;
}

export interface LifecycleNotificationItem {
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  tenantId: string;
  clientState: string;
  lifecycleEvent: LifecycleEvent;
  resource: string;
  organizationId: string;
}

export type NotificationItem = ChangeNotificationItem | LifecycleNotificationItem;

export type DeliveryKind = 'notification' | 'lifecycle' | 'validation';
export type DeliveryOutcome = 'delivered' | 'retrying' | 'dropped' | 'failed';

/** One webhook POST the emulator made (or chose not to make), for GET /_emulator/deliveries. */
export interface DeliveryLogEntry {
  seq: number;
  /** Wall-clock time of the attempt. */
  at: string;
  /** The same instant on the scaled delivery clock, in which backoff gaps are measured. */
  clockAt: string;
  url: string;
  kind: DeliveryKind;
  subscriptionIds: string[];
  lifecycleEvents?: LifecycleEvent[];
  attempt: number;
  itemCount: number;
  status: number | null;
  error: string | null;
  latencyMs: number;
  outcome: DeliveryOutcome;
}

/**
 * Response-time limits Graph applies in real time. They are not scaled by timeScale because they measure a
 * real HTTP round trip; tests lower them through `setSubscriptionTimingForTests`.
 */
export interface SubscriptionTiming {
  /** How long the endpoint has to answer the validation handshake (Graph: 10 s). */
  validationTimeoutMs: number;
  /** How long a notification POST may take before it counts as slow and is retried (Graph: 3 s). */
  responseBudgetMs: number;
}
