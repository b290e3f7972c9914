import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';
import { until } from '../testing/until';
import { startWebhookServer } from '../testing/webhook-server';

const CRON_SECRET = 'test-cron-secret-0123456789';
let emulator: RunningEmulator;
let webhooks: Awaited<ReturnType<typeof startWebhookServer>>;
let adele: string;
let lib: typeof import('./subscription-manager') &
  typeof import('./maintenance') &
  typeof import('./safety-net') &
  typeof import('./processor') &
  typeof import('../mail/sync') & { db: typeof import('../db').db };

beforeAll(async () => {
  webhooks = await startWebhookServer();
  process.env.PUBLIC_URL = webhooks.url;
  process.env.CRON_SECRET = CRON_SECRET;
  emulator = await startAppEmulator({ timeScale: 600 });
  lib = {
    ...(await import('./subscription-manager')),
    ...(await import('./maintenance')),
    ...(await import('./safety-net')),
    ...(await import('./processor')),
    ...(await import('../mail/sync')),
    ...(await import('../db')),
  };
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  await lib.syncMailbox(adele);
  await lib.createUserSubscription(adele);
});
afterAll(async () => {
  await webhooks?.close();
  await emulator?.close();
});

const post = (path: string, body: unknown) => emulatorControl(emulator, path, body);
const deliver = async (subject: string) =>
  (await (await post('/mail', { to: 'adele', from: 'news@fabrikam.test', subject })).json()) as {
    id: string;
  };

async function emulatorSubscriptions() {
  return (
    (await (await fetch(`${emulator.url}/_emulator/subscriptions`)).json()) as {
      value: {
        id: string;
        userId?: string;
        notificationUrl: string;
        lifecycleNotificationUrl: string;
        expirationDateTime: string;
        state?: string;
      }[];
    }
  ).value;
}

/** Every message of Adele's in the emulator and in our cache, as id|folder|read lines. */
async function compareMailbox() {
  const state = (await (await fetch(`${emulator.url}/_emulator/mailboxes/adele`)).json()) as {
    messages: { id: string; parentFolderId: string; isRead: boolean }[];
  };
  const cached = await lib.db.mailMessage.findMany({
    where: { userId: adele },
    select: { graphId: true, folderGraphId: true, isRead: true },
  });
  return {
    expected: state.messages.map((m) => `${m.id}|${m.parentFolderId}|${m.isRead}`).sort(),
    actual: cached.map((m) => `${m.graphId}|${m.folderGraphId}|${m.isRead}`).sort(),
  };
}

/** A subscription whose clientState the test knows, so it can play Graph delivering (or retrying). */
async function knownSubscription(clientState: string): Promise<string> {
  const { hashClientState } = await import('./receive');
  const graphId = `test-sub-${crypto.randomUUID()}`;
  await lib.db.graphSubscription.create({
    data: {
      userId: adele,
      graphId,
      resource: 'me/messages',
      changeType: 'created',
      expiresAt: new Date(Date.now() + 3_600_000),
      clientStateHash: hashClientState(clientState),
    },
  });
  return graphId;
}

const notification = async (overrides: Record<string, unknown> = {}) => {
  const sub = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId: adele } });
  const message = await lib.db.mailMessage.findFirstOrThrow({ where: { userId: adele } });
  return {
    value: [
      {
        subscriptionId: sub.graphId,
        clientState: 'wrong',
        changeType: 'updated',
        resource: `Users/x/Messages/${message.graphId}`,
        resourceData: { id: message.graphId, '@odata.etag': 'W/"x"' },
        ...overrides,
      },
    ],
  };
};
const webhook = (body: string, path = '/api/graph/notifications', headers: Record<string, string> = {}) =>
  fetch(`${webhooks.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('a subscription Graph lost without a word', () => {
  it('is found by the 15-minute check, recreated, and the mail it missed reaches the cache', async () => {
    // One live subscription to start from (earlier tests leave stand-in rows behind).
    await lib.createUserSubscription(adele);
    const before = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId: adele } });
    const checkedAt = Date.now();
    expect(await lib.verifySubscriptions(checkedAt)).toEqual([]);
    // Graph drops it: no lifecycle event, no notification for what arrives next.
    await emulatorControl(emulator, `/subscriptions/${before.graphId}/expire`, {});
    const { id } = (await (
      await emulatorControl(emulator, '/mail', {
        to: 'adele',
        from: 'unheard@fabrikam.test',
        subject: 'Sent while unsubscribed',
      })
    ).json()) as { id: string };

    // Checked again only once the bound has passed.
    expect(await lib.verifySubscriptions(checkedAt + 60_000)).toEqual([]);
    const result = await lib.runMaintenance({ now: checkedAt + lib.safetyNet().dueAfterMs });
    expect(result.subscriptions).toMatchObject({ lost: 1 });
    const after = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId: adele } });
    expect(after.graphId).not.toBe(before.graphId);
    expect(after.status).toBe('active');
    expect(await lib.db.mailMessage.count({ where: { userId: adele, graphId: id } })).toBe(1);
  });
});

describe('subscriptions', () => {
  it('after sign-in the emulator and our database hold one subscription with both URLs and the same expiry', async () => {
    const ours = await lib.db.graphSubscription.findMany({ where: { userId: adele } });
    expect(ours).toHaveLength(1);
    const theirs = (await emulatorSubscriptions()).filter((s) => s.id === ours[0]?.graphId);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).toMatchObject({
      notificationUrl: `${webhooks.url}/api/graph/notifications`,
      lifecycleNotificationUrl: `${webhooks.url}/api/graph/lifecycle`,
    });
    expect(new Date(theirs[0]?.expirationDateTime ?? 0).getTime()).toBe(ours[0]?.expiresAt.getTime());
    expect(ours[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 10_000 * 60_000);
    // The secret itself is not stored, only its hash.
    expect(ours[0]?.clientStateHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('at sign-in, a subscription whose creation the connection broke is asked for again, and made once', async () => {
    const { userId } = await signInUser(emulator, 'megan');
    const megan = emulator.ctx.store.findUser('megan')?.id;
    // The connection breaks on the next two subscription requests: nothing reaches the app from Graph.
    await post('/faults', { kind: 'reset', count: 2, user: 'megan', pathPattern: '/subscriptions' });
    const pauses: number[] = [];
    await lib.ensureUserSubscriptionWithRetry(userId, async (ms) => {
      pauses.push(ms);
    });
    expect(pauses).toEqual(lib.SUBSCRIBE_RETRY_MS.slice(0, 2));
    const ours = await lib.db.graphSubscription.findMany({ where: { userId } });
    expect(ours).toHaveLength(1);
    const theirs = (await emulatorSubscriptions()).filter((s) => s.userId === megan);
    expect(theirs.map((t) => t.id)).toEqual([ours[0]?.graphId]);

    // A failure that lasts past the last pause is left to maintenance, said as an error.
    await lib.deleteUserSubscriptions(userId);
    await post('/faults', { kind: 'reset', count: 100, user: 'megan', pathPattern: '/subscriptions' });
    const gaveUp: number[] = [];
    await expect(
      lib.ensureUserSubscriptionWithRetry(userId, async (ms) => {
        gaveUp.push(ms);
      }),
    ).rejects.toThrow();
    expect(gaveUp).toEqual(lib.SUBSCRIBE_RETRY_MS);
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  });

  it('answers the validation handshake with the decoded token, verbatim, as text/plain, on both endpoints', async () => {
    const token = '<script>alert(1)</script> Validation: 100% a+b/c=d&e';
    for (const path of ['/api/graph/notifications', '/api/graph/lifecycle']) {
      const response = await fetch(`${webhooks.url}${path}?validationToken=${encodeURIComponent(token)}`, {
        method: 'POST',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe(token);
    }
  });
});

describe('signing out', () => {
  it('deletes the subscription with the last session, and keeps it while another device is signed in', async () => {
    const { authOptions } = await import('../auth/options');
    const signOut = authOptions.events?.signOut;
    const original = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId: adele } });
    const expires = new Date(Date.now() + 3_600_000);
    const [laptop, phone] = await Promise.all(
      ['laptop', 'phone'].map((device) =>
        lib.db.session.create({
          data: { userId: adele, sessionToken: `${device}-${crypto.randomUUID()}`, expires },
        }),
      ),
    );
    // next-auth deletes the session, then tells us. Its event type covers both session strategies; with
    // database sessions it passes the adapter's session row, hence the casts.
    await lib.db.session.delete({ where: { id: laptop?.id } });
    await signOut?.({ session: laptop as never, token: undefined as never });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await emulatorSubscriptions()).map((s) => s.id)).toContain(original.graphId);
    expect(await lib.db.graphSubscription.count({ where: { userId: adele } })).toBe(1);

    await lib.db.session.deleteMany({ where: { userId: adele } });
    await signOut?.({ session: phone as never, token: undefined as never });
    await until(async () => (await lib.db.graphSubscription.count({ where: { userId: adele } })) === 0);
    expect((await emulatorSubscriptions()).map((s) => s.id)).not.toContain(original.graphId);

    // Signed in again for the tests that follow.
    await lib.createUserSubscription(adele);
  });
});

describe('change notifications', () => {
  it('puts a delivered mail in the cache within 2 s', async () => {
    const started = performance.now();
    const { id } = await deliver('Arrives live');
    await until(
      () => lib.db.mailMessage.findUnique({ where: { userId_graphId: { userId: adele, graphId: id } } }),
      2000,
    );
    console.log(`delivery to cache: ${Math.round(performance.now() - started)} ms`);
  });

  it('answers 202 but processes nothing for a wrong clientState or an unknown subscription', async () => {
    const before = await lib.db.notificationQueue.count();
    expect((await webhook(JSON.stringify(await notification()))).status).toBe(202);
    expect((await webhook(JSON.stringify(await notification({ subscriptionId: 'not-ours' })))).status).toBe(
      202,
    );
    expect(await lib.db.notificationQueue.count()).toBe(before);
  });

  it('answers 400 for malformed JSON and 413 for a body over 8 MB', async () => {
    expect((await webhook('{"value": [')).status).toBe(400);
    expect((await webhook(JSON.stringify({ value: 'nope' }))).status).toBe(400);
    const big = JSON.stringify({ value: [], padding: 'x'.repeat(9 * 1024 * 1024) });
    expect((await webhook(big)).status).toBe(413);
  });

  it('processes the same notification delivered twice once', async () => {
    // A subscription whose clientState we know, so we can play Graph retrying a delivery.
    const graphId = await knownSubscription('known-secret');
    const { id } = await deliver('Delivered twice');
    const message = emulator.ctx.store.messages.get(id);
    const payload = JSON.stringify({
      value: [
        {
          subscriptionId: graphId,
          clientState: 'known-secret',
          changeType: 'created',
          resource: `Users/${message?.userId}/Messages/${id}`,
          resourceData: {
            '@odata.type': '#Microsoft.Graph.Message',
            id,
            '@odata.etag': `W/"${message?.changeKey}"`,
          },
        },
      ],
    });
    expect((await webhook(payload)).status).toBe(202);
    expect((await webhook(payload)).status).toBe(202);
    const rows = await until(async () => {
      const found = await lib.db.notificationQueue.findMany({ where: { subscriptionId: graphId } });
      return found.every((r) => r.status === 'done') && found.length ? found : null;
    });
    expect(rows).toHaveLength(1);
    await lib.db.graphSubscription.delete({ where: { graphId } });
  });
});

describe('lifecycle events', () => {
  it('missed: after dropped notifications the cache converges to the mailbox exactly', async () => {
    await post('/notifications/drop', { count: 6, user: 'adele' });
    const adeleId = emulator.ctx.store.findUser('adele')?.id ?? '';
    for (let i = 0; i < 3; i++) await deliver(`Dropped ${i}`);
    const inbox = emulator.ctx.store.messagesOf(adeleId, emulator.ctx.store.getFolder(adeleId, 'inbox')?.id);
    emulator.ctx.store.updateMessage(adeleId, inbox[5]?.id ?? '', { isRead: !inbox[5]?.isRead });
    emulator.ctx.store.moveMessage(
      adeleId,
      inbox[6]?.id ?? '',
      emulator.ctx.store.getFolder(adeleId, 'archive')?.id ?? '',
    );
    emulator.ctx.store.deleteMessage(adeleId, inbox[7]?.id ?? '');
    await until(async () => {
      const { expected, actual } = await compareMailbox();
      return JSON.stringify(expected) === JSON.stringify(actual);
    }, 8000);
    const { expected, actual } = await compareMailbox();
    expect(actual).toEqual(expected);
  });

  it('silent drop: with nothing said, the safety net brings the lost mail into the cache within its bound', async () => {
    await lib.runMaintenance({ reconcileAll: true }); // every folder synced now
    await post('/notifications/drop', { count: 2, user: 'adele', silent: true });
    const lost = [(await deliver('Silently dropped 1')).id, (await deliver('Silently dropped 2')).id];
    const cached = () => lib.db.mailMessage.count({ where: { userId: adele, graphId: { in: lost } } });
    // Before the mailbox is due nothing brings them in; once due, the next maintenance (at most a third of
    // the bound later, as the scheduler runs it) does: within 15 minutes in all.
    const { dueAfterMs, everyMs, boundMs } = lib.safetyNet();
    expect(dueAfterMs + everyMs).toBeLessThanOrEqual(boundMs);
    expect(boundMs).toBe(15 * 60_000);
    await lib.runMaintenance({ now: Date.now() + dueAfterMs - 60_000 });
    expect(await cached()).toBe(0);
    await lib.runMaintenance({ now: Date.now() + dueAfterMs + 1_000 });
    expect(await cached()).toBe(2);
  });

  it('subscriptionRemoved: a new subscription exists afterwards and the cache is resynced', async () => {
    const old = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId: adele } });
    await post(`/subscriptions/${old.graphId}/lifecycle`, { event: 'subscriptionRemoved' });
    const replacement = await until(() =>
      lib.db.graphSubscription.findFirst({ where: { userId: adele, NOT: { graphId: old.graphId } } }),
    );
    expect((await emulatorSubscriptions()).map((s) => s.id)).toContain(replacement.graphId);
    expect((await emulatorSubscriptions()).map((s) => s.id)).not.toContain(old.graphId);
    const { id } = await deliver('After re-subscribing');
    await until(() =>
      lib.db.mailMessage.findUnique({ where: { userId_graphId: { userId: adele, graphId: id } } }),
    );
  });

  it('reauthorizationRequired: the subscription is reauthorized', async () => {
    const sub = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId: adele } });
    await fetch(`${emulator.url}/_emulator/requests`, { method: 'DELETE' });
    await post(`/subscriptions/${sub.graphId}/lifecycle`, { event: 'reauthorizationRequired' });
    await until(async () => {
      const { requests } = (await (await fetch(`${emulator.url}/_emulator/requests?user=adele`)).json()) as {
        requests: { method: string; path: string; status: number }[];
      };
      return requests.some(
        (r) =>
          r.method === 'POST' && r.path === `/subscriptions/${sub.graphId}/reauthorize` && r.status < 300,
      );
    });
  });
});

describe('crash recovery', () => {
  it('a change a killed process had claimed is processed after restart', async () => {
    const { id } = await deliver('Claimed by a process that died');
    await until(() =>
      lib.db.mailMessage.findUnique({ where: { userId_graphId: { userId: adele, graphId: id } } }),
    );
    // Anything else earlier tests left pending is processed first, so only our row is in play below.
    while ((await lib.processQueue()) > 0);
    // The state a SIGKILL between answering 202 and finishing leaves: the row claimed, the cache unchanged.
    await lib.db.mailMessage.delete({ where: { userId_graphId: { userId: adele, graphId: id } } });
    const row = await lib.db.notificationQueue.findFirstOrThrow({ where: { messageId: id } });
    await lib.db.notificationQueue.update({
      where: { id: row.id },
      data: { status: 'processing', claimedAt: new Date() },
    });
    // A live process leaves a row another process claimed alone.
    await lib.processQueue();
    expect((await lib.db.notificationQueue.findUniqueOrThrow({ where: { id: row.id } })).status).toBe(
      'processing',
    );
    expect(
      await lib.db.mailMessage.findUnique({ where: { userId_graphId: { userId: adele, graphId: id } } }),
    ).toBeNull();

    expect(await lib.releaseClaimsOfDeadProcesses()).toBeGreaterThanOrEqual(1);
    await lib.processQueue();
    expect(
      await lib.db.mailMessage.findUnique({ where: { userId_graphId: { userId: adele, graphId: id } } }),
    ).not.toBeNull();
    expect((await lib.db.notificationQueue.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('done');
  });

  it('rows that cannot be processed wait: failed without a sign-in, pending with a backoff when Graph fails', async () => {
    while ((await lib.processQueue()) > 0);
    const orphan = await lib.db.user.create({ data: { email: `gone-${Date.now()}@contoso.test` } });
    const rows = (userId: string, tag: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        idempotencyKey: `${tag}-${i}`,
        kind: 'change',
        userId,
        subscriptionId: 'sub-test',
        changeType: 'created',
        messageId: `AAMk-${tag}-${i}`,
      }));
    // Nobody can read this mailbox any more: its rows fail at once, however many there are.
    await lib.db.notificationQueue.createMany({ data: rows(orphan.id, `orphan-${orphan.id}`, 250) });
    while ((await lib.processQueue()) > 0);
    const orphaned = await lib.db.notificationQueue.groupBy({
      by: ['status'],
      where: { userId: orphan.id },
      _count: true,
    });
    expect(orphaned).toEqual([{ status: 'failed', _count: 250 }]);

    // Graph failing for a while: the rows go back to pending, to be tried again later.
    await post('/faults', { kind: 'status', status: 503, count: 50, user: 'adele' });
    try {
      const tag = `transient-${Date.now()}`;
      await lib.db.notificationQueue.createMany({ data: rows(adele, tag, 3) });
      await lib.processQueue();
      const retried = await lib.db.notificationQueue.findMany({
        where: { idempotencyKey: { startsWith: tag } },
      });
      expect(retried.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
      expect(retried.every((r) => r.attempts === 1 && r.nextAttemptAt > new Date())).toBe(true);
      await lib.db.notificationQueue.deleteMany({ where: { idempotencyKey: { startsWith: tag } } });
    } finally {
      await emulatorControl(emulator, '/faults');
    }
  });
});

describe('renewal and catch-up', () => {
  it('the cron route renews a subscription with an hour left, and refuses a call without the secret', async () => {
    const { GET } = await import('../../app/api/cron/subscriptions/route');
    expect((await GET(new Request('http://app/api/cron/subscriptions'))).status).toBe(401);
    expect(
      (
        await GET(
          new Request('http://app/api/cron/subscriptions', { headers: { authorization: 'Bearer wrong' } }),
        )
      ).status,
    ).toBe(401);

    const sub = await lib.db.graphSubscription.findFirstOrThrow({ where: { userId: adele } });
    await lib.db.graphSubscription.update({
      where: { id: sub.id },
      data: { expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const response = await GET(
      new Request('http://app/api/cron/subscriptions', {
        headers: { authorization: `Bearer ${CRON_SECRET}` },
      }),
    );
    expect(response.status).toBe(200);
    // On PostgreSQL every test file of the run shares one database, so other files' subscriptions (their
    // emulators gone) may be due too and fail: the counts cover them; this file's subscription must renew.
    const counts = (await response.json()) as { subscriptions: { renewed: number } };
    expect(counts.subscriptions.renewed).toBeGreaterThanOrEqual(1);
    const renewed = await lib.db.graphSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 24 * 3_600_000 - 60 * 60_000);
    const theirs = (await emulatorSubscriptions()).find((s) => s.id === sub.graphId);
    expect(new Date(theirs?.expirationDateTime ?? 0).getTime()).toBe(renewed.expiresAt.getTime());
  });

  it('a burst of 1,000 changes in 10 s all reach the cache, with Graph requests under a tenth of the changes', async () => {
    await fetch(`${emulator.url}/_emulator/requests`, { method: 'DELETE' });
    const adeleId = emulator.ctx.store.findUser('adele')?.id ?? '';
    const inboxId = emulator.ctx.store.getFolder(adeleId, 'inbox')?.id ?? '';
    const started = Date.now();
    const created: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const message = emulator.ctx.store.insertMessage({
        ...(await import('../../emulator/store/message-factory')).buildMessage({
          userId: adeleId,
          parentFolderId: inboxId,
          subject: `Burst ${i}`,
          body: { contentType: 'text', content: `Burst message ${i}` },
        }),
      });
      created.push(message.id);
      if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 900));
    }
    // The send schedule is the test's own (ten rounds of 100, 0.9 s apart); how long it took on a busy
    // machine says nothing about Tidings, so it is only printed below.
    const sentIn = Date.now() - started;
    await until(
      async () =>
        (await lib.db.mailMessage.count({ where: { userId: adele, graphId: { in: created } } })) === 1000,
      30_000,
    );
    const { requests } = (await (await fetch(`${emulator.url}/_emulator/requests?user=adele`)).json()) as {
      requests: { batchId?: string }[];
    };
    const appRequests = requests.filter((r) => !r.batchId).length;
    console.log(
      `burst: 1000 changes sent in ${sentIn} ms reached the cache in ${Date.now() - started} ms with ${appRequests} Graph requests`,
    );
    expect(appRequests).toBeLessThanOrEqual(100);
  });

  it('mail that arrives while the app is down is in the cache after it starts again', async () => {
    await webhooks.close();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await deliver(`While down ${i}`)).id);
    // Start-up catch-up, as the scheduler runs it.
    await lib.runMaintenance({ reconcileAll: true });
    expect(await lib.db.mailMessage.count({ where: { userId: adele, graphId: { in: ids } } })).toBe(20);
  });
});

describe('when the database is down', () => {
  it('answers 503, so Graph retries later', async () => {
    const { handleWebhook } = await import('./webhook');
    const graphId = await knownSubscription('s');
    const body = JSON.stringify({
      value: [
        {
          subscriptionId: graphId,
          clientState: 's',
          changeType: 'created',
          resource: 'Users/u/Messages/m',
          resourceData: { id: 'm' },
        },
      ],
    });
    // The queue write (one multi-row INSERT shared by concurrent requests) fails as it would with the
    // database gone.
    const spy = vi.spyOn(lib.db, '$executeRawUnsafe').mockRejectedValue(new Error('connection refused'));
    try {
      const response = await handleWebhook(
        new Request('http://app/api/graph/notifications', { method: 'POST', body }),
        'change',
      );
      expect(response.status).toBe(503);
    } finally {
      spy.mockRestore();
    }
    expect(await lib.db.notificationQueue.count({ where: { subscriptionId: graphId } })).toBe(0);
  });
});
