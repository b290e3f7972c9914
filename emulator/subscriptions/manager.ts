import { type KeyObject, X509Certificate } from 'node:crypto';
import type { z } from 'zod';
import type { EmulatorContext, GraphCaller } from '../context';
import { badRequest, GraphError } from '../graph/errors';
import { applySelect } from '../graph/odata';
import { messageToGraph } from '../graph/serialize';
import { newChangeKey, newGuid } from '../ids';
import type { MailChange } from '../store/types';
import { DeliveryEngine } from './delivery';
import { DeliveryLog } from './delivery-log';
import { HealthTracker } from './health';
import { lifecycleItem, reauthorizationDueAt, WallTimers } from './lifecycle';
import { encryptResourceData } from './resource-data';
import { resolveResource } from './resources';
import type { ChangeNotificationItem, ChangeType, LifecycleEvent, Subscription } from './types';
import {
  type createSchema,
  handshake,
  newValidationToken,
  parseChangeTypes,
  parseExpiration,
  validationError,
} from './validation';

export type CreateInput = z.infer<typeof createSchema>;

/** The caller's token as subscriptions need it: reauthorizationRequired is timed from its expiry. */
export interface CallerToken {
  issuedAt: number;
  expiresAt: number;
}

interface DropPlan {
  remaining: number;
  userId: string | null;
  subscriptionIds: Set<string>;
  /** No `missed` afterwards: the app is never told (Graph does lose notifications this way). */
  silent: boolean;
}

const notFoundSubscription = (id: string) =>
  new GraphError(
    404,
    'ResourceNotFound',
    `The subscription '${id}' was not found. It may have expired or been deleted.`,
  );

/** Subscriptions of all users, their delivery and lifecycle. Routes stay thin and call into this. */
const certificates = new Map<string, { key: KeyObject; der: Buffer }>();

/** A subscription's `encryptionCertificate` (base64 DER X.509) and its public key; 400 when it is not one. */
function certificateKey(base64: string): { key: KeyObject; der: Buffer } {
  const known = certificates.get(base64);
  if (known) return known;
  try {
    const der = Buffer.from(base64, 'base64');
    const parsed = { key: new X509Certificate(der).publicKey, der };
    certificates.set(base64, parsed);
    return parsed;
  } catch {
    throw badRequest('encryptionCertificate is not a base64-encoded X.509 certificate.', 'InvalidRequest');
  }
}

export class SubscriptionManager {
  readonly log: DeliveryLog;
  readonly health: HealthTracker;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly delivery: DeliveryEngine;
  private readonly timers = new WallTimers();
  private readonly handshakes = new AbortController();
  private dropPlan: DropPlan | null = null;
  private readonly pendingMissed = new Set<string>();
  private missedTimer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: EmulatorContext) {
    this.log = new DeliveryLog(ctx.clock);
    this.health = new HealthTracker(ctx.clock);
    this.delivery = new DeliveryEngine(
      ctx.clock,
      ctx.config.notificationBatchWindowMs,
      this.log,
      this.health,
      {
        isLive: (id) => this.live(id) !== undefined,
        onDropped: (ids) => this.queueMissed(ids),
        validationTokens: (ids) => this.validationTokens(ids),
      },
    );
  }

  // --- Graph API ---

  listFor(caller: GraphCaller): Subscription[] {
    return [...this.subscriptions.values()].filter(
      (s) => this.isLive(s) && s.applicationId === caller.appId && s.creatorId === caller.userId,
    );
  }

  getFor(caller: GraphCaller, id: string): Subscription {
    const subscription = this.live(id);
    if (
      !subscription ||
      subscription.applicationId !== caller.appId ||
      subscription.creatorId !== caller.userId
    ) {
      throw notFoundSubscription(id);
    }
    return subscription;
  }

  async create(caller: GraphCaller, token: CallerToken, input: CreateInput): Promise<Subscription> {
    const changeTypes = parseChangeTypes(input.changeType);
    const target = resolveResource(this.ctx, caller.userId, input.resource);
    const includeResourceData = input.includeResourceData === true;
    if (includeResourceData && (!input.encryptionCertificate || !input.encryptionCertificateId)) {
      throw badRequest(
        'A subscription with includeResourceData must provide encryptionCertificate and encryptionCertificateId.',
        'InvalidRequest',
      );
    }
    const expiresAt = parseExpiration(input.expirationDateTime, includeResourceData);
    if (includeResourceData) certificateKey(input.encryptionCertificate ?? '');
    const changeType = [...changeTypes].join(',');
    this.assertNoDuplicate(caller, target, changeTypes, input.notificationUrl);

    const id = newGuid();
    const urls = [
      input.notificationUrl,
      ...(input.lifecycleNotificationUrl ? [input.lifecycleNotificationUrl] : []),
    ];
    for (const url of urls) {
      const token = newValidationToken();
      const result = await handshake(url, token, this.handshakes.signal);
      this.log.add({
        url,
        kind: 'validation',
        subscriptionIds: [id],
        attempt: 1,
        itemCount: 0,
        status: result.status,
        error: result.error,
        latencyMs: result.latencyMs,
        outcome: result.ok ? 'delivered' : 'failed',
      });
      if (result.error !== null) throw validationError(result.error);
    }
    // Another create may have won the race while we waited for the endpoint.
    this.assertNoDuplicate(caller, target, changeTypes, input.notificationUrl);

    const subscription: Subscription = {
      id,
      resource: input.resource,
      applicationId: caller.appId,
      creatorId: caller.userId,
      userId: target.userId,
      folderId: target.folderId,
      changeType,
      changeTypes,
      clientState: input.clientState,
      notificationUrl: input.notificationUrl,
      lifecycleNotificationUrl: input.lifecycleNotificationUrl ?? null,
      expiresAt,
      includeResourceData,
      ...(target.select ? { select: target.select } : {}),
      encryptionCertificate: input.encryptionCertificate ?? null,
      encryptionCertificateId: input.encryptionCertificateId ?? null,
      latestSupportedTlsVersion: input.latestSupportedTlsVersion,
      tokenIssuedAt: token.issuedAt,
      tokenExpiresAt: token.expiresAt,
      reauthorizationPending: false,
    };
    this.subscriptions.set(id, subscription);
    this.arm(subscription);
    return subscription;
  }

  renew(caller: GraphCaller, token: CallerToken, id: string, expirationDateTime: string): Subscription {
    const subscription = this.getFor(caller, id);
    subscription.expiresAt = parseExpiration(expirationDateTime, subscription.includeResourceData);
    this.reauthorize(caller, token, id);
    return subscription;
  }

  /** Renewing also reauthorizes, as on Graph: the subscription now rides on the caller's new token. */
  reauthorize(caller: GraphCaller, token: CallerToken, id: string): Subscription {
    const subscription = this.getFor(caller, id);
    subscription.tokenIssuedAt = token.issuedAt;
    subscription.tokenExpiresAt = token.expiresAt;
    subscription.reauthorizationPending = false;
    this.arm(subscription);
    return subscription;
  }

  delete(caller: GraphCaller, id: string): void {
    this.getFor(caller, id);
    this.remove(id);
  }

  // --- store events ---

  onChange(change: MailChange): void {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.userId !== change.userId || !this.isLive(subscription)) continue;
      const changeType = effectiveChangeType(subscription, change);
      if (!changeType || !subscription.changeTypes.has(changeType)) continue;
      const item = this.notificationItem(subscription, change, changeType);
      if (this.consumeDrop(subscription)) continue;
      this.delivery.enqueue(subscription.notificationUrl, item);
    }
  }

  // --- control API ---

  all(): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => this.isLive(s));
  }

  /** Expires a subscription now: it disappears without a lifecycle notification, as expiry does on Graph. */
  expire(id: string): void {
    if (!this.live(id)) throw notFoundSubscription(id);
    this.remove(id);
  }

  /** Sends a lifecycle event; subscriptionRemoved also removes the subscription. Returns whether it was sent. */
  lifecycle(id: string, event: LifecycleEvent): boolean {
    const subscription = this.live(id);
    if (!subscription) throw notFoundSubscription(id);
    if (event === 'reauthorizationRequired') subscription.reauthorizationPending = true;
    const sent = this.sendLifecycle(subscription, event);
    if (event === 'subscriptionRemoved') this.remove(id);
    return sent;
  }

  dropNext(count: number, userId: string | null, silent = false): void {
    this.dropPlan = { remaining: count, userId, subscriptionIds: new Set(), silent };
  }

  clearDeliveries(): void {
    this.log.clear();
    this.health.clear();
  }

  reset(): void {
    this.subscriptions.clear();
    this.timers.clear();
    this.delivery.reset();
    this.dropPlan = null;
    this.pendingMissed.clear();
    if (this.missedTimer) clearTimeout(this.missedTimer);
    this.missedTimer = null;
    this.log.clear();
    this.health.clear();
  }

  close(): void {
    this.handshakes.abort();
    this.timers.clear();
    this.delivery.close();
    if (this.missedTimer) clearTimeout(this.missedTimer);
    this.missedTimer = null;
  }

  // --- internals ---

  private isLive(subscription: Subscription): boolean {
    return subscription.expiresAt > Date.now();
  }

  private live(id: string): Subscription | undefined {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return undefined;
    if (!this.isLive(subscription)) {
      this.remove(id);
      return undefined;
    }
    return subscription;
  }

  private remove(id: string): void {
    this.subscriptions.delete(id);
    this.timers.cancelMatching(`${id}:`);
    this.pendingMissed.delete(id);
  }

  private arm(subscription: Subscription): void {
    this.timers.set(`${subscription.id}:expiry`, subscription.expiresAt, () => this.remove(subscription.id));
    if (subscription.tokenExpiresAt < subscription.expiresAt) {
      this.timers.set(`${subscription.id}:reauthorize`, reauthorizationDueAt(subscription), () => {
        const current = this.live(subscription.id);
        if (!current) return;
        current.reauthorizationPending = true;
        this.sendLifecycle(current, 'reauthorizationRequired');
      });
    } else {
      this.timers.cancel(`${subscription.id}:reauthorize`);
    }
  }

  private assertNoDuplicate(
    caller: GraphCaller,
    target: { userId: string; folderId: string | null },
    changeTypes: ReadonlySet<ChangeType>,
    notificationUrl: string,
  ): void {
    const sameTypes = (other: ReadonlySet<ChangeType>) =>
      other.size === changeTypes.size && [...other].every((t) => changeTypes.has(t));
    for (const existing of this.subscriptions.values()) {
      if (
        this.isLive(existing) &&
        existing.applicationId === caller.appId &&
        existing.creatorId === caller.userId &&
        existing.userId === target.userId &&
        existing.folderId === target.folderId &&
        existing.notificationUrl === notificationUrl &&
        sameTypes(existing.changeTypes)
      ) {
        throw new GraphError(
          409,
          'Conflict',
          `Subscription Id ${existing.id} already exists for the requested combination.`,
        );
      }
    }
  }

  private notificationItem(
    subscription: Subscription,
    change: MailChange,
    changeType: ChangeType,
  ): ChangeNotificationItem {
    const path = `Users/${change.userId}/Messages/${change.messageId}`;
    const changeKey = this.ctx.store.getMessage(change.userId, change.messageId)?.changeKey ?? newChangeKey();
    return {
      id: newGuid(),
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
      changeType,
      resource: path,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Message',
        '@odata.id': path,
        '@odata.etag': `W/"${changeKey}"`,
        id: change.messageId,
      },
      clientState: subscription.clientState,
      tenantId: this.ctx.config.tenantId,
      ...this.encryptedContent(subscription, change, changeType),
    };
  }

  /** A rich subscription's notification carries the message (its `$select`), sealed for its certificate. */
  private encryptedContent(
    subscription: Subscription,
    change: MailChange,
    changeType: ChangeType,
  ): Pick<ChangeNotificationItem, 'encryptedContent'> {
    if (!subscription.includeResourceData || !subscription.encryptionCertificate) return {};
    const message =
      changeType === 'deleted' ? undefined : this.ctx.store.getMessage(change.userId, change.messageId);
    if (!message) return {};
    const { key, der } = certificateKey(subscription.encryptionCertificate);
    const resource = {
      '@odata.type': '#Microsoft.Graph.Message',
      '@odata.id': `Users/${change.userId}/Messages/${change.messageId}`,
      ...applySelect(messageToGraph(message, {}), subscription.select),
      id: change.messageId,
    };
    return {
      encryptedContent: encryptResourceData(resource, key, {
        id: subscription.encryptionCertificateId ?? '',
        der,
      }),
    };
  }

  /** One validation token per app whose rich notifications are in a delivery, as Graph sends them. */
  private async validationTokens(subscriptionIds: string[]): Promise<string[]> {
    const apps = new Set<string>();
    for (const id of subscriptionIds) {
      const subscription = this.subscriptions.get(id);
      if (subscription?.includeResourceData) apps.add(subscription.applicationId);
    }
    return Promise.all([...apps].map((appId) => this.ctx.tokens.mintValidationToken(appId)));
  }

  /** The control API's "drop the next N": swallows the notification, then reports `missed` once done. */
  private consumeDrop(subscription: Subscription): boolean {
    const plan = this.dropPlan;
    if (!plan || (plan.userId !== null && plan.userId !== subscription.userId)) return false;
    plan.remaining -= 1;
    plan.subscriptionIds.add(subscription.id);
    this.log.add({
      url: subscription.notificationUrl,
      kind: 'notification',
      subscriptionIds: [subscription.id],
      attempt: 0,
      itemCount: 1,
      status: null,
      error: 'Dropped on request of the control API.',
      latencyMs: 0,
      outcome: 'dropped',
    });
    if (plan.remaining <= 0) {
      this.dropPlan = null;
      if (!plan.silent) this.queueMissed([...plan.subscriptionIds]);
    }
    return true;
  }

  /** Coalesces `missed` per subscription over the batch window, so a burst of drops sends one. */
  private queueMissed(ids: string[]): void {
    for (const id of ids) this.pendingMissed.add(id);
    if (this.missedTimer) return;
    this.missedTimer = setTimeout(() => {
      this.missedTimer = null;
      const pending = [...this.pendingMissed];
      this.pendingMissed.clear();
      for (const id of pending) {
        const subscription = this.live(id);
        if (subscription) this.sendLifecycle(subscription, 'missed');
      }
    }, this.ctx.config.notificationBatchWindowMs);
    this.missedTimer.unref();
  }

  private sendLifecycle(subscription: Subscription, event: LifecycleEvent): boolean {
    if (!subscription.lifecycleNotificationUrl) return false;
    this.delivery.sendLifecycle(subscription.lifecycleNotificationUrl, [
      lifecycleItem(subscription, event, this.ctx.config.tenantId),
    ]);
    return true;
  }
}

/**
 * What a change means to one subscription: for a folder subscription a move in is `created` and a move out
 * is `deleted`; a change elsewhere in the mailbox means nothing to it.
 */
export function effectiveChangeType(subscription: Subscription, change: MailChange): ChangeType | null {
  const folder = subscription.folderId;
  if (folder === null) return change.changeType;
  const moved = change.previousFolderId !== undefined;
  if (moved) {
    if (change.folderId === folder) return 'created';
    if (change.previousFolderId === folder) return 'deleted';
    return null;
  }
  return change.folderId === folder ? change.changeType : null;
}
