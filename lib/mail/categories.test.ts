import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

/*
 * Categories and Focused/Other against the emulator over real HTTP, on a PGlite cache: what sync stores,
 * what the list and the API give back, what reaches Graph.
 */

let emulator: RunningEmulator;
let megan: string;
let meganNoSettings: string;
let lib: typeof import('./categories') &
  typeof import('./focused') &
  typeof import('./messages') &
  typeof import('./sync');

const FULL_SCOPE =
  'openid profile email offline_access User.Read Mail.ReadWrite Mail.Send MailboxSettings.ReadWrite';

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = {
    ...(await import('./categories')),
    ...(await import('./focused')),
    ...(await import('./messages')),
    ...(await import('./sync')),
  };
  ({ userId: megan } = await signInUser(emulator, 'megan', { scope: FULL_SCOPE }));
  ({ userId: meganNoSettings } = await signInUser(emulator, 'megan'));
  await lib.syncMailbox(megan);
});
afterAll(() => emulator.close());

type EmulatorMessage = {
  id: string;
  parentFolderId: string;
  from: string | null;
  categories: string[];
  inferenceClassification: 'focused' | 'other';
};
async function emulatorMailbox(alias: string) {
  return (await (await fetch(`${emulator.url}/_emulator/mailboxes/${alias}`)).json()) as {
    folders: { id: string; wellKnownName: string | null }[];
    messages: EmulatorMessage[];
  };
}

async function deliver(mail: Record<string, unknown>): Promise<string> {
  const response = await emulatorControl(emulator, '/mail', { to: 'megan', subject: 'Hello', ...mail });
  return ((await response.json()) as { id: string }).id;
}

/** Every page of the Inbox (or one tab of it, or one category) through the API's own paging. */
async function allOf(userId: string, filter: { view?: 'focused' | 'other'; category?: string }) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await lib.getMessagePage(userId, 'inbox', cursor, 50, filter);
    ids.push(...page.messages.map((m) => m.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids.sort();
}

describe('the master list', () => {
  it('gives the mailbox’s categories with Outlook’s colour names and CSS colours', async () => {
    const { categories, available } = await lib.listCategories(megan);
    expect(available).toBe(true);
    const finance = categories.find((c) => c.displayName === 'Finance');
    expect(finance?.color).toMatchObject({ preset: 'preset4', name: 'Green' });
    expect(finance?.color.light.background).toMatch(/^#[0-9a-f]{6}$/);
    expect(categories.map((c) => c.displayName)).toEqual(
      expect.arrayContaining(['Launch', 'Finance', 'Customers', 'Follow up']),
    );
  });

  it('is asked from Graph once a minute at most', async () => {
    lib.forgetCategories(megan);
    const count = async () =>
      (
        (await (await fetch(`${emulator.url}/_emulator/requests?user=megan`)).json()) as {
          requests: { path: string }[];
        }
      ).requests.filter((r) => r.path.startsWith('/me/outlook/masterCategories')).length;
    const before = await count();
    await lib.listCategories(megan);
    await lib.listCategories(megan);
    expect(await count()).toBe(before + 1);
  });

  it('without the MailboxSettings permission says so instead of failing', async () => {
    expect(await lib.listCategories(meganNoSettings)).toEqual({ available: false, categories: [] });
  });
});

describe('categories on messages', () => {
  it('sync stores the categories Graph has, and the list and DTO carry them', async () => {
    const box = await emulatorMailbox('megan');
    const inbox = box.folders.find((f) => f.wellKnownName === 'inbox')?.id;
    const expected = box.messages
      .filter((m) => m.parentFolderId === inbox && m.categories.includes('Finance'))
      .map((m) => m.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(await allOf(megan, { category: 'Finance' })).toEqual(expected);
    const detail = await lib.getMessageDetail(megan, expected[0] ?? '');
    expect(detail.categories).toContain('Finance');
  });

  it('sets a message’s categories on Graph and in the cache, each name once', async () => {
    const id = await deliver({ from: 'lee.gu@northwindtraders.test', subject: 'Quote "Q4" \\ final' });
    await lib.syncMailbox(megan);
    const saved = await lib.setMessageCategories(megan, id, [
      'Travel',
      'Customers',
      'travel',
      'Odd "quoted" \\ name',
    ]);
    expect(saved.categories).toEqual(['Travel', 'Customers', 'Odd "quoted" \\ name']);
    const onGraph = (await emulatorMailbox('megan')).messages.find((m) => m.id === id);
    expect(onGraph?.categories).toEqual(['Travel', 'Customers', 'Odd "quoted" \\ name']);
    expect(await allOf(megan, { category: 'Odd "quoted" \\ name' })).toEqual([id]);
    const cleared = await lib.setMessageCategories(megan, id, []);
    expect(cleared.categories).toEqual([]);
    expect(await allOf(megan, { category: 'Travel' })).not.toContain(id);
  });
});

describe('a change made elsewhere', () => {
  it('reaches the cache through a change notification, categories and tab included', async () => {
    const id = await deliver({ from: 'diego.siciliani@adatum.test' });
    await lib.syncMailbox(megan);
    // Outlook on another device files it and moves it to Other.
    const { access_token } = (await (
      await emulatorControl(emulator, '/tokens', { user: 'megan' })
    ).json()) as {
      access_token: string;
    };
    const patched = await fetch(`${emulator.url}/v1.0/me/messages/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ categories: ['Personal'], inferenceClassification: 'other' }),
    });
    expect(patched.status).toBe(200);
    const { db } = await import('../db');
    const { processQueue } = await import('../notifications/processor');
    await db.notificationQueue.create({
      data: {
        idempotencyKey: `categories-${crypto.randomUUID()}`,
        kind: 'change',
        userId: megan,
        subscriptionId: 'sub-categories',
        changeType: 'updated',
        messageId: id,
      },
    });
    await processQueue();
    const row = await db.mailMessage.findUnique({
      where: { userId_graphId: { userId: megan, graphId: id } },
      select: { categories: true, inferenceClassification: true },
    });
    expect(row).toEqual({ categories: ['Personal'], inferenceClassification: 'other' });
  });
});

describe('Focused and Other', () => {
  it('splits the Inbox exactly as Graph classified it', async () => {
    await lib.syncMailbox(megan);
    const box = await emulatorMailbox('megan');
    const inbox = box.folders.find((f) => f.wellKnownName === 'inbox')?.id;
    const inInbox = box.messages.filter((m) => m.parentFolderId === inbox);
    for (const view of ['focused', 'other'] as const) {
      const expected = inInbox.filter((m) => m.inferenceClassification === view).map((m) => m.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(await allOf(megan, { view })).toEqual(expected.sort());
    }
  });

  it('moves one message to Other and back', async () => {
    const id = await deliver({ from: 'isaiah.langer@tailspintoys.test' });
    await lib.syncMailbox(megan);
    expect((await lib.classifyMessage(megan, id, 'other')).inferenceClassification).toBe('other');
    expect(await allOf(megan, { view: 'other' })).toContain(id);
    expect((await emulatorMailbox('megan')).messages.find((m) => m.id === id)?.inferenceClassification).toBe(
      'other',
    );
    await lib.classifyMessage(megan, id, 'focused');
    expect(await allOf(megan, { view: 'focused' })).toContain(id);
  });

  it('“always move to Other” moves every Inbox message of the sender and creates the override', async () => {
    const sender = 'johanna.lorenz@woodgrovebank.test';
    const ids = [await deliver({ from: sender }), await deliver({ from: sender.toUpperCase() })];
    const other = await deliver({ from: 'grady.archie@wingtiptoys.test' });
    await lib.syncMailbox(megan);
    const result = await lib.alwaysClassifySender(megan, {
      address: sender,
      name: 'Johanna',
      classifyAs: 'other',
    });
    expect(result.moved.map((m) => m.id).sort()).toEqual(expect.arrayContaining([...ids].sort()));
    expect(result.moved.every((m) => m.inferenceClassification === 'other')).toBe(true);
    const otherTab = await allOf(megan, { view: 'other' });
    for (const id of ids) expect(otherTab).toContain(id);
    expect(otherTab).not.toContain(other);

    const overrides = (await (
      await fetch(`${emulator.url}/v1.0/me/inferenceClassification/overrides`, {
        headers: {
          authorization: `Bearer ${((await (await emulatorControl(emulator, '/tokens', { user: 'megan' })).json()) as { access_token: string }).access_token}`,
        },
      })
    ).json()) as { value: { classifyAs: string; senderEmailAddress: { address: string } }[] };
    expect(overrides.value).toEqual([
      expect.objectContaining({
        classifyAs: 'other',
        senderEmailAddress: expect.objectContaining({ address: sender }),
      }),
    ]);
  });
});
