import {
  Client,
  type Context,
  FileUpload,
  HTTPMessageHandler,
  LargeFileUploadTask,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { seedMailboxes } from '../store/seed';
import type { StoredMessage } from '../store/types';
import { graphClient, graphErrorOf, startTestEmulator, tokenFor } from '../testing';
import { externalDeliveries } from './compose-delivery';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => {
  seedMailboxes(emulator.ctx.store, emulator.config.seed);
  emulator.ctx.requests.clear();
});

const store = () => emulator.ctx.store;

function userId(alias: string): string {
  const user = store().findUser(alias);
  if (!user) throw new Error(`no user ${alias}`);
  return user.id;
}

function folder(alias: string, wellKnownName: string): StoredMessage[] {
  const id = store().getFolder(userId(alias), wellKnownName)?.id;
  if (!id) throw new Error(`no ${wellKnownName} for ${alias}`);
  return store().messagesOf(userId(alias), id);
}

function withSubject(alias: string, wellKnownName: string, subject: string): StoredMessage | undefined {
  return folder(alias, wellKnownName).find((m) => m.subject === subject);
}

const to = (...addresses: string[]) => addresses.map((address) => ({ emailAddress: { address } }));

function bytesOf(size: number, salt: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + salt) & 0xff;
  return bytes;
}

/** PUTs a file to an upload URL in slices, as the Graph SDK does: no Authorization header. */
async function upload(url: string, bytes: Buffer, sliceSize: number): Promise<Response[]> {
  const responses: Response[] = [];
  for (let start = 0; start < bytes.length; start += sliceSize) {
    const end = Math.min(start + sliceSize, bytes.length) - 1;
    responses.push(
      await fetch(url, {
        method: 'PUT',
        headers: { 'Content-Range': `bytes ${start}-${end}/${bytes.length}` },
        body: new Uint8Array(bytes.subarray(start, end + 1)),
      }),
    );
  }
  return responses;
}

describe('POST /me/sendMail', () => {
  it('delivers to tenant recipients with identical attachment bytes and keeps a Sent Items copy', async () => {
    const adele = await graphClient(emulator, { alias: 'adele' });
    const pdf = Buffer.from('%PDF-1.4\n% test attachment\n%%EOF\n');
    const subject = 'Launch checklist (sendMail)';
    const response = await adele
      .api('/me/sendMail')
      .responseType('raw' as never)
      .post({
        message: {
          subject,
          body: { contentType: 'HTML', content: '<p>See attached.</p>' },
          toRecipients: to('alex@contoso.test'),
          ccRecipients: to('patti.fernandez@fabrikam.test'),
          bccRecipients: to('megan@contoso.test'),
          attachments: [
            {
              '@odata.type': '#microsoft.graph.fileAttachment',
              name: 'checklist.pdf',
              contentType: 'application/pdf',
              contentBytes: pdf.toString('base64'),
            },
          ],
        },
      });
    expect((response as Response).status).toBe(202);

    const received = withSubject('alex', 'inbox', subject);
    const sent = withSubject('adele', 'sentitems', subject);
    const bcc = withSubject('megan', 'inbox', subject);
    expect(received).toMatchObject({ isRead: false, isDraft: false, body: { contentType: 'html' } });
    expect(received?.from?.emailAddress).toEqual({ name: 'Adele Vance', address: 'adele@contoso.test' });
    expect(received?.toRecipients[0]?.emailAddress).toEqual({
      name: 'Alex Wilber',
      address: 'alex@contoso.test',
    });
    expect(received?.attachments[0]?.contentBytes.equals(pdf)).toBe(true);
    expect(received?.bccRecipients).toEqual([]);
    expect(sent).toMatchObject({ isRead: true, isDraft: false });
    expect(sent?.bccRecipients.map((r) => r.emailAddress.address)).toEqual(['megan@contoso.test']);
    expect(sent?.attachments[0]?.contentBytes.equals(pdf)).toBe(true);
    expect(bcc?.bccRecipients).toEqual([]);
    expect(new Set([received, sent, bcc].map((m) => m?.conversationId)).size).toBe(1);
    expect(received?.internetMessageId).toBe(sent?.internetMessageId);
    expect(externalDeliveries(emulator.ctx).at(-1)).toMatchObject({
      subject,
      to: ['patti.fernandez@fabrikam.test'],
    });
  });

  it('skips Sent Items when saveToSentItems is false', async () => {
    const adele = await graphClient(emulator, { alias: 'adele' });
    await adele.api('/me/sendMail').post({
      message: {
        subject: 'No copy',
        body: { contentType: 'Text', content: 'hi' },
        toRecipients: to('alex@contoso.test'),
      },
      saveToSentItems: false,
    });
    expect(withSubject('alex', 'inbox', 'No copy')?.body.contentType).toBe('text');
    expect(withSubject('adele', 'sentitems', 'No copy')).toBeUndefined();
  });

  it('refuses malformed or missing recipients with ErrorInvalidRecipients', async () => {
    const adele = await graphClient(emulator, { alias: 'adele' });
    for (const recipients of [to('not-an-address'), []]) {
      const error = await graphErrorOf(
        adele.api('/me/sendMail').post({ message: { subject: 'x', toRecipients: recipients } }),
      );
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('ErrorInvalidRecipients');
    }
  });

  it('needs Mail.Send', async () => {
    const token = await tokenFor(emulator, 'adele', { scopes: ['Mail.ReadWrite'] });
    const client = await graphClient(emulator, { token });
    const error = await graphErrorOf(
      client.api('/me/sendMail').post({ message: { subject: 'x', toRecipients: to('alex@contoso.test') } }),
    );
    expect(error.statusCode).toBe(403);
  });
});

describe('drafts', () => {
  it('creates, edits, attaches to and sends a draft', async () => {
    const alex = await graphClient(emulator, { alias: 'alex' });
    const draft = await alex
      .api('/me/messages')
      .post({ subject: 'Draft v1', body: { contentType: 'text', content: 'x' } });
    expect(draft).toMatchObject({ isDraft: true, subject: 'Draft v1', sentDateTime: null });
    expect(store().getMessage(userId('alex'), draft.id)?.parentFolderId).toBe(
      store().getFolder(userId('alex'), 'drafts')?.id,
    );

    const patched = await alex.api(`/me/messages/${draft.id}`).patch({
      subject: 'Draft v2',
      body: { contentType: 'html', content: '<p>Final words</p>' },
      toRecipients: to('megan@contoso.test'),
      importance: 'High',
    });
    expect(patched).toMatchObject({ subject: 'Draft v2', importance: 'high', bodyPreview: 'Final words' });

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const small = await alex.api(`/me/messages/${draft.id}/attachments`).post({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'a.png',
      contentType: 'image/png',
      contentBytes: png.toString('base64'),
    });
    expect(small).toMatchObject({ name: 'a.png', size: png.length, contentBytes: png.toString('base64') });
    const extra = await alex.api(`/me/messages/${draft.id}/attachments`).post({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'b.txt',
      contentBytes: Buffer.from('remove me').toString('base64'),
    });
    await alex.api(`/me/messages/${draft.id}/attachments/${extra.id}`).delete();
    expect(
      store()
        .getMessage(userId('alex'), draft.id)
        ?.attachments.map((a) => a.name),
    ).toEqual(['a.png']);

    await alex.api(`/me/messages/${draft.id}/send`).post(undefined);
    const sent = store().getMessage(userId('alex'), draft.id);
    expect(sent).toMatchObject({
      isDraft: false,
      parentFolderId: store().getFolder(userId('alex'), 'sentitems')?.id,
    });
    const received = withSubject('megan', 'inbox', 'Draft v2');
    expect(received?.attachments[0]?.contentBytes.equals(png)).toBe(true);
    expect(received?.importance).toBe('high');
  });

  it('delivers an inline picture as one: isInline, its contentId and the cid: reference kept', async () => {
    const alex = await graphClient(emulator, { alias: 'alex' });
    const draft = await alex
      .api('/me/messages')
      .post({ subject: 'Inline picture', toRecipients: to('megan@contoso.test') });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
    const inline = await alex.api(`/me/messages/${draft.id}/attachments`).post({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'chart.png',
      contentType: 'image/png',
      contentBytes: png.toString('base64'),
      isInline: true,
      contentId: 'chart1@tidings',
    });
    expect(inline).toMatchObject({ isInline: true, contentId: 'chart1@tidings' });
    await alex.api(`/me/messages/${draft.id}`).patch({
      body: { contentType: 'html', content: '<p>See <img src="cid:chart1@tidings" alt="chart.png"></p>' },
    });
    await alex.api(`/me/messages/${draft.id}/send`).post(undefined);

    const received = withSubject('megan', 'inbox', 'Inline picture');
    expect(received?.body.content).toContain('src="cid:chart1@tidings"');
    expect(received?.attachments).toHaveLength(1);
    expect(received?.attachments[0]).toMatchObject({
      isInline: true,
      contentId: 'chart1@tidings',
      name: 'chart.png',
    });
    expect(received?.attachments[0]?.contentBytes.equals(png)).toBe(true);
    const megan = await graphClient(emulator, { alias: 'megan' });
    const listed = await megan.api(`/me/messages/${received?.id}/attachments`).get();
    expect(listed.value[0]).toMatchObject({ isInline: true, contentId: 'chart1@tidings' });
    // Graph's hasAttachments leaves inline pictures out.
    expect((await megan.api(`/me/messages/${received?.id}`).get()).hasAttachments).toBe(false);
  });

  it('refuses attachments over 3 MB by POST and attachments or send on a sent message', async () => {
    const alex = await graphClient(emulator, { alias: 'alex' });
    const draft = await alex.api('/me/messages').post({ subject: 'big' });
    const big = await graphErrorOf(
      alex.api(`/me/messages/${draft.id}/attachments`).post({
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: 'big.bin',
        contentBytes: Buffer.alloc(3 * 1024 * 1024 + 10).toString('base64'),
      }),
    );
    expect(big.statusCode).toBe(413);
    const received = folder('alex', 'inbox')[0];
    const notDraft = await graphErrorOf(
      alex.api(`/me/messages/${received?.id}/attachments`).post({
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: 'a.txt',
        contentBytes: 'YQ==',
      }),
    );
    expect(notDraft.statusCode).toBe(400);
    expect(
      (await graphErrorOf(alex.api(`/me/messages/${received?.id}/send`).post(undefined))).statusCode,
    ).toBe(400);
  });
});

describe('replies and forwards', () => {
  function lastOfThread(alias: string, subject: string): StoredMessage {
    const thread = folder(alias, 'inbox')
      .filter((m) => m.subject === subject)
      .sort((a, b) => a.receivedDateTime.localeCompare(b.receivedDateTime));
    const last = thread.at(-1);
    if (!last) throw new Error(`no "${subject}" in ${alias}'s Inbox`);
    return last;
  }

  it('createReplyAll drafts a quoted reply to everyone else in the thread, and sending it keeps the conversation', async () => {
    const original = lastOfThread('alex', 'RE: Q3 marketing budget review');
    expect(original.from?.emailAddress.address).toBe('megan@contoso.test');
    const alex = await graphClient(emulator, { alias: 'alex' });
    const draft = await alex
      .api(`/me/messages/${original.id}/createReplyAll`)
      .post({ comment: 'Works for me.' });

    expect(draft).toMatchObject({
      isDraft: true,
      subject: 'RE: Q3 marketing budget review',
      conversationId: original.conversationId,
    });
    const addresses = (rs: { emailAddress: { address: string } }[]) => rs.map((r) => r.emailAddress.address);
    expect(addresses(draft.toRecipients)).toEqual(['megan@contoso.test', 'adele@contoso.test']);
    expect(addresses(draft.ccRecipients)).toEqual(['lynne.robbins@contoso.test']);
    expect(draft.body.content).toContain('Works for me.');
    expect(draft.body.content).toMatch(/<b>From:<\/b> Megan Bowen &lt;megan@contoso.test&gt;/);
    expect(draft.body.content).toMatch(/<b>Sent:<\/b> \w+day, \w+ \d+, \d{4} \d+:\d\d [AP]M/);
    expect(draft.body.content).toContain('<b>Subject:</b> RE: Q3 marketing budget review');
    expect(draft.body.content).toContain('I have updated the sheet');
    expect(store().getMessage(userId('alex'), draft.id)?.conversationIndex.length).toBeGreaterThan(
      original.conversationIndex.length,
    );

    await alex.api(`/me/messages/${draft.id}/send`).post(undefined);
    for (const alias of ['megan', 'adele']) {
      const copies = folder(alias, 'inbox').filter(
        (m) => m.internetMessageId === store().getMessage(userId('alex'), draft.id)?.internetMessageId,
      );
      expect(copies).toHaveLength(1);
      expect(copies[0]?.conversationId).toBe(original.conversationId);
    }
    expect(store().getMessage(userId('alex'), draft.id)?.parentFolderId).toBe(
      store().getFolder(userId('alex'), 'sentitems')?.id,
    );
  });

  it('createReply answers the sender only and refuses comment plus message body', async () => {
    const original = lastOfThread('alex', 'RE: Q3 marketing budget review');
    const alex = await graphClient(emulator, { alias: 'alex' });
    const draft = await alex.api(`/me/messages/${original.id}/createReply`).post({});
    expect(draft.toRecipients).toEqual([
      { emailAddress: { name: 'Megan Bowen', address: 'megan@contoso.test' } },
    ]);
    expect(draft.ccRecipients).toEqual([]);
    const both = await graphErrorOf(
      alex
        .api(`/me/messages/${original.id}/createReply`)
        .post({ comment: 'a', message: { body: { contentType: 'text', content: 'b' } } }),
    );
    expect(both.statusCode).toBe(400);
  });

  it('createForward plus an upload session attaches a 5 MB file with identical bytes, logged as PUTs', async () => {
    const original = folder('alex', 'inbox').find((m) => m.attachments.some((a) => !a.isInline));
    if (!original) throw new Error('no seeded mail with an attachment');
    const alex = await graphClient(emulator, { alias: 'alex' });
    const draft = await alex
      .api(`/me/messages/${original.id}/createForward`)
      .post({ comment: 'FYI', toRecipients: to('megan@contoso.test') });
    expect(draft.subject).toBe(`FW: ${original.subject}`);
    expect(draft.toRecipients[0].emailAddress.address).toBe('megan@contoso.test');

    const file = bytesOf(5 * 1024 * 1024 + 123, 7);
    const session = await alex.api(`/me/messages/${draft.id}/attachments/createUploadSession`).post({
      AttachmentItem: {
        attachmentType: 'file',
        name: 'video.mp4',
        size: file.length,
        contentType: 'video/mp4',
      },
    });
    expect(session.nextExpectedRanges).toEqual(['0-']);
    expect(session.uploadUrl).toMatch(new RegExp(`^${emulator.url}/_upload/`));

    const responses = await upload(session.uploadUrl, file, 320 * 1024 * 6);
    expect(responses.slice(0, -1).map((r) => r.status)).toEqual(responses.slice(0, -1).map(() => 200));
    expect(await responses[0]?.json()).toMatchObject({ nextExpectedRanges: [`${320 * 1024 * 6}-`] });
    const last = responses.at(-1);
    expect(last?.status).toBe(201);
    const attachmentId = /Attachments\('([^']+)'\)/.exec(last?.headers.get('location') ?? '')?.[1];

    const stored = store().getMessage(userId('alex'), draft.id);
    const uploaded = stored?.attachments.find((a) => a.id === attachmentId);
    expect(uploaded).toMatchObject({ name: 'video.mp4', contentType: 'video/mp4', size: file.length });
    expect(uploaded?.contentBytes.equals(file)).toBe(true);
    const originalAttachment = original.attachments.find((a) => !a.isInline);
    expect(
      stored?.attachments.some(
        (a) => originalAttachment && a.contentBytes.equals(originalAttachment.contentBytes),
      ),
    ).toBe(true);

    const log = await (await fetch(`${emulator.url}/_emulator/requests?user=alex`)).json();
    const puts = log.requests.filter((r: { method: string; path: string }) => r.method === 'PUT');
    expect(puts).toHaveLength(responses.length);
    expect(puts[0].path).toBe(new URL(session.uploadUrl).pathname);

    await alex.api(`/me/messages/${draft.id}/send`).post(undefined);
    const forwarded = withSubject('megan', 'inbox', `FW: ${original.subject}`);
    expect(forwarded?.attachments.find((a) => a.name === 'video.mp4')?.contentBytes.equals(file)).toBe(true);
  });

  it('works with the Graph SDK’s LargeFileUploadTask', async () => {
    const alex = await graphClient(emulator, { alias: 'alex' });
    const draft = await alex.api('/me/messages').post({ subject: 'SDK upload' });
    const file = bytesOf(3 * 1024 * 1024 + 1, 3);
    const session = await alex.api(`/me/messages/${draft.id}/attachments/createUploadSession`).post({
      AttachmentItem: { attachmentType: 'file', name: 'deck.pptx', size: file.length },
    });
    // Upload URLs are pre-authenticated: the SDK's task calls them through a client without a token.
    // The SDK only recognises absolute https URLs; this link routes its mangled http URL back to the emulator.
    const toEmulator: Middleware = {
      execute: async (context: Context) => {
        const path = /\/_upload\/[^/?]+$/.exec(String(context.request))?.[0];
        context.request = `${emulator.url}${path ?? ''}`;
        await http.execute(context);
      },
    };
    const http = new HTTPMessageHandler();
    const anonymous = Client.initWithMiddleware({ middleware: toEmulator });
    const task = new LargeFileUploadTask(
      anonymous,
      new FileUpload(new Uint8Array(file), 'deck.pptx', file.length),
      { url: session.uploadUrl, expiry: new Date(session.expirationDateTime) },
      { rangeSize: 1024 * 1024 },
    );
    const result = await task.upload();
    expect(result.location).toMatch(/Attachments\('/);
    expect(store().getMessage(userId('alex'), draft.id)?.attachments[0]?.contentBytes.equals(file)).toBe(
      true,
    );
  });

  it('reply, replyAll and forward send at once', async () => {
    const alex = await graphClient(emulator, { alias: 'alex' });
    const original = lastOfThread('alex', 'RE: Q3 marketing budget review');
    await alex.api(`/me/messages/${original.id}/reply`).post({ comment: 'Direct reply' });
    const reply = folder('megan', 'inbox').find((m) => m.body.content.includes('Direct reply'));
    expect(reply).toMatchObject({
      subject: 'RE: Q3 marketing budget review',
      conversationId: original.conversationId,
    });
    expect(folder('adele', 'inbox').some((m) => m.body.content.includes('Direct reply'))).toBe(false);
    expect(folder('alex', 'sentitems').some((m) => m.body.content.includes('Direct reply'))).toBe(true);

    await alex.api(`/me/messages/${original.id}/replyAll`).post({ comment: 'To all' });
    expect(folder('adele', 'inbox').some((m) => m.body.content.includes('To all'))).toBe(true);

    const noRecipients = await graphErrorOf(
      alex.api(`/me/messages/${original.id}/forward`).post({ comment: 'x' }),
    );
    expect(noRecipients.statusCode).toBe(400);
    await alex
      .api(`/me/messages/${original.id}/forward`)
      .post({ comment: 'Passing this on', toRecipients: to('adele@contoso.test') });
    const forwarded = folder('adele', 'inbox').find((m) => m.body.content.includes('Passing this on'));
    expect(forwarded?.subject).toBe('FW: RE: Q3 marketing budget review');
    expect(forwarded?.attachments.map((a) => a.name)).toEqual(original.attachments.map((a) => a.name));
    expect(folder('alex', 'drafts').some((m) => m.body.content.includes('Passing this on'))).toBe(false);
  });
});

describe('upload sessions', () => {
  async function session(size: number) {
    const alex = await graphClient(emulator, { alias: 'alex' });
    const draft = await alex.api('/me/messages').post({ subject: 'uploads' });
    return alex
      .api(`/me/messages/${draft.id}/attachments/createUploadSession`)
      .post({ AttachmentItem: { attachmentType: 'file', name: 'f.bin', size } });
  }

  it('refuses files over 150 MB and under the minimum', async () => {
    const tooBig = await graphErrorOf(session(150 * 1024 * 1024 + 1));
    expect(tooBig.statusCode).toBe(400);
    const tooSmall = await graphErrorOf(session(1000));
    expect(tooSmall.code).toBe('ErrorAttachmentSizeShouldNotBeLessThanMinimumSize');
  });

  it('rejects bad Content-Range headers, out-of-order ranges and bearer tokens; DELETE cancels', async () => {
    const size = 4 * 1024 * 1024;
    const { uploadUrl } = await session(size);
    const put = (range: string, body: Buffer, headers: Record<string, string> = {}) =>
      fetch(uploadUrl, {
        method: 'PUT',
        headers: { 'Content-Range': range, ...headers },
        body: new Uint8Array(body),
      });
    const chunk = Buffer.alloc(1024);
    expect((await put('bytes=0-1023', chunk)).status).toBe(400);
    expect((await put(`bytes 0-1023/${size + 1}`, chunk)).status).toBe(400);
    expect((await put(`bytes 0-2047/${size}`, chunk)).status).toBe(400);
    expect((await put(`bytes 1024-2047/${size}`, chunk)).status).toBe(416);
    expect((await put(`bytes 0-1023/${size}`, chunk, { Authorization: 'Bearer x' })).status).toBe(401);
    const ok = await put(`bytes 0-1023/${size}`, chunk);
    expect(await ok.json()).toMatchObject({ nextExpectedRanges: ['1024-'] });
    expect((await put(`bytes 0-1023/${size}`, chunk)).status).toBe(416);
    expect((await fetch(uploadUrl, { method: 'DELETE' })).status).toBe(204);
    expect((await put(`bytes 1024-2047/${size}`, chunk)).status).toBe(404);
  });
});
