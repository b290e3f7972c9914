import { type Client, GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { buildMessage } from '../store/message-factory';
import type { StoredFolder, StoredMessage } from '../store/types';
import { graphClient, startTestEmulator } from '../testing';

let emulator: RunningEmulator;
let client: Client;
let userId: string;
let folder: StoredFolder;

interface DeltaPage {
  value: { id: string; subject?: string; '@removed'?: { reason: string } }[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

function addMessage(subject: string): StoredMessage {
  return emulator.ctx.store.insertMessage(
    buildMessage({
      userId,
      parentFolderId: folder.id,
      subject,
      body: { contentType: 'text', content: subject },
    }),
  );
}

// The official client treats only https URLs as absolute; the emulator's links are http on loopback.
const get = (link: string, pageSize?: number): Promise<DeltaPage> => {
  const request = client.api(link.replace(`${emulator.url}/v1.0`, ''));
  if (pageSize) request.header('Prefer', `odata.maxpagesize=${pageSize}`);
  return request.get();
};

/** Follows nextLinks to the end of a round; returns every entry and the deltaLink. */
async function round(link: string, pageSize?: number) {
  const entries: DeltaPage['value'] = [];
  let pages = 0;
  let page = await get(link, pageSize);
  for (;;) {
    pages += 1;
    entries.push(...page.value);
    if (!page['@odata.nextLink']) break;
    page = await get(page['@odata.nextLink'], pageSize);
  }
  const deltaLink = page['@odata.deltaLink'];
  if (!deltaLink) throw new Error('round ended without a deltaLink');
  return { entries, pages, deltaLink };
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = await graphClient(emulator, { alias: 'megan' });
  userId = emulator.ctx.store.findUser('megan')?.id ?? '';
  folder = emulator.ctx.store.addFolder(userId, emulator.ctx.store.rootFolder(userId).id, 'Delta test');
  for (let i = 0; i < 23; i += 1) addMessage(`Initial ${i}`);
});
afterAll(() => emulator.close());

const deltaPath = () => `/me/mailFolders/${folder.id}/messages/delta`;

describe('message delta', () => {
  it('syncs a folder in pages, then reports only changes, moves out and deletions', async () => {
    const initial = await round(deltaPath(), 5);
    expect(initial.pages).toBe(5);
    expect(initial.entries).toHaveLength(23);
    expect(new Set(initial.entries.map((e) => e.id)).size).toBe(23);

    const nothing = await round(initial.deltaLink);
    expect(nothing.entries).toEqual([]);

    const messages = emulator.ctx.store.messagesOf(userId, folder.id);
    const [changed, moved, deleted] = messages;
    if (!changed || !moved || !deleted) throw new Error('seed too small');
    await client.api(`/me/messages/${changed.id}`).patch({ isRead: true });
    await client.api(`/me/messages/${moved.id}/move`).post({ destinationId: 'archive' });
    await client.api(`/me/messages/${deleted.id}`).delete();
    const added = addMessage('Arrived later');

    const changes = await round(nothing.deltaLink);
    expect(changes.entries).toHaveLength(4);
    expect(changes.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: changed.id, isRead: true }),
        expect.objectContaining({ id: added.id, subject: 'Arrived later' }),
        { '@removed': { reason: 'changed' }, id: moved.id },
        { '@removed': { reason: 'deleted' }, id: deleted.id },
      ]),
    );

    // Moving a message back reports it as present again, not removed.
    await client.api(`/me/messages/${moved.id}/move`).post({ destinationId: folder.id });
    const back = await round(changes.deltaLink);
    expect(back.entries.map((e) => e.id)).toEqual([moved.id]);
    expect(back.entries[0]?.['@removed']).toBeUndefined();
  });

  it('fixes the round at its start: changes made while paging come in the next round', async () => {
    const first = await get(deltaPath(), 10);
    const nextLink = first['@odata.nextLink'];
    if (!nextLink) throw new Error('expected more than one page');
    const late = addMessage('During paging');
    const rest = await round(nextLink, 10);
    const ids = [...first.value, ...rest.entries].map((e) => e.id);
    expect(ids).not.toContain(late.id);
    expect(new Set(ids).size).toBe(ids.length);
    const next = await round(rest.deltaLink);
    expect(next.entries.map((e) => e.id)).toEqual([late.id]);
  });

  it('keeps $select across pages and rounds', async () => {
    const page = await client
      .api(deltaPath())
      .select('subject')
      .header('Prefer', 'odata.maxpagesize=3')
      .get();
    for (const entry of page.value)
      expect(Object.keys(entry).sort()).toEqual(['@odata.etag', 'id', 'subject']);
    const second = await get(page['@odata.nextLink'], 3);
    for (const entry of second.value)
      expect(Object.keys(entry).sort()).toEqual(['@odata.etag', 'id', 'subject']);
  });

  it('refuses a malformed token with 400', async () => {
    let caught: unknown;
    try {
      await client.api(`${deltaPath()}?$deltatoken=not-a-token`).get();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClientGraphError);
    expect((caught as ClientGraphError).statusCode).toBe(400);
  });

  it('answers Preference-Applied for the page size', async () => {
    const token = await emulator.ctx.tokens.mint({ userId, appId: 'test', ttlSeconds: 60 });
    const response = await fetch(`${emulator.url}/v1.0${deltaPath()}`, {
      headers: { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=4' },
    });
    expect(response.headers.get('preference-applied')).toBe('odata.maxpagesize=4');
    expect((await response.json()).value).toHaveLength(4);
  });
});
