import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

/*
 * POST /api/drafts and POST /api/drafts/:id/send replayed by an offline outbox with the same
 * Idempotency-Key: one draft, one sent mail, whatever was lost on the way. The route handlers run as Next
 * runs them; only the session cookie is replaced by the person the test names.
 */

const session = vi.hoisted(() => ({ userId: '' }));
vi.mock('../auth/session', () => ({
  currentUser: async () => (session.userId ? { id: session.userId, name: null, email: null } : null),
}));

let emulator: RunningEmulator;
let adele: string;
let alex: string;
let createRoute: typeof import('../../app/api/drafts/route');
let sendRoute: typeof import('../../app/api/drafts/[id]/send/route');
let lib: typeof import('./compose') & { db: typeof import('../db').db };

beforeAll(async () => {
  emulator = await startAppEmulator();
  createRoute = await import('../../app/api/drafts/route');
  sendRoute = await import('../../app/api/drafts/[id]/send/route');
  lib = { ...(await import('./compose')), ...(await import('../db')) };
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  ({ userId: alex } = await signInUser(emulator, 'alex'));
});
afterAll(() => emulator.close());

const headers = (key?: string) => ({
  'content-type': 'application/json',
  ...(key === undefined ? {} : { 'Idempotency-Key': key }),
});

async function createDraft(as: string, body: unknown, key?: string) {
  session.userId = as;
  const response = await createRoute.POST(
    new Request('http://localhost:3000/api/drafts', {
      method: 'POST',
      headers: headers(key),
      body: JSON.stringify(body),
    }),
    undefined,
  );
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    body: await response.json(),
  };
}

async function sendDraft(as: string, draftId: string, key?: string) {
  session.userId = as;
  const response = await sendRoute.POST(
    new Request(`http://localhost:3000/api/drafts/${draftId}/send`, {
      method: 'POST',
      headers: headers(key),
    }),
    { params: Promise.resolve({ id: draftId }) },
  );
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    body: response.status === 202 ? null : await response.json(),
  };
}

/** One mailbox as the emulator's control API shows it. */
async function mailbox(alias: string) {
  const state = (await (await fetch(`${emulator.url}/_emulator/mailboxes/${alias}`)).json()) as {
    folders: { id: string; wellKnownName: string | null }[];
    messages: { id: string; parentFolderId: string; subject: string; isDraft: boolean }[];
  };
  const folder = (name: string) => state.folders.find((f) => f.wellKnownName === name)?.id;
  return {
    in: (name: string, subject: string) =>
      state.messages.filter((m) => m.parentFolderId === folder(name) && m.subject === subject),
  };
}

const uniqueSubject = (label: string) => `${label} ${crypto.randomUUID().slice(0, 8)}`;
const fault = (body: unknown) => emulatorControl(emulator, '/faults', body);
const clearFaults = () => emulatorControl(emulator, '/faults');

/** A draft of Adele's to Alex, made without a key. */
async function draftToAlex(subject: string): Promise<string> {
  const created = await createDraft(adele, { to: ['alex@contoso.test'], subject, bodyHtml: '<p>Hi</p>' });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/** Sends as Adele with `key` while Graph drops the connection: the outcome is unknown to us. */
async function sendWithLostConnection(draftId: string, key: string) {
  await fault({ kind: 'reset', count: 1, user: 'adele', pathPattern: `/${draftId}/send` });
  try {
    const lost = await sendDraft(adele, draftId, key);
    expect(lost.status).toBe(503);
  } finally {
    await clearFaults();
  }
}

describe('creating a draft with an idempotency key', () => {
  it('makes one draft however often the call is repeated: the retry answers with the same draft', async () => {
    const key = crypto.randomUUID();
    const subject = uniqueSubject('Outbox draft');
    const input = { to: ['alex@contoso.test'], subject, bodyHtml: '<p>Written offline</p>' };
    const first = await createDraft(adele, input, key);
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    const again = await createDraft(adele, input, key);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await mailbox('adele')).in('drafts', subject)).toHaveLength(1);
  });

  it('makes one draft when two replays arrive at once', async () => {
    const key = crypto.randomUUID();
    const subject = uniqueSubject('Concurrent replay');
    const [a, b] = await Promise.all([
      createDraft(adele, { subject }, key),
      createDraft(adele, { subject }, key),
    ]);
    const made = [a, b].filter((r) => r.status === 201);
    expect(made).toHaveLength(1);
    // The other waited for the answer, or (on a very slow machine) was told to try again.
    for (const other of [a, b].filter((r) => r.status !== 201)) {
      if (other.status === 200) expect(other.body.id).toBe(made[0]?.body.id);
      else expect(other).toMatchObject({ status: 409, body: { error: { code: 'request_in_progress' } } });
    }
    expect((await mailbox('adele')).in('drafts', subject)).toHaveLength(1);
  });

  it('keeps people apart: another person’s same key makes their own draft', async () => {
    const key = crypto.randomUUID();
    const subject = uniqueSubject('Same key');
    const mine = await createDraft(adele, { subject }, key);
    const theirs = await createDraft(alex, { subject }, key);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect((await mailbox('adele')).in('drafts', subject)).toHaveLength(1);
    expect((await mailbox('alex')).in('drafts', subject)).toHaveLength(1);
    expect((await createDraft(adele, { subject }, key)).body.id).toBe(mine.body.id);
  });

  it('refuses a malformed key; a key repeated with newer words saves them into the same draft', async () => {
    const subject = uniqueSubject('Bad key');
    for (const bad of ['short', 'not a valid key!', 'x'.repeat(101)]) {
      const refused = await createDraft(adele, { subject }, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_idempotency_key' });
      expect(refused.body.error.message).toContain('Idempotency-Key');
    }
    const key = crypto.randomUUID();
    const first = await createDraft(adele, { subject }, key);
    // The compose pane and the outbox both save one draft under its local id, each with what it has.
    const newer = await createDraft(adele, { subject: `${subject} (typed on)` }, key);
    expect(newer.status).toBe(200);
    expect(newer.body).toMatchObject({ id: first.body.id, subject: `${subject} (typed on)` });
    const drafts = await mailbox('adele');
    expect(drafts.in('drafts', `${subject} (typed on)`)).toHaveLength(1);
    expect(drafts.in('drafts', subject)).toHaveLength(0);
  });

  it('behaves as before without a key: each call makes a draft', async () => {
    const subject = uniqueSubject('No key');
    expect((await createDraft(adele, { subject })).status).toBe(201);
    expect((await createDraft(adele, { subject })).status).toBe(201);
    expect((await mailbox('adele')).in('drafts', subject)).toHaveLength(2);
  });
});

describe('sending a draft with an idempotency key', () => {
  it('sends once: a repeated send answers 202 without sending again', async () => {
    const subject = uniqueSubject('Send once');
    const draftId = await draftToAlex(subject);
    const key = crypto.randomUUID();
    expect(await sendDraft(adele, draftId, key)).toMatchObject({ status: 202, replayed: null });
    expect(await sendDraft(adele, draftId, key)).toMatchObject({ status: 202, replayed: 'true' });
    expect((await mailbox('alex')).in('inbox', subject)).toHaveLength(1);
    expect((await mailbox('adele')).in('sentitems', subject)).toHaveLength(1);
    // Without the key, the retried click is refused as before.
    expect(await sendDraft(adele, draftId)).toMatchObject({
      status: 409,
      body: { error: { code: 'already_sent' } },
    });
  });

  it('a send whose answer was lost after Graph sent it answers 202 on the retry, with one mail delivered', async () => {
    const subject = uniqueSubject('Lost answer');
    const draftId = await draftToAlex(subject);
    const key = crypto.randomUUID();
    await sendWithLostConnection(draftId, key);
    // What we cannot see from here: the mail went out anyway.
    await lib.send(adele, draftId);
    expect(await sendDraft(adele, draftId, key)).toMatchObject({ status: 202 });
    expect((await mailbox('alex')).in('inbox', subject)).toHaveLength(1);
    expect((await mailbox('adele')).in('sentitems', subject)).toHaveLength(1);
    expect(await sendDraft(adele, draftId, key)).toMatchObject({ status: 202, replayed: 'true' });
  });

  it('the retry takes a draft Graph no longer finds as sent (the sent copy got a new id)', async () => {
    const subject = uniqueSubject('Draft gone');
    const draftId = await draftToAlex(subject);
    const key = crypto.randomUUID();
    await sendWithLostConnection(draftId, key);
    await lib.send(adele, draftId);
    // Graph gives the copy in Sent Items its own id, so the draft's id finds nothing any more.
    const store = emulator.ctx.store;
    const owner = store.findUser('adele')?.id ?? '';
    const sent = store.getMessage(owner, draftId);
    expect(sent).toBeDefined();
    if (sent) store.insertMessage({ ...sent, id: undefined });
    store.deleteMessage(owner, draftId);

    expect(await sendDraft(adele, draftId, key)).toMatchObject({ status: 202 });
    expect((await mailbox('alex')).in('inbox', subject)).toHaveLength(1);
    expect((await mailbox('adele')).in('sentitems', subject)).toHaveLength(1);
  });

  it('a send whose connection dropped before Graph had it is sent by the retry, once', async () => {
    const subject = uniqueSubject('Dropped before');
    const draftId = await draftToAlex(subject);
    const key = crypto.randomUUID();
    await sendWithLostConnection(draftId, key);
    expect((await mailbox('alex')).in('inbox', subject)).toHaveLength(0);
    expect(await sendDraft(adele, draftId, key)).toMatchObject({ status: 202, replayed: null });
    expect(await sendDraft(adele, draftId, key)).toMatchObject({ status: 202, replayed: 'true' });
    expect((await mailbox('alex')).in('inbox', subject)).toHaveLength(1);
  });

  it('a send Graph refused leaves the key free: the retry sends', async () => {
    const subject = uniqueSubject('Refused first');
    const created = await createDraft(adele, { subject });
    const key = crypto.randomUUID();
    const refused = await sendDraft(adele, created.body.id, key);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'no_recipients' } } });
    await lib.saveDraft(adele, created.body.id, { to: ['alex@contoso.test'] });
    expect(await sendDraft(adele, created.body.id, key)).toMatchObject({ status: 202, replayed: null });
    expect((await mailbox('alex')).in('inbox', subject)).toHaveLength(1);
  });

  it('a send still running (or whose process died) is not repeated until its lease has passed', async () => {
    const subject = uniqueSubject('Crashed send');
    const draftId = await draftToAlex(subject);
    const key = crypto.randomUUID();
    await sendWithLostConnection(draftId, key);
    await lib.send(adele, draftId);
    const where = { userId_key_scope: { userId: adele, key, scope: 'draft-send' } };
    const { ATTEMPT_LEASE_MS } = await import('./idempotency');
    // As if an attempt had just begun on another instance.
    await lib.db.idempotentRequest.update({ where, data: { attemptedAt: new Date() } });
    expect(await sendDraft(adele, draftId, key)).toMatchObject({
      status: 409,
      body: { error: { code: 'request_in_progress' } },
    });
    // As if that instance died without recording the outcome.
    await lib.db.idempotentRequest.update({
      where,
      data: { attemptedAt: new Date(Date.now() - ATTEMPT_LEASE_MS - 60_000) },
    });
    expect(await sendDraft(adele, draftId, key)).toMatchObject({ status: 202 });
    expect((await mailbox('alex')).in('inbox', subject)).toHaveLength(1);
  });

  it('refuses a malformed key and keeps people’s keys apart', async () => {
    const draftId = await draftToAlex(uniqueSubject('Bad send key'));
    const refused = await sendDraft(adele, draftId, 'bad key');
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_idempotency_key' } } });

    const key = crypto.randomUUID();
    const subject = uniqueSubject('Shared send key');
    const mine = await draftToAlex(subject);
    const theirs = (await createDraft(alex, { to: ['megan@contoso.test'], subject })).body.id as string;
    expect(await sendDraft(adele, mine, key)).toMatchObject({ status: 202, replayed: null });
    expect(await sendDraft(alex, theirs, key)).toMatchObject({ status: 202, replayed: null });
    expect((await mailbox('alex')).in('inbox', subject)).toHaveLength(1);
    expect((await mailbox('megan')).in('inbox', subject)).toHaveLength(1);
  });
});
