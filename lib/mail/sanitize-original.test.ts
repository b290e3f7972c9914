import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

/*
 * A mail too complex to show, through the mail API as the reading pane uses it: the detail says so and
 * points at the original, which only its owner can download, byte for byte.
 */

let emulator: RunningEmulator;
let megan: string;
let alex: string;
let lib: typeof import('./messages') & typeof import('./sync');
let ApiError: typeof import('../api/api-error').ApiError;

const BODY = `<p>Quarterly figures &amp; more</p>${'<div>'.repeat(5_000)}x`;

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./messages')), ...(await import('./sync')) };
  ({ ApiError } = await import('../api/api-error'));
  ({ userId: megan } = await signInUser(emulator, 'megan'));
  ({ userId: alex } = await signInUser(emulator, 'alex'));
});
afterAll(() => emulator.close());

describe('a mail too complex to show', () => {
  let id = '';

  beforeAll(async () => {
    const response = await emulatorControl(emulator, '/mail', {
      to: 'megan',
      from: 'deep@fabrikam.test',
      subject: 'Too deep',
      bodyType: 'html',
      body: BODY,
    });
    id = ((await response.json()) as { id: string }).id;
    await lib.syncMailbox(megan);
  });

  it('is marked in the detail, with its text and a link to the original', async () => {
    const detail = await lib.getMessageDetail(megan, id);
    expect(detail.tooComplex).toBe(true);
    expect(detail.hasRemoteContent).toBe(false);
    expect(detail.bodyDocument).toContain('This message is too complex to show safely.');
    expect(detail.bodyDocument).toContain('Quarterly figures &amp; more');
    expect(detail.bodyDocument).toContain(`href="/api/messages/${encodeURIComponent(id)}/original"`);
    expect(detail.bodyDocument).not.toContain('<div><div>');
  });

  it('downloads the original for its owner only', async () => {
    expect(await lib.getOriginalBody(megan, id)).toEqual({ content: BODY, fileName: 'message.html' });
    const error = await lib.getOriginalBody(alex, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404 });
  });

  it('leaves ordinary mail alone', async () => {
    const { messages } = await lib.getMessagePage(megan, 'inbox', null, 20);
    const other = messages.find((m) => m.id !== id && !m.subject.startsWith('[hostile]'));
    expect((await lib.getMessageDetail(megan, other?.id ?? '')).tooComplex).toBe(false);
  });
});
