import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let adele: string;
let lib: typeof import('./compose') & typeof import('./compose-inline');

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./compose')), ...(await import('./compose-inline')) };
  ({ userId: adele } = await signInUser(emulator, 'adele'));
});
afterAll(() => emulator.close());

const store = () => emulator.ctx.store;
const person = (alias: string) => store().findUser(alias)?.id ?? '';
const stored = (alias: string, id: string) => store().getMessage(person(alias), id);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe('pictures in a draft’s text', () => {
  it('go to Graph as inline attachments referenced by cid:, and come back to the editor as our route', async () => {
    const draft = await lib.startDraft(adele, { to: ['alex@contoso.test'], subject: 'Chart', bodyHtml: '' });
    const image = await lib.addInlineImage(adele, draft.id, {
      name: 'chart.png',
      contentType: 'image/png',
      bytes: PNG,
    });
    expect(image.url).toBe(
      `/api/drafts/${encodeURIComponent(draft.id)}/inline/${encodeURIComponent(image.contentId)}`,
    );
    const attachment = stored('adele', draft.id)?.attachments[0];
    expect(attachment).toMatchObject({ isInline: true, contentId: image.contentId, name: 'chart.png' });

    const saved = await lib.saveDraft(adele, draft.id, {
      bodyHtml: `<p>Look: <img src="${image.url}" alt="chart.png"></p>`,
      importance: 'high',
    });
    // Graph holds the cid: reference; the editor gets our route back, and the importance.
    expect(stored('adele', draft.id)?.body.content).toContain(
      `<img src="cid:${image.contentId}" alt="chart.png">`,
    );
    expect(stored('adele', draft.id)?.importance).toBe('high');
    expect(saved.bodyHtml).toBe(`<p>Look: <img src="${image.url}" alt="chart.png"></p>`);
    expect(saved.importance).toBe('high');
    // Inline pictures are not listed as the draft's attached files.
    expect(saved.attachments).toEqual([]);

    const picture = await lib.inlineImageOfDraft(adele, draft.id, image.contentId);
    expect(Buffer.from(picture.bytes).equals(Buffer.from(PNG))).toBe(true);
    expect(picture.contentType).toBe('image/png');
    await expect(lib.inlineImageOfDraft(adele, draft.id, 'nope@tidings')).rejects.toMatchObject({
      status: 404,
    });
  });

  it('refuses what isn’t a picture, and pictures over 3 MB, saying what to do', async () => {
    const draft = await lib.startDraft(adele, { subject: 'Refusals' });
    await expect(
      lib.addInlineImage(adele, draft.id, { name: 'x.svg', contentType: 'image/svg+xml', bytes: PNG }),
    ).rejects.toMatchObject({ status: 415, message: expect.stringContaining('Attach it instead') });
    await expect(
      lib.addInlineImage(adele, draft.id, {
        name: 'big.png',
        contentType: 'image/png',
        bytes: new Uint8Array(3 * 1024 * 1024 + 1),
      }),
    ).rejects.toMatchObject({ status: 413, message: expect.stringContaining('larger than 3 MB') });
    expect(stored('adele', draft.id)?.attachments).toEqual([]);
  });
});
