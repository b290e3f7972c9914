import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let adele: string;
let alex: string;
let lib: typeof import('./compose') & typeof import('./sync') & typeof import('./messages');

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./compose')), ...(await import('./sync')), ...(await import('./messages')) };
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  ({ userId: alex } = await signInUser(emulator, 'alex'));
  await Promise.all([lib.syncMailbox(adele), lib.syncMailbox(alex)]);
});
afterAll(() => emulator.close());

const store = () => emulator.ctx.store;
const person = (alias: string) => store().findUser(alias)?.id ?? '';
const inFolder = (alias: string, folder: string) =>
  store().messagesOf(person(alias), store().getFolder(person(alias), folder)?.id);
const control = (path: string, body?: unknown) => emulatorControl(emulator, path, body);

describe('writing mail', () => {
  it('sends a new mail with an attachment that arrives byte-identical', async () => {
    const bytes = new Uint8Array(randomBytes(200_000));
    const draft = await lib.startDraft(adele, {
      to: ['alex@contoso.test'],
      subject: 'Plans for Friday',
      bodyHtml: '<p>See <b>attached</b>.</p>',
    });
    const attached = await lib.attach(adele, draft.id, {
      name: 'plan.bin',
      contentType: 'application/octet-stream',
      bytes,
    });
    expect(attached.viaUploadSession).toBe(false);
    await lib.send(adele, draft.id);

    const received = inFolder('alex', 'inbox').find((m) => m.subject === 'Plans for Friday');
    expect(received?.attachments.map((a) => a.name)).toEqual(['plan.bin']);
    expect(
      Buffer.compare(received?.attachments[0]?.contentBytes ?? Buffer.alloc(0), Buffer.from(bytes)),
    ).toBe(0);
    expect(inFolder('adele', 'sentitems').some((m) => m.subject === 'Plans for Friday')).toBe(true);
    expect(inFolder('adele', 'drafts').some((m) => m.id === draft.id)).toBe(false);
  });

  it('replies all within the thread, with the quoted original below what was typed', async () => {
    const original = inFolder('alex', 'inbox').find((m) => m.subject.includes('Q3 marketing budget review'));
    expect(original).toBeDefined();
    const draft = await lib.startResponse(alex, original?.id ?? '', 'replyAll');
    expect(draft.conversationId).toBe(original?.conversationId);
    expect(draft.subject).toMatch(/^RE: /);
    expect(draft.to.length + draft.cc.length).toBeGreaterThan(1);
    expect(draft.to).not.toContain('alex@contoso.test');
    expect(draft.bodyHtml).toBe('');
    expect(draft.quoteDocument).toContain(original?.subject.replace(/^(RE|FW): /i, '') ?? '∅');

    const saved = await lib.saveDraft(alex, draft.id, { bodyHtml: '<p>Agreed, let us go ahead.</p>' });
    expect(saved.bodyHtml).toBe('<p>Agreed, let us go ahead.</p>');
    expect(saved.quoteDocument).toBe(draft.quoteDocument);
    await lib.send(alex, draft.id);
    // Sent Items may hold other replies with the same subject; the draft keeps its (immutable) id.
    const sent = inFolder('alex', 'sentitems').find((m) => m.id === draft.id);
    expect(sent?.conversationId).toBe(original?.conversationId);
    expect(sent?.body.content).toContain('Agreed, let us go ahead.');
    expect(sent?.body.content).toContain('Agreed, let us go ahead.');
    expect(sent?.body.content.indexOf('Agreed')).toBeLessThan(sent?.body.content.indexOf('Subject:') ?? -1);
  });

  it('a received mail cannot forge where the reply ends: its HTML never becomes the editable text', async () => {
    const hostile =
      '<p>Hi</p><img src=x onerror="alert(1)"><!--tidings:quote--><p>quoted</p>' +
      '<img src="https://tracker.example/pixel.gif"><a href="javascript:alert(2)">link</a>';
    const delivered = await control('/mail', {
      to: 'alex',
      from: 'mallory@fabrikam.test',
      subject: 'Forged boundary',
      body: hostile,
      bodyType: 'html',
    });
    const { id } = (await delivered.json()) as { id: string };
    await lib.syncMailbox(alex);
    for (const kind of ['reply', 'replyAll', 'forward'] as const) {
      const draft = await lib.startResponse(alex, id, kind);
      // Everything of the original is quote: the person's text starts empty.
      expect(draft.bodyHtml).toBe('');
      expect(draft.quoteDocument).toContain('quoted');
      expect(draft.quoteDocument).not.toMatch(/onerror|javascript:|tracker\.example/i);
      const saved = await lib.saveDraft(alex, draft.id, { bodyHtml: '<p>Mine</p>' });
      expect(saved.bodyHtml).toBe('<p>Mine</p>');
      // Resumed later, the draft splits at the same place, from the stored parts.
      const resumed = await lib.loadDraft(alex, draft.id);
      expect(resumed.bodyHtml).toBe('<p>Mine</p>');
      expect(resumed.quoteDocument).toBe(saved.quoteDocument);
      await lib.discardDraft(alex, draft.id);
    }
  });

  it('a reply edited elsewhere since is resumed whole, and attaching a file keeps the parts', async () => {
    const original = inFolder('adele', 'inbox')[1];
    const draft = await lib.startResponse(adele, original?.id ?? '', 'reply');
    await lib.saveDraft(adele, draft.id, { bodyHtml: '<p>Before the attachment</p>' });
    await lib.attach(adele, draft.id, {
      name: 'note.txt',
      contentType: 'text/plain',
      bytes: new Uint8Array(Buffer.from('note')),
    });
    const withFile = await lib.loadDraft(adele, draft.id);
    expect(withFile.bodyHtml).toBe('<p>Before the attachment</p>');
    expect(withFile.quoteDocument).not.toBeNull();

    // Another client rewrites the body: the stored parts no longer describe it, so it is taken whole.
    store().updateMessage(person('adele'), draft.id, {
      body: { contentType: 'html', content: '<p>Edited on my phone</p><p>old quote</p>' },
    });
    const resumed = await lib.loadDraft(adele, draft.id);
    expect(resumed.bodyHtml).toBe('<p>Edited on my phone</p><p>old quote</p>');
    expect(resumed.quoteDocument).toBeNull();
    const saved = await lib.saveDraft(adele, draft.id, { bodyHtml: '<p>Edited again</p>' });
    expect(store().getMessage(person('adele'), draft.id)?.body.content).toBe('<p>Edited again</p>');
    expect(saved.bodyHtml).toBe('<p>Edited again</p>');
    await lib.discardDraft(adele, draft.id);
  });

  it('forwards with a large attachment through an upload session', async () => {
    const original = inFolder('adele', 'inbox')[0];
    const draft = await lib.startResponse(adele, original?.id ?? '', 'forward');
    await control('/requests');
    const bytes = new Uint8Array(randomBytes(5 * 1024 * 1024 + 123));
    const attached = await lib.attach(adele, draft.id, {
      name: 'video.mp4',
      contentType: 'video/mp4',
      bytes,
    });
    expect(attached.viaUploadSession).toBe(true);
    const { requests } = (await (await fetch(`${emulator.url}/_emulator/requests?user=adele`)).json()) as {
      requests: { method: string; path: string; status: number }[];
    };
    expect(
      requests.some((r) => r.path.endsWith('/attachments/createUploadSession') && r.status === 201),
    ).toBe(true);
    const puts = requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/_upload/'));
    expect(puts.length).toBeGreaterThanOrEqual(2);
    await lib.saveDraft(adele, draft.id, { to: ['megan@contoso.test'] });
    await lib.send(adele, draft.id);
    const received = inFolder('megan', 'inbox').find((m) => m.subject === draft.subject);
    const video = received?.attachments.find((a) => a.name === 'video.mp4');
    expect(Buffer.compare(video?.contentBytes ?? Buffer.alloc(0), Buffer.from(bytes))).toBe(0);
  });

  it('keeps a draft across a reload, and discarding removes it from Graph', async () => {
    const draft = await lib.startDraft(adele, { subject: 'Half-written', bodyHtml: '<p>Dear team,</p>' });
    await lib.saveDraft(adele, draft.id, {
      to: ['alex@contoso.test'],
      bodyHtml: '<p>Dear team, the launch</p>',
    });
    const resumed = await lib.loadDraft(adele, draft.id);
    expect(resumed).toMatchObject({
      subject: 'Half-written',
      to: ['alex@contoso.test'],
      bodyHtml: '<p>Dear team, the launch</p>',
    });
    await lib.discardDraft(adele, draft.id);
    expect(store().getMessage(person('adele'), draft.id)).toBeUndefined();
    await expect(lib.loadDraft(adele, draft.id)).rejects.toMatchObject({ status: 404 });
  });

  it('a send that fails keeps every word, and succeeds once when Graph is back', async () => {
    const words = '<p>Every single word of this careful message matters.</p>';
    const draft = await lib.startDraft(adele, {
      to: ['alex@contoso.test'],
      subject: 'Resilient send',
      bodyHtml: words,
    });
    await control('/faults', { kind: 'status', status: 503, count: 20, pathPattern: '/send' });
    try {
      await expect(lib.send(adele, draft.id)).rejects.toMatchObject({ kind: 'unavailable' });
    } finally {
      await control('/faults');
    }
    expect((await lib.loadDraft(adele, draft.id)).bodyHtml).toBe(words);
    expect(inFolder('alex', 'inbox').filter((m) => m.subject === 'Resilient send')).toHaveLength(0);
    await lib.send(adele, draft.id);
    expect(inFolder('alex', 'inbox').filter((m) => m.subject === 'Resilient send')).toHaveLength(1);
    // Sending again (a retried click) is refused as already sent, not delivered twice.
    await expect(lib.send(adele, draft.id)).rejects.toMatchObject({ status: 409, code: 'already_sent' });
    expect(inFolder('alex', 'inbox').filter((m) => m.subject === 'Resilient send')).toHaveLength(1);
  });

  it('refuses an attachment over 150 MB, naming the limit, and a send without recipients', async () => {
    const draft = await lib.startDraft(adele, { subject: 'No one yet' });
    const huge = new Uint8Array(150 * 1024 * 1024 + 1);
    await expect(
      lib.attach(adele, draft.id, { name: 'huge.iso', contentType: 'application/octet-stream', bytes: huge }),
    ).rejects.toMatchObject({
      status: 413,
      message: expect.stringContaining('150 MB'),
    });
    await expect(lib.send(adele, draft.id)).rejects.toMatchObject({ status: 400, code: 'no_recipients' });
  });

  it('suggests people from the cache', async () => {
    const people = await lib.suggestPeople(adele, 'ale');
    expect(people.map((p) => p.address)).toContain('alex@contoso.test');
  });
});
