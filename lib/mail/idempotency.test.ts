import { beforeAll, describe, expect, it } from 'vitest';

/* Work keyed by the browser's idempotency key runs once; its answer is given again to every retry. */

let lib: typeof import('./idempotency') & { db: typeof import('../db').db };
let userId: string;

beforeAll(async () => {
  const { prepareTestDatabase } = await import('../testing/database');
  await prepareTestDatabase();
  lib = { ...(await import('./idempotency')), ...(await import('../db')) };
  userId = (await lib.db.user.create({ data: { email: `once-${crypto.randomUUID()}@contoso.test` } })).id;
});

const newKey = () => crypto.randomUUID();
const request = (key: string, asked: unknown = { subject: 'Hello' }) => ({
  userId,
  scope: 'draft-create' as const,
  key,
  request: asked,
});
const row = (key: string) =>
  lib.db.idempotentRequest.findUnique({
    where: { userId_key_scope: { userId, key, scope: 'draft-create' } },
  });

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('idempotency keys', () => {
  it('run the work once and give its stored result to a retry', async () => {
    const key = newKey();
    let runs = 0;
    const work = async () => ({ id: `draft-${++runs}` });
    expect(await lib.once(request(key), work)).toEqual({ result: { id: 'draft-1' }, replayed: false });
    expect(await lib.once(request(key), work)).toEqual({ result: { id: 'draft-1' }, replayed: true });
    // The same fields in another order are the same request.
    const reordered = await lib.once(request(key, { subject: 'Hello' }), work);
    expect(reordered.replayed).toBe(true);
    expect(runs).toBe(1);
    expect(await row(key)).toMatchObject({ state: 'done', attemptedAt: null });
  });

  it('refuse a key used again for a different request', async () => {
    const key = newKey();
    await lib.once(request(key), async () => ({ id: 'a' }));
    await expect(
      lib.once(request(key, { subject: 'Other' }), async () => ({ id: 'b' })),
    ).rejects.toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
    });
  });

  it('let a retry do the work again after it failed, unless the failure may hide its effect', async () => {
    const key = newKey();
    await expect(lib.once(request(key), () => Promise.reject(new Error('Graph refused')))).rejects.toThrow();
    expect(await row(key)).toBeNull();
    const attempts: boolean[] = [];
    await expect(
      lib.once(
        request(key),
        async ({ resumed }) => {
          attempts.push(resumed);
          throw new Error('connection dropped');
        },
        { keepStartedOnError: () => true },
      ),
    ).rejects.toThrow();
    expect(await row(key)).toMatchObject({ state: 'started', attemptedAt: null });
    // The next arrival carries the attempt on at once, told that an earlier one may have had its effect.
    const resumed = await lib.once(request(key), async ({ resumed }) => {
      attempts.push(resumed);
      return { id: 'c' };
    });
    expect(resumed).toEqual({ result: { id: 'c' }, replayed: false });
    expect(attempts).toEqual([false, true]);
  });

  it('run concurrent arrivals once: the second waits for the first’s answer or is told to try again', async () => {
    const key = newKey();
    const first = gate();
    let runs = 0;
    const work = async () => {
      runs += 1;
      await first.opened;
      return { id: 'only' };
    };
    const a = lib.once(request(key), work);
    await expect.poll(() => row(key)).toMatchObject({ state: 'started' });
    const b = lib.once(request(key), work).catch((error: unknown) => error);
    first.open();
    expect(await a).toEqual({ result: { id: 'only' }, replayed: false });
    const second = await b;
    if (second instanceof Error) expect(second).toMatchObject({ status: 409, code: 'request_in_progress' });
    else expect(second).toEqual({ result: { id: 'only' }, replayed: true });
    expect(runs).toBe(1);
  });

  it('answer 409 while an attempt is still running, and take over one whose process died', async () => {
    const key = newKey();
    const running = gate();
    const a = lib.once(request(key), async () => {
      await running.opened;
      return { id: 'slow' };
    });
    await expect.poll(() => row(key)).toMatchObject({ state: 'started' });
    await expect(lib.once(request(key), async () => ({ id: 'twice' }))).rejects.toMatchObject({
      status: 409,
      code: 'request_in_progress',
      message: 'This request is already being carried out; try again in a moment.',
    });
    running.open();
    await a;

    // A row whose attempt began longer ago than the lease belongs to a process that is gone.
    const crashed = newKey();
    await lib
      .once(request(crashed), () => Promise.reject(new Error('x')), { keepStartedOnError: () => true })
      .catch(() => {});
    await lib.db.idempotentRequest.update({
      where: { userId_key_scope: { userId, key: crashed, scope: 'draft-create' } },
      data: { attemptedAt: new Date(Date.now() - lib.ATTEMPT_LEASE_MS - 60_000) },
    });
    const taken = await lib.once(request(crashed), async ({ resumed }) => ({ resumed }));
    expect(taken).toEqual({ result: { resumed: true }, replayed: false });
  });

  it('are pruned after a week, done or not', async () => {
    const now = Date.now();
    const old = new Date(now - lib.KEEP_REQUESTS_MS - 60_000);
    const recent = new Date(now - lib.KEEP_REQUESTS_MS + 60_000);
    const [oldDone, oldStarted, young] = [newKey(), newKey(), newKey()];
    await lib.db.idempotentRequest.createMany({
      data: [
        { userId, key: oldDone, scope: 'draft-send', fingerprint: 'f', state: 'done', createdAt: old },
        { userId, key: oldStarted, scope: 'draft-send', fingerprint: 'f', createdAt: old },
        { userId, key: young, scope: 'draft-send', fingerprint: 'f', state: 'done', createdAt: recent },
      ],
    });
    expect(await lib.pruneIdempotentRequests(now)).toBeGreaterThanOrEqual(2);
    const left = await lib.db.idempotentRequest.findMany({
      where: { userId, key: { in: [oldDone, oldStarted, young] } },
    });
    expect(left.map((r) => r.key)).toEqual([young]);
  });

  it('read the key from the Idempotency-Key header and refuse a malformed one', () => {
    const withKey = (key?: string) =>
      new Request('http://app/api/drafts', {
        method: 'POST',
        headers: key === undefined ? {} : { 'Idempotency-Key': key },
      });
    expect(lib.idempotencyKeyOf(withKey())).toBeUndefined();
    const uuid = crypto.randomUUID();
    expect(lib.idempotencyKeyOf(withKey(uuid))).toBe(uuid);
    expect(lib.idempotencyKeyOf(withKey('outbox_01-abc'))).toBe('outbox_01-abc');
    for (const bad of [
      '',
      'short',
      'has spaces in it',
      'a'.repeat(101),
      'quote"inside-key',
      'semi;colon;key',
    ]) {
      expect(() => lib.idempotencyKeyOf(withKey(bad))).toThrow(
        expect.objectContaining({ status: 400, code: 'invalid_idempotency_key' }),
      );
    }
  });
});
