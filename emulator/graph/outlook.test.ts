import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { SEEDED_CATEGORIES } from '../store/outlook-settings';
import type { MailChange } from '../store/types';
import { graphClient, graphErrorOf, startTestEmulator, tokenFor } from '../testing';

let emulator: RunningEmulator;
let client: Client;
let userId: string;

const SCOPES = ['Mail.ReadWrite', 'Mail.Send', 'User.Read', 'MailboxSettings.ReadWrite'];

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = await graphClient(emulator, { token: await tokenFor(emulator, 'alex', { scopes: SCOPES }) });
  userId = emulator.ctx.store.findUser('alex')?.id ?? '';
});
afterAll(() => emulator.close());

/** The store's change events while `run` runs (what subscriptions deliver as change notifications). */
async function changesDuring(run: () => Promise<unknown>): Promise<MailChange[]> {
  const seen: MailChange[] = [];
  const listener = (change: MailChange) => seen.push(change);
  emulator.ctx.store.on('change', listener);
  try {
    await run();
  } finally {
    emulator.ctx.store.off('change', listener);
  }
  return seen;
}

const deliver = async (body: Record<string, unknown>) => {
  const response = await fetch(`${emulator.url}/_emulator/mail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: 'alex', subject: 'Hello', ...body }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

describe('master categories', () => {
  it('lists the seeded categories with their colours', async () => {
    const { value } = await client.api('/me/outlook/masterCategories').get();
    expect(value.map((c: { displayName: string; color: string }) => [c.displayName, c.color])).toEqual(
      SEEDED_CATEGORIES.map((c) => [c.displayName, c.color]),
    );
    expect(value[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('creates, reads, recolours and deletes a category', async () => {
    const created = await client
      .api('/me/outlook/masterCategories')
      .post({ displayName: 'Board pack', color: 'preset12' });
    expect(created).toMatchObject({ displayName: 'Board pack', color: 'preset12' });
    expect(await client.api(`/me/outlook/masterCategories/${created.id}`).get()).toMatchObject({
      id: created.id,
      displayName: 'Board pack',
    });
    const recoloured = await client
      .api(`/me/outlook/masterCategories/${created.id}`)
      .patch({ color: 'preset24' });
    expect(recoloured.color).toBe('preset24');
    await client.api(`/me/outlook/masterCategories/${created.id}`).delete();
    const gone = await graphErrorOf(client.api(`/me/outlook/masterCategories/${created.id}`).get());
    expect(gone.statusCode).toBe(404);
  });

  it('refuses a second category of the same name (409), an unknown colour and a rename (400)', async () => {
    const duplicate = await graphErrorOf(
      client.api('/me/outlook/masterCategories').post({ displayName: 'finance', color: 'preset1' }),
    );
    expect(duplicate.statusCode).toBe(409);
    const badColour = await graphErrorOf(
      client.api('/me/outlook/masterCategories').post({ displayName: 'Odd', color: 'preset25' }),
    );
    expect(badColour.statusCode).toBe(400);
    const { value } = await client.api('/me/outlook/masterCategories').get();
    const rename = await graphErrorOf(
      client.api(`/me/outlook/masterCategories/${value[0].id}`).patch({ displayName: 'Renamed' }),
    );
    expect(rename.statusCode).toBe(400);
  });

  it('needs MailboxSettings permissions, as Graph does', async () => {
    const mailOnly = await graphClient(emulator, {
      token: await tokenFor(emulator, 'alex', { scopes: ['Mail.ReadWrite'] }),
    });
    const refused = await graphErrorOf(mailOnly.api('/me/outlook/masterCategories').get());
    expect(refused.statusCode).toBe(403);
  });
});

describe('categories and Focused/Other on messages', () => {
  it('PATCHes categories and inferenceClassification, announced as an update and seen by delta', async () => {
    const id = await deliver({ from: 'lee.gu@northwindtraders.test' });
    const inbox = emulator.ctx.store.getFolder(userId, 'inbox');
    let link = '';
    let page = await client.api(`/me/mailFolders/${inbox?.id}/messages/delta`).select('id,categories').get();
    for (;;) {
      if (page['@odata.deltaLink']) break;
      page = await client.api(page['@odata.nextLink'].replace(`${emulator.url}/v1.0`, '')).get();
    }
    link = page['@odata.deltaLink'].replace(`${emulator.url}/v1.0`, '');

    const changes = await changesDuring(() =>
      client.api(`/me/messages/${id}`).patch({ categories: ['Finance', 'Travel'] }),
    );
    expect(changes).toEqual([expect.objectContaining({ changeType: 'updated', messageId: id })]);
    await client.api(`/me/messages/${id}`).patch({ inferenceClassification: 'other' });
    const message = await client.api(`/me/messages/${id}`).select('categories,inferenceClassification').get();
    expect(message).toMatchObject({ categories: ['Finance', 'Travel'], inferenceClassification: 'other' });

    const delta = await client.api(link).get();
    expect(delta.value).toEqual([expect.objectContaining({ id, categories: ['Finance', 'Travel'] })]);
  });

  it('filters the Inbox on inferenceClassification', async () => {
    const inbox = emulator.ctx.store.getFolder(userId, 'inbox');
    const all = emulator.ctx.store.messagesOf(userId, inbox?.id);
    for (const tab of ['focused', 'other'] as const) {
      const { value } = await client
        .api(`/me/mailFolders/inbox/messages`)
        .filter(`inferenceClassification eq '${tab}'`)
        .select('id,inferenceClassification')
        .top(1000)
        .get();
      const expected = all.filter((m) => m.inferenceClassification === tab).map((m) => m.id);
      expect(value.map((m: { id: string }) => m.id).sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('seeds most Inbox mail as Focused and newsletters as Other', () => {
    const inbox = emulator.ctx.store.getFolder(userId, 'inbox');
    const seeded = emulator.ctx.store.messagesOf(userId, inbox?.id).filter((m) => m.subject !== 'Hello');
    const other = seeded.filter((m) => m.inferenceClassification === 'other');
    expect(other.length).toBeGreaterThan(seeded.length * 0.15);
    expect(other.length).toBeLessThan(seeded.length * 0.5);
    expect(
      other.every((m) => /Weekly|Digest|Deals|Briefing|Adventure/.test(m.from?.emailAddress.name ?? '')),
    ).toBe(true);
    expect(seeded.some((m) => m.categories.includes('Finance'))).toBe(true);
  });
});

describe('Focused Inbox overrides', () => {
  const sender = 'pradeep.gupta@fourthcoffee.test';

  it('moves the sender’s Inbox mail to Other, announces each change, and classifies new mail the same', async () => {
    const earlier = [await deliver({ from: sender }), await deliver({ from: sender })];
    const bystander = await deliver({ from: 'miriam.graham@proseware.test' });
    let override: { id: string; classifyAs: string; senderEmailAddress: { address: string } } | undefined;
    const changes = await changesDuring(async () => {
      override = await client
        .api('/me/inferenceClassification/overrides')
        .post({ classifyAs: 'other', senderEmailAddress: { name: 'Pradeep Gupta', address: sender } });
    });
    expect(override).toMatchObject({ classifyAs: 'other', senderEmailAddress: { address: sender } });
    expect(changes.map((c) => c.messageId).sort()).toEqual(expect.arrayContaining([...earlier].sort()));
    expect(changes.every((c) => c.changeType === 'updated')).toBe(true);
    for (const id of earlier) {
      expect(emulator.ctx.store.getMessage(userId, id)?.inferenceClassification).toBe('other');
    }
    expect(emulator.ctx.store.getMessage(userId, bystander)?.inferenceClassification).toBe('focused');

    const later = await deliver({ from: sender.toUpperCase() });
    expect(emulator.ctx.store.getMessage(userId, later)?.inferenceClassification).toBe('other');

    const { value } = await client.api('/me/inferenceClassification/overrides').get();
    expect(value).toEqual([expect.objectContaining({ id: override?.id, classifyAs: 'other' })]);
  });

  it('a second override for the sender updates the first; PATCH and DELETE work on it', async () => {
    const again = await client
      .api('/me/inferenceClassification/overrides')
      .post({ classifyAs: 'focused', senderEmailAddress: { name: 'P. Gupta', address: sender } });
    const { value } = await client.api('/me/inferenceClassification/overrides').get();
    expect(value).toHaveLength(1);
    expect(value[0]).toMatchObject({
      id: again.id,
      classifyAs: 'focused',
      senderEmailAddress: { name: 'P. Gupta' },
    });

    const patched = await client
      .api(`/me/inferenceClassification/overrides/${again.id}`)
      .patch({ classifyAs: 'other' });
    expect(patched.classifyAs).toBe('other');
    await client.api(`/me/inferenceClassification/overrides/${again.id}`).delete();
    const after = await client.api('/me/inferenceClassification/overrides').get();
    expect(after.value).toEqual([]);
    const newMail = await deliver({ from: sender });
    expect(emulator.ctx.store.getMessage(userId, newMail)?.inferenceClassification).toBe('focused');
  });

  it('refuses a malformed override (400) and an unknown id (404)', async () => {
    const bad = await graphErrorOf(
      client
        .api('/me/inferenceClassification/overrides')
        .post({ classifyAs: 'later', senderEmailAddress: {} }),
    );
    expect(bad.statusCode).toBe(400);
    const missing = await graphErrorOf(client.api('/me/inferenceClassification/overrides/nope').delete());
    expect(missing.statusCode).toBe(404);
  });
});
