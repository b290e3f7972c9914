import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let adele: string;
let alex: string;
let lib: typeof import('./signatures') & typeof import('./compose') & typeof import('./sync');

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./signatures')), ...(await import('./compose')), ...(await import('./sync')) };
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  ({ userId: alex } = await signInUser(emulator, 'alex'));
  await lib.syncMailbox(alex);
});
afterAll(() => emulator.close());

const store = () => emulator.ctx.store;
const person = (alias: string) => store().findUser(alias)?.id ?? '';
const inFolder = (alias: string, folder: string) =>
  store().messagesOf(person(alias), store().getFolder(person(alias), folder)?.id);

describe('signatures', () => {
  it('keep only what the compose editor can hold', async () => {
    const created = await lib.createSignature(adele, {
      name: 'Hostile',
      html:
        '<p onclick="alert(1)">Adele <b>Vance</b></p><script>alert(2)</script><img src="https://tracker.example/x.gif">' +
        '<a href="javascript:alert(3)">bad</a> <a href="https://contoso.test">site</a>' +
        '<style>p{color:red}</style><div data-signature="" style="color:red">nested</div>',
    });
    expect(created.html).toContain('Adele <b>Vance</b>');
    expect(created.html).toContain('<a href="https://contoso.test">site</a>');
    expect(created.html).not.toMatch(/onclick|script|img|tracker|javascript|style|color|data-signature/i);
    await lib.deleteSignature(adele, created.id);
  });

  it('belong to their owner: another person can neither see, change nor delete them', async () => {
    const mine = await lib.createSignature(adele, { name: 'Work', html: '<p>Adele</p>' });
    expect((await lib.listSignatures(alex)).map((s) => s.id)).not.toContain(mine.id);
    await expect(lib.updateSignature(alex, mine.id, { name: 'Taken' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(lib.deleteSignature(alex, mine.id)).rejects.toMatchObject({ status: 404 });
    // The same name is free for someone else, taken for its owner.
    const theirs = await lib.createSignature(alex, { name: 'Work', html: '<p>Alex</p>' });
    await expect(lib.createSignature(adele, { name: 'Work', html: '<p>Again</p>' })).rejects.toMatchObject({
      status: 409,
    });
    expect((await lib.listSignatures(adele)).find((s) => s.id === mine.id)?.html).toBe('<p>Adele</p>');
    await lib.deleteSignature(adele, mine.id);
    await lib.deleteSignature(alex, theirs.id);
  });

  it('have one default for new mail and one for replies at most', async () => {
    const first = await lib.createSignature(adele, {
      name: 'First',
      html: '<p>1</p>',
      isDefaultNew: true,
      isDefaultReply: true,
    });
    const second = await lib.createSignature(adele, { name: 'Second', html: '<p>2</p>', isDefaultNew: true });
    let all = await lib.listSignatures(adele);
    expect(all.filter((s) => s.isDefaultNew).map((s) => s.id)).toEqual([second.id]);
    expect(all.filter((s) => s.isDefaultReply).map((s) => s.id)).toEqual([first.id]);
    await lib.updateSignature(adele, second.id, { isDefaultReply: true });
    all = await lib.listSignatures(adele);
    expect(all.filter((s) => s.isDefaultReply).map((s) => s.id)).toEqual([second.id]);
    expect(await lib.defaultSignatureHtml(adele, 'new')).toBe('<p>2</p>');
    expect(await lib.defaultSignatureHtml(adele, 'reply')).toBe('<p>2</p>');
    await lib.deleteSignature(adele, second.id);
    expect(await lib.defaultSignatureHtml(adele, 'new')).toBeNull();
    await lib.deleteSignature(adele, first.id);
  });

  it('the reply default goes above the quote of a reply, and reaches the recipient', async () => {
    const signature = await lib.createSignature(alex, {
      name: 'Replies',
      html: '<p>Alex Wilber — <i>Contoso</i></p>',
      isDefaultReply: true,
    });
    const original = inFolder('alex', 'inbox').find(
      (m) => m.from?.emailAddress.address === 'adele@contoso.test',
    );
    expect(original).toBeDefined();
    const draft = await lib.startResponse(alex, original?.id ?? '', 'reply');
    expect(draft.bodyHtml).toBe('<p></p><div data-signature=""><p>Alex Wilber — <i>Contoso</i></p></div>');
    expect(draft.quoteDocument).not.toBeNull();
    // What Microsoft 365 holds: the signature, then Exchange's quote.
    const held = store().getMessage(person('alex'), draft.id)?.body.content ?? '';
    expect(held.indexOf('Alex Wilber')).toBeGreaterThanOrEqual(0);
    expect(held.indexOf('Alex Wilber')).toBeLessThan(held.indexOf('Subject:'));

    await lib.saveDraft(alex, draft.id, {
      bodyHtml: '<p>Thanks!</p><div data-signature=""><p>Alex Wilber — <i>Contoso</i></p></div>',
    });
    await lib.send(alex, draft.id);
    const received = inFolder('adele', 'inbox').find(
      (m) => m.conversationId === original?.conversationId && m.body.content.includes('Thanks!'),
    );
    expect(received?.body.content).toMatch(/Thanks!.*Alex Wilber.*Subject:/s);
    await lib.deleteSignature(alex, signature.id);
  });
});
