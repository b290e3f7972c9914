import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { expireAccessToken, signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let lib: {
  getAccessToken: typeof import('./access-token').getAccessToken;
  forgetAccessToken: typeof import('./access-token').forgetAccessToken;
  needsReauthentication: typeof import('./access-token').needsReauthentication;
  withGraph: typeof import('../graph/client').withGraph;
  db: typeof import('../db').db;
  ReauthRequiredError: typeof import('../graph/errors').ReauthRequiredError;
};

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = {
    ...(await import('./access-token')),
    ...(await import('../graph/client')),
    ...(await import('../db')),
    ...(await import('../graph/errors')),
  };
});
afterAll(() => emulator.close());

/** Counts POSTs to the emulator's token endpoint made while `work` runs. */
async function countRefreshes<T>(work: () => Promise<T>): Promise<{ result: T; refreshes: number }> {
  const realFetch = globalThis.fetch;
  let refreshes = 0;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith('/token') && init?.method === 'POST') refreshes += 1;
    return realFetch(input, init);
  });
  try {
    return { result: await work(), refreshes };
  } finally {
    spy.mockRestore();
  }
}

describe('access tokens', () => {
  it('refreshes an expired token transparently for a Graph call made without any request context', async () => {
    const { userId } = await signInUser(emulator, 'adele');
    await expireAccessToken(userId);

    const { result: me, refreshes } = await countRefreshes(() =>
      lib.withGraph(userId, (client) => client.api('/me').get()),
    );
    expect(me.userPrincipalName).toBe('adele@contoso.test');
    expect(refreshes).toBe(1);
    const account = await lib.db.account.findFirstOrThrow({ where: { userId } });
    expect(account.expires_at ?? 0).toBeGreaterThan(Date.now() / 1000 + 600);

    // A fresh token is reused, not refreshed again.
    expect((await countRefreshes(() => lib.getAccessToken(userId))).refreshes).toBe(0);
  });

  it('runs exactly one refresh for ten concurrent calls that find the token expired', async () => {
    const { userId } = await signInUser(emulator, 'alex');
    await expireAccessToken(userId);
    const { result: tokens, refreshes } = await countRefreshes(() =>
      Promise.all(Array.from({ length: 10 }, () => lib.getAccessToken(userId))),
    );
    expect(refreshes).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    const claims = await emulator.ctx.tokens.verify(tokens[0] ?? '');
    expect(claims.userId).toBe(emulator.ctx.store.findUser('alex')?.id);
  });

  it('turns a revoked refresh token into the "sign in again" state, not an exception', async () => {
    const { userId } = await signInUser(emulator, 'megan');
    expect(await lib.needsReauthentication(userId)).toBe(false);
    await fetch(`${emulator.url}/_emulator/users/megan/revoke-sessions`, { method: 'POST' });
    await expireAccessToken(userId);

    await expect(lib.getAccessToken(userId)).rejects.toBeInstanceOf(lib.ReauthRequiredError);
    expect(await lib.needsReauthentication(userId)).toBe(true);
    await expect(lib.withGraph(userId, (client) => client.api('/me').get())).rejects.toBeInstanceOf(
      lib.ReauthRequiredError,
    );
    // Once marked, no more doomed refreshes are attempted.
    const { refreshes } = await countRefreshes(() => lib.getAccessToken(userId).catch(() => null));
    expect(refreshes).toBe(0);
  });

  it('keeps no plaintext token in the Account row', async () => {
    const { userId, refreshToken } = await signInUser(emulator, 'adele');
    const accessToken = await lib.getAccessToken(userId);
    const rows = await lib.db.$queryRaw<{ access_token: string; refresh_token: string; id_token: string }[]>`
      SELECT access_token, refresh_token, id_token FROM "Account" WHERE "userId" = ${userId}`;
    expect(rows).toHaveLength(1);
    const row = rows[0];
    for (const stored of [row?.access_token, row?.refresh_token, row?.id_token]) {
      expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    }
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(accessToken);
    expect(raw).not.toContain(refreshToken);
    expect(raw).not.toContain(accessToken.split('.')[1]);
    // And an ordinary query never returns the columns at all.
    const account = await lib.db.account.findFirstOrThrow({ where: { userId } });
    expect(account).not.toHaveProperty('access_token');
    expect(account).not.toHaveProperty('refresh_token');
  });

  it('reads the stored token once for many Graph calls, and again once a sign-in or an expiry drops it', async () => {
    const { userId } = await signInUser(emulator, 'alex');
    const first = await lib.getAccessToken(userId);
    // The row now says "expired": a call that read it would refresh. Calls within the bound don't read it.
    await lib.db.account.updateMany({
      where: { userId },
      data: { expires_at: Math.floor(Date.now() / 1000) - 10 },
    });
    const { result: many, refreshes: none } = await countRefreshes(() =>
      Promise.all(Array.from({ length: 5 }, () => lib.getAccessToken(userId))),
    );
    expect(new Set(many)).toEqual(new Set([first]));
    expect(none).toBe(0);

    // New tokens stored by a sign-in (or time passing) end this process's copy: the row is read again.
    lib.forgetAccessToken(userId);
    const { result: renewed, refreshes } = await countRefreshes(() => lib.getAccessToken(userId));
    expect(refreshes).toBe(1);
    expect(renewed).not.toBe(first);
    // The refreshed token is the one kept.
    await lib.db.account.updateMany({
      where: { userId },
      data: { expires_at: Math.floor(Date.now() / 1000) - 10 },
    });
    const again = await countRefreshes(() => lib.getAccessToken(userId));
    expect(again).toEqual({ result: renewed, refreshes: 0 });
  });

  it('keeps no copy of a token the identity platform has refused for good', async () => {
    const { userId } = await signInUser(emulator, 'megan');
    await lib.getAccessToken(userId);
    await fetch(`${emulator.url}/_emulator/users/megan/revoke-sessions`, { method: 'POST' });
    // Graph refusing the kept token makes the client force a refresh, which is refused for good.
    await expect(lib.getAccessToken(userId, { forceRefresh: true })).rejects.toBeInstanceOf(
      lib.ReauthRequiredError,
    );
    await expect(lib.getAccessToken(userId)).rejects.toBeInstanceOf(lib.ReauthRequiredError);
  });
});
