import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenService } from './identity/tokens';
import type { RunningEmulator } from './server';
import { graphClient, graphErrorOf, startTestEmulator, tokenFor } from './testing';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

describe('Graph authentication', () => {
  it('GET /me answers the signed-in user', async () => {
    const client = await graphClient(emulator, { alias: 'adele' });
    const me = await client.api('/me').get();
    expect(me).toMatchObject({
      displayName: 'Adele Vance',
      userPrincipalName: 'adele@contoso.test',
      mail: 'adele@contoso.test',
    });
    expect(me.id).toBe(emulator.ctx.store.findUser('adele')?.id);
  });

  it('refuses a call without a token with Graph’s error shape', async () => {
    const response = await fetch(`${emulator.url}/v1.0/me`, { headers: { 'client-request-id': 'abc-123' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = await response.json();
    expect(body).toEqual({
      error: {
        code: 'InvalidAuthenticationToken',
        message: expect.any(String),
        innerError: {
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
          'request-id': expect.any(String),
          'client-request-id': 'abc-123',
        },
      },
    });
  });

  it('refuses an expired token', async () => {
    const token = await tokenFor(emulator, 'adele', { ttlSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const error = await graphErrorOf((await graphClient(emulator, { token })).api('/me').get());
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe('InvalidAuthenticationToken');
    expect(error.message).toMatch(/expired/);
  });

  it('refuses a token signed by another issuer', async () => {
    const foreign = await TokenService.create(emulator.ctx.issuer(), emulator.config.tenantId);
    const userId = emulator.ctx.store.findUser('adele')?.id ?? '';
    const token = await foreign.mint({ userId, appId: 'x', ttlSeconds: 600 });
    const error = await graphErrorOf((await graphClient(emulator, { token })).api('/me').get());
    expect(error.statusCode).toBe(401);
  });

  it('answers an unknown segment with 400 BadRequest', async () => {
    const error = await graphErrorOf(
      (await graphClient(emulator, { alias: 'adele' })).api('/me/nothingHere').get(),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('BadRequest');
  });
});

describe('control API', () => {
  it('delivers a mail to a user’s Inbox and shows it in the mailbox state', async () => {
    const response = await fetch(`${emulator.url}/_emulator/mail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        to: 'alex',
        from: 'news@fabrikam.test',
        subject: 'Quarterly news',
        body: 'Hello Alex',
      }),
    });
    expect(response.status).toBe(201);
    const delivered = await response.json();
    const state = await (await fetch(`${emulator.url}/_emulator/mailboxes/alex`)).json();
    const inbox = state.folders.find((f: { wellKnownName: string }) => f.wellKnownName === 'inbox');
    const message = state.messages.find((m: { id: string }) => m.id === delivered.id);
    expect(message).toMatchObject({
      parentFolderId: inbox.id,
      subject: 'Quarterly news',
      from: 'news@fabrikam.test',
      isRead: false,
    });
    expect(inbox.unreadItemCount).toBeGreaterThanOrEqual(1);
  });

  it('delivers many mails at once into the Inbox, and refuses a count out of range', async () => {
    const before = await (await fetch(`${emulator.url}/_emulator/mailboxes/adele`)).json();
    const response = await fetch(`${emulator.url}/_emulator/mail/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'adele', count: 250, subjectPrefix: 'Burst' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ delivered: 250 });
    const after = await (await fetch(`${emulator.url}/_emulator/mailboxes/adele`)).json();
    const inbox = after.folders.find((f: { wellKnownName: string }) => f.wellKnownName === 'inbox');
    const burst = after.messages.filter((m: { subject: string }) => /^Burst \d+$/.test(m.subject));
    expect(burst).toHaveLength(250);
    expect(burst.every((m: { parentFolderId: string }) => m.parentFolderId === inbox.id)).toBe(true);
    expect(after.messages.length - before.messages.length).toBe(250);

    const refused = await fetch(`${emulator.url}/_emulator/mail/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'adele', count: 0 }),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toMatch(/^count:/);
  });

  it('churns a mailbox: mixed changes of every kind, seeded, answered when the last is made', async () => {
    const state = async () => (await fetch(`${emulator.url}/_emulator/mailboxes/megan`)).json();
    const before = await state();
    const response = await fetch(`${emulator.url}/_emulator/mail/churn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'megan', count: 300, seconds: 0.3, seed: 'test' }),
    });
    expect(response.status).toBe(201);
    const counts = await response.json();
    expect(Object.values(counts).reduce((a, b) => Number(a) + Number(b), 0)).toBe(300);
    for (const kind of ['created', 'read', 'flagged', 'moved', 'deleted'])
      expect(counts[kind]).toBeGreaterThan(0);
    const after = await state();
    expect(after.messages.length).toBe(before.messages.length + counts.created - counts.deleted);
    const movedOrChanged = after.messages.filter(
      (m: { id: string; parentFolderId: string; isRead: boolean }) => {
        const was = before.messages.find((b: { id: string }) => b.id === m.id);
        return was && (was.parentFolderId !== m.parentFolderId || was.isRead !== m.isRead);
      },
    );
    expect(movedOrChanged.length).toBeGreaterThan(0);
    const refused = await fetch(`${emulator.url}/_emulator/mail/churn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'megan', count: -1 }),
    });
    expect(refused.status).toBe(400);
  });

  it('rejects a delivery with a bad sender address, naming the field', async () => {
    const response = await fetch(`${emulator.url}/_emulator/mail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'alex', from: 'not-an-address' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/^from:/);
  });

  it('logs Graph requests for the control API to read', async () => {
    const client = await graphClient(emulator, { alias: 'alex' });
    await client.api('/me').get();
    const { requests } = await (await fetch(`${emulator.url}/_emulator/requests?user=alex`)).json();
    expect(requests.at(-1)).toMatchObject({ method: 'GET', path: '/me', status: 200 });
  });

  it('an outage drops Graph and sign-in connections unanswered until it ends, while control stays up', async () => {
    const outage = (down: unknown) =>
      fetch(`${emulator.url}/_emulator/outage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ down }),
      });
    const client = await graphClient(emulator, { alias: 'alex' });
    expect((await outage('yes')).status).toBe(400);
    expect(await (await outage(true)).json()).toEqual({ outage: true });
    try {
      await expect(client.api('/me').get()).rejects.toThrow();
      await expect(
        fetch(`${emulator.url}/${emulator.config.tenantId}/v2.0/.well-known/openid-configuration`),
      ).rejects.toThrow(/fetch failed/);
      expect((await fetch(`${emulator.url}/_emulator/mailboxes/alex`)).status).toBe(200);
    } finally {
      await outage(false);
    }
    expect(await client.api('/me').get()).toMatchObject({ mail: 'alex@contoso.test' });
  });
});

describe('start-up', () => {
  it('refuses to run with NODE_ENV=production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      await expect(startTestEmulator()).rejects.toThrow(/refuses to run with NODE_ENV=production/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
