import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

/*
 * Opening a message again serves its stored rendering: the sanitizer is not asked (counted through the
 * module), the raw body is not read (every SQL statement the Prisma client sends is logged), and inline
 * images still get links that work.
 */

const seen = vi.hoisted(() => ({
  renders: 0,
  sql: [] as string[],
  budgetMs: undefined as number | undefined,
}));

vi.mock('../db', async () => {
  const { createAdapterFactory } = await import('../database/adapter');
  const { parseDatabaseUrl } = await import('../database/url');
  const { PrismaClient } = await import('../generated/prisma/client');
  const db = new PrismaClient({
    adapter: createAdapterFactory(parseDatabaseUrl(process.env.DATABASE_URL)),
    log: [{ emit: 'event', level: 'query' }],
  });
  db.$on('query', (event) => seen.sql.push(event.query));
  return { db };
});

vi.mock('./render-body', async (importOriginal) => {
  const real = await importOriginal<typeof import('./render-body')>();
  return {
    ...real,
    renderMessageBody: (input: Parameters<typeof real.renderMessageBody>[0]) => {
      seen.renders += 1;
      return real.renderMessageBody(input, seen.budgetMs === undefined ? {} : { budgetMs: seen.budgetMs });
    },
  };
});

let emulator: RunningEmulator;
let adele: string;
let lib: typeof import('./messages') &
  typeof import('./sync') &
  typeof import('./cache') &
  typeof import('./compose-graph') &
  typeof import('./inline-links');

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = {
    ...(await import('./messages')),
    ...(await import('./sync')),
    ...(await import('./cache')),
    ...(await import('./compose-graph')),
    ...(await import('./inline-links')),
  };
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  await lib.syncMailbox(adele);
});
afterAll(() => emulator.close());
afterEach(() => {
  vi.useRealTimers();
  seen.budgetMs = undefined;
});

async function deliver(mail: Record<string, unknown>): Promise<string> {
  const response = await emulatorControl(emulator, '/mail', {
    to: 'adele',
    from: 'news@fabrikam.test',
    bodyType: 'html',
    ...mail,
  });
  const { id } = (await response.json()) as { id: string };
  await lib.syncMailbox(adele);
  return id;
}

/** What a second open costs: sanitizer runs and whether any statement read the raw body. */
async function counting<T>(work: () => Promise<T>) {
  const renders = seen.renders;
  seen.sql.length = 0;
  const result = await work();
  return {
    result,
    renders: seen.renders - renders,
    readBody: seen.sql.some((sql) => sql.includes('"bodyContent"')),
  };
}

const inlineToken = (document: string) => /\/api\/inline\/([A-Za-z0-9_-]+)/.exec(document)?.[1] ?? '';

describe('opening a message again', () => {
  it('neither sanitizes nor reads the raw body, and shows the same document', async () => {
    const id = await deliver({ subject: 'Stored rendering', body: '<p>Hello <b>there</b></p>' });
    const first = await counting(() => lib.getMessageDetail(adele, id));
    expect(first.renders).toBe(1);
    // The log sees the body: the first open writes it after fetching it from Graph.
    expect(first.readBody).toBe(true);
    expect(first.result.bodyDocument).toContain('<b>there</b>');

    const second = await counting(() => lib.getMessageDetail(adele, id));
    expect(second.renders).toBe(0);
    expect(second.readBody).toBe(false);
    expect(second.result.bodyDocument).toBe(first.result.bodyDocument);
    expect(second.result).toEqual(first.result);
  });

  it('keeps the remote-content variants apart', async () => {
    const id = await deliver({
      subject: 'Remote picture',
      body: '<p>Look</p><img src="https://tracker.fabrikam.test/pixel.gif">',
    });
    const blocked = await lib.getMessageDetail(adele, id);
    const allowed = await counting(() => lib.getMessageDetail(adele, id, true));
    expect(allowed.renders).toBe(1);
    expect(blocked.bodyDocument).not.toContain('tracker.fabrikam.test/pixel.gif');
    expect(allowed.result.bodyDocument).toContain('tracker.fabrikam.test/pixel.gif');
    const again = await counting(() =>
      Promise.all([lib.getMessageDetail(adele, id), lib.getMessageDetail(adele, id, true)]),
    );
    expect(again.renders).toBe(0);
    expect(again.result.map((d) => d.bodyDocument)).toEqual([
      blocked.bodyDocument,
      allowed.result.bodyDocument,
    ]);
  });

  it('serves a conversation from stored renderings', async () => {
    const first = await deliver({ subject: 'Thread', body: '<p>One</p>', conversationId: 'conv-stored-1' });
    await deliver({ subject: 'Re: Thread', body: '<p>Two</p>', conversationId: 'conv-stored-1' });
    const conversationId = (await lib.getMessageDetail(adele, first)).conversationId;
    const opened = await lib.getConversation(adele, conversationId);
    expect(opened.messages).toHaveLength(2);
    const again = await counting(() => lib.getConversation(adele, conversationId));
    expect(again.renders).toBe(0);
    expect(again.readBody).toBe(false);
    // One look-up for the whole conversation, not one per message.
    expect(seen.sql.filter((sql) => sql.includes('FROM "public"."RenderedBody"'))).toHaveLength(1);
    expect(again.result).toEqual(opened);
  });

  it('renders a body again once it changed (a draft edited: new changeKey, body fetched again)', async () => {
    const draft = await lib.createDraft(adele, { subject: 'Plan', bodyHtml: '<p>First version</p>' });
    await lib.upsertMessages(adele, [draft]);
    expect((await lib.getMessageDetail(adele, draft.id)).bodyDocument).toContain('First version');
    const edited = await lib.updateDraft(adele, draft.id, { bodyHtml: '<p>Second version</p>' });
    expect(edited.changeKey).not.toBe(draft.changeKey);
    await lib.upsertMessages(adele, [edited]);
    const reopened = await counting(() => lib.getMessageDetail(adele, draft.id));
    expect(reopened.renders).toBe(1);
    expect(reopened.result.bodyDocument).toContain('Second version');
    expect(reopened.result.bodyDocument).not.toContain('First version');
  });
});

describe('inline images in a stored rendering', () => {
  it('get fresh signed links on every open, also after the first links expired', async () => {
    const id = await deliver({
      subject: 'Logo inside',
      body: '<p>Our logo:</p><img src="cid:logo@contoso.test" alt="logo">',
      attachments: [
        {
          name: 'logo.png',
          contentType: 'image/png',
          contentBase64: Buffer.from('png').toString('base64'),
          isInline: true,
          contentId: '<logo@contoso.test>',
        },
      ],
    });
    const first = await lib.getMessageDetail(adele, id);
    const firstToken = inlineToken(first.bodyDocument);
    expect(lib.verifyInlineLink(firstToken)).toMatchObject({ userId: adele, messageId: id });
    expect(first.bodyDocument).not.toMatch(/\/api\/inline\/ph-/);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    expect(lib.verifyInlineLink(firstToken)).toBeNull();
    const later = await counting(() => lib.getMessageDetail(adele, id));
    expect(later.renders).toBe(0);
    const laterToken = inlineToken(later.result.bodyDocument);
    expect(laterToken).not.toBe(firstToken);
    expect(lib.verifyInlineLink(laterToken)).toEqual(
      lib.verifyInlineLink(firstToken, Date.now() - 16 * 60_000),
    );
    // Apart from the link, the document is the one stored.
    expect(later.result.bodyDocument.replace(laterToken, '')).toBe(
      first.bodyDocument.replace(firstToken, ''),
    );
  });
});

describe('the "too complex" fallback', () => {
  it('is kept when the mail is over a limit', async () => {
    const id = await deliver({ subject: 'Deep', body: `${'<div>'.repeat(600)}deep text` });
    const first = await lib.getMessageDetail(adele, id);
    expect(first.tooComplex).toBe(true);
    const again = await counting(() => lib.getMessageDetail(adele, id));
    expect(again.renders).toBe(0);
    expect(again.readBody).toBe(false);
    expect(again.result.bodyDocument).toBe(first.bodyDocument);
  });

  it('is kept only for a while when the sanitizer ran out of time', async () => {
    const id = await deliver({ subject: 'Ordinary, on a busy day', body: '<p>Nothing special</p>' });
    seen.budgetMs = 0;
    expect((await lib.getMessageDetail(adele, id)).tooComplex).toBe(true);
    seen.budgetMs = undefined;
    expect((await counting(() => lib.getMessageDetail(adele, id))).renders).toBe(0);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6 * 60_000);
    const later = await counting(() => lib.getMessageDetail(adele, id));
    expect(later.renders).toBe(1);
    expect(later.result.tooComplex).toBe(false);
    expect(later.result.bodyDocument).toContain('Nothing special');
  });
});
