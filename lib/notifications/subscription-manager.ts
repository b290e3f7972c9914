import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '../db';
import { env } from '../env';
import { GraphRequestError } from '../graph/errors';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  type NewSubscription,
  reauthorizeSubscription,
  renewSubscription,
} from '../graph/subscriptions';
import { logger } from '../logger';
import { MESSAGE_FIELDS } from '../mail/graph-mail';
import { processSingleton } from '../process-singleton';
import { certificateLastsUntil, currentCertificate } from './certificate';
import { hashClientState } from './receive';
import { safetyNet } from './safety-net';
import { subscriptionsChanged } from './subscription-view';

/*
 * One Graph subscription per person for their messages (created, updated, deleted), kept alive: created at
 * sign-in, renewed past half its life, recreated when Graph has lost it, deleted at sign-out.
 *
 * With RICH_NOTIFICATIONS=on it asks for rich notifications: includeResourceData, the list's fields as the
 * resource's $select, and the app's certificate (certificate.ts) for Graph to seal them with. Graph gives
 * such a subscription at most 1,440 minutes, so it is renewed daily; one whose certificate would end before
 * its renewed expiry, or of the other kind than configured (the setting changed), is made again instead of
 * renewed, at its renewal or at the person's next sign-in.
 */

export const RESOURCE = 'me/messages';
export const RICH_RESOURCE = `${RESOURCE}?$select=${MESSAGE_FIELDS}`;
export const CHANGE_TYPES = 'created,updated,deleted';
/** Graph allows 10,080 minutes for Outlook messages; a little less leaves room for clock skew. */
export const LIFETIME_MINUTES = 10_070;
/** And 1,440 minutes when the notifications carry resource data. */
export const RICH_LIFETIME_MINUTES = 1_430;

const richWanted = () => env.RICH_NOTIFICATIONS === 'on';
const lifetimeMs = (rich: boolean) => (rich ? RICH_LIFETIME_MINUTES : LIFETIME_MINUTES) * 60_000;
/** Our resource, with or without a $select. */
const isOurResource = (resource: string) =>
  resource.replace(/^\//, '').split('?')[0]?.toLowerCase() === RESOURCE;

export const publicUrl = () => env.PUBLIC_URL ?? env.NEXTAUTH_URL ?? 'http://localhost:3000';
export const notificationUrl = () => `${publicUrl()}/api/graph/notifications`;
export const lifecycleUrl = () => `${publicUrl()}/api/graph/lifecycle`;

const expiry = (rich: boolean, now = Date.now()) => new Date(now + lifetimeMs(rich));

/** Creates the person's subscription, replacing any Graph already has for the same resource and URL. */
export async function createUserSubscription(userId: string) {
  const clientState = randomBytes(32).toString('base64url');
  const certificate = richWanted() ? await currentCertificate() : null;
  const body: NewSubscription = {
    resource: certificate ? RICH_RESOURCE : RESOURCE,
    changeType: CHANGE_TYPES,
    notificationUrl: notificationUrl(),
    lifecycleNotificationUrl: lifecycleUrl(),
    clientState,
    expirationDateTime: expiry(certificate !== null).toISOString(),
    ...(certificate && {
      includeResourceData: true,
      encryptionCertificate: certificate.certificate,
      encryptionCertificateId: certificate.id,
    }),
  };
  const created = await createSubscription(userId, body).catch(async (error: unknown) => {
    // 409: Graph already has one for this resource and URL (from another device, or a lost row). Its
    // clientState is unknown to us, so replace it rather than trust it.
    if (!(error instanceof GraphRequestError && error.status === 409)) throw error;
    for (const existing of await listSubscriptions(userId)) {
      if (existing.notificationUrl === body.notificationUrl && isOurResource(existing.resource)) {
        await deleteSubscription(userId, existing.id);
      }
    }
    return createSubscription(userId, body);
  });
  await db.$transaction([
    db.graphSubscription.deleteMany({ where: { userId } }),
    db.graphSubscription.create({
      data: {
        userId,
        graphId: created.id,
        resource: created.resource,
        changeType: created.changeType,
        expiresAt: new Date(created.expirationDateTime),
        clientStateHash: hashClientState(clientState),
        encryptionCertificateId: certificate?.id ?? null,
      },
    }),
  ]);
  subscriptionsChanged();
  logger.info('subscribed to mail changes', {
    userId,
    subscriptionId: created.id,
    expiresAt: created.expirationDateTime,
  });
  return created;
}

/** Makes sure the person has a live subscription (sign-in, start-up). */
export async function ensureUserSubscription(userId: string): Promise<void> {
  const existing = await db.graphSubscription.findFirst({ where: { userId, expiresAt: { gt: new Date() } } });
  if (!existing || (existing.encryptionCertificateId !== null) !== richWanted())
    await createUserSubscription(userId);
}

/** Pauses before asking Graph again for a subscription that failed for a passing reason (about a minute). */
export const SUBSCRIBE_RETRY_MS = [2_000, 5_000, 15_000, 30_000];

/**
 * At sign-in: makes sure of the person's subscription, asking again a few times when Graph was unreachable
 * or the connection broke. Creating is a POST, which the Graph client does not repeat once it reached
 * Graph, and the next maintenance round may be minutes away: mail would go unnoticed until then. A create
 * whose answer was lost may have made a subscription; the next create then meets Graph's 409 and replaces
 * it (createUserSubscription). Other failures (consent, a bad request) are not retried.
 */
export async function ensureUserSubscriptionWithRetry(
  userId: string,
  pause: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ensureUserSubscription(userId);
    } catch (error) {
      const passing =
        error instanceof GraphRequestError && (error.kind === 'unavailable' || error.kind === 'throttled');
      const delay = SUBSCRIBE_RETRY_MS[attempt];
      if (!passing || delay === undefined) throw error;
      logger.info('could not subscribe to mail changes yet; asking again', { userId, inMs: delay });
      await pause(delay);
    }
  }
}

export async function deleteUserSubscriptions(userId: string): Promise<void> {
  for (const subscription of await db.graphSubscription.findMany({ where: { userId } })) {
    await deleteSubscription(userId, subscription.graphId).catch((error: unknown) =>
      logger.warn('could not delete subscription', { userId, error: String(error) }),
    );
  }
  await db.graphSubscription.deleteMany({ where: { userId } });
  subscriptionsChanged();
}

/** After a sign-out: when no session of the person is left, nobody is there to notify, so unsubscribe. */
export async function unsubscribeIfSignedOut(userId: string): Promise<void> {
  try {
    if ((await db.session.count({ where: { userId } })) === 0) await deleteUserSubscriptions(userId);
  } catch (error) {
    logger.warn('could not delete subscriptions at sign-out', { userId, error: String(error) });
  }
}

/** Renews one subscription; recreates it when Graph no longer has it. */
export async function renewUserSubscription(subscription: {
  userId: string;
  graphId: string;
  encryptionCertificateId?: string | null;
}): Promise<'renewed' | 'recreated'> {
  const certificateId = subscription.encryptionCertificateId ?? null;
  const until = expiry(certificateId !== null);
  if (
    (certificateId !== null) !== richWanted() ||
    (certificateId !== null && !(await certificateLastsUntil(certificateId, until)))
  ) {
    await createUserSubscription(subscription.userId);
    return 'recreated';
  }
  try {
    const renewed = await renewSubscription(subscription.userId, subscription.graphId, until.toISOString());
    await db.graphSubscription.update({
      where: { graphId: subscription.graphId },
      data: { expiresAt: new Date(renewed.expirationDateTime), status: 'active' },
    });
    subscriptionsChanged();
    return 'renewed';
  } catch (error) {
    if (!(error instanceof GraphRequestError && error.kind === 'not-found')) throw error;
    await createUserSubscription(subscription.userId);
    return 'recreated';
  }
}

/** Renews every subscription past half its life (and recreates lost ones). */
export async function renewDueSubscriptions(now = Date.now()) {
  const halfLife = (rich: boolean) => new Date(now + lifetimeMs(rich) / 2);
  const due = await db.graphSubscription.findMany({
    where: {
      OR: [
        { encryptionCertificateId: null, expiresAt: { lt: halfLife(false) } },
        { encryptionCertificateId: { not: null }, expiresAt: { lt: halfLife(true) } },
      ],
    },
  });
  const results = { renewed: 0, recreated: 0, failed: 0 };
  for (const subscription of due) {
    try {
      results[await renewUserSubscription(subscription)] += 1;
    } catch (error) {
      results.failed += 1;
      logger.warn('subscription renewal failed', { userId: subscription.userId, error: String(error) });
    }
  }
  return results;
}

/** reauthorizationRequired: Graph wants proof we still have access before the subscription lapses. */
export async function reauthorizeUserSubscription(userId: string, graphId: string): Promise<void> {
  try {
    await reauthorizeSubscription(userId, graphId);
    await db.graphSubscription.updateMany({ where: { graphId }, data: { status: 'active' } });
    subscriptionsChanged();
  } catch (error) {
    if (!(error instanceof GraphRequestError && error.kind === 'not-found')) throw error;
    await createUserSubscription(userId);
  }
}

/**
 * When each subscription was last checked against Graph. Graph can lose or expire a subscription without a
 * lifecycle event reaching us; our own expiry date would not show it, and no notification would come, so a
 * lost one is found only by asking, within the safety net's bound (safety-net.ts).
 */
const verifiedAt = processSingleton('subscriptionVerifiedAt', () => new Map<string, number>());

/**
 * Checks each subscription not checked for the safety net's due time with `GET /subscriptions/{id}`; one
 * Graph no longer has, or has expired, is recreated. Returns the people whose subscription was recreated:
 * their mailboxes need a delta round for what went unnotified.
 */
export async function verifySubscriptions(now = Date.now()): Promise<string[]> {
  const recreated: string[] = [];
  const { dueAfterMs } = safetyNet();
  const subscriptions = await db.graphSubscription.findMany({ select: { userId: true, graphId: true } });
  for (const subscription of subscriptions) {
    if (now - (verifiedAt.get(subscription.graphId) ?? -Infinity) < dueAfterMs) continue;
    try {
      const found = await getSubscription(subscription.userId, subscription.graphId);
      if (found && Date.parse(found.expirationDateTime) > now) {
        verifiedAt.set(subscription.graphId, now);
        continue;
      }
      logger.warn('subscription lost by Graph; recreating it', {
        userId: subscription.userId,
        subscriptionId: subscription.graphId,
        reason: found ? 'expired' : 'not found',
      });
      await db.graphSubscription.updateMany({
        where: { graphId: subscription.graphId },
        data: { status: 'lost' },
      });
      verifiedAt.delete(subscription.graphId);
      await createUserSubscription(subscription.userId);
      recreated.push(subscription.userId);
    } catch (error) {
      logger.warn('subscription check failed', { userId: subscription.userId, error: String(error) });
    }
  }
  return recreated;
}
