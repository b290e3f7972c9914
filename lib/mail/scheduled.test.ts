import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

let emulator: RunningEmulator;
let adele: string;
let lib: typeof import('./scheduled') & typeof import('./compose');

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./scheduled')), ...(await import('./compose')) };
  ({ userId: adele } = await signInUser(emulator, 'adele'));
});
afterAll(() => emulator.close());

const store = () => emulator.ctx.store;
const person = (alias: string) => store().findUser(alias)?.id ?? '';
const inFolder = (alias: string, folder: string) =>
  store().messagesOf(person(alias), store().getFolder(person(alias), folder)?.id);
const received = (alias: string, subject: string) =>
  inFolder(alias, 'inbox').filter((m) => m.subject === subject);
/** Moves the emulator's clock on, as if that much time had passed for Microsoft 365. */
const advance = async (minutes: number) => {
  const response = await emulatorControl(emulator, '/clock/advance', { minutes });
  expect(response.status).toBe(200);
};
const draftTo = (subject: string) =>
  lib.startDraft(adele, { to: ['alex@contoso.test'], subject, bodyHtml: '<p>Later</p>' });
/** The emulator's "now" (its clock may have been moved on by earlier tests). */
const emulatorNow = () => emulator.ctx.clock.now();

describe('scheduled send', () => {
  it('waits in the Outbox until its time, then reaches the recipient and Sent Items', async () => {
    const draft = await draftTo('Scheduled hello');
    const asked = new Date(emulatorNow() + 30 * 60_000 + 123);
    const { sendAt: scheduledFor } = await lib.scheduleSend(adele, draft.id, asked, emulatorNow());
    // Kept to the second, as Exchange keeps it.
    const sendAt = new Date(Math.floor(asked.getTime() / 1000) * 1000);
    expect(scheduledFor).toBe(sendAt.toISOString());

    const waiting = inFolder('adele', 'outbox').find((m) => m.id === draft.id);
    expect(waiting?.singleValueExtendedProperties).toEqual([
      { id: 'SystemTime 0x3FEF', value: sendAt.toISOString() },
    ]);
    expect(received('alex', 'Scheduled hello')).toHaveLength(0);
    const listed = await lib.listScheduled(adele);
    expect(listed).toContainEqual({
      id: draft.id,
      subject: 'Scheduled hello',
      to: [{ name: 'Alex Wilber', address: 'alex@contoso.test' }],
      sendAt: sendAt.toISOString(),
    });

    await advance(10);
    expect(received('alex', 'Scheduled hello')).toHaveLength(0);
    await advance(25);
    expect(received('alex', 'Scheduled hello')).toHaveLength(1);
    expect(inFolder('adele', 'sentitems').some((m) => m.id === draft.id)).toBe(true);
    expect(inFolder('adele', 'outbox').some((m) => m.id === draft.id)).toBe(false);
    expect((await lib.listScheduled(adele)).map((m) => m.id)).not.toContain(draft.id);
  });

  it('a cancelled one goes back to Drafts, is never delivered, and sends at once from there', async () => {
    const draft = await draftTo('Cancelled hello');
    await lib.scheduleSend(adele, draft.id, new Date(emulatorNow() + 60 * 60_000), emulatorNow());
    const { draftId } = await lib.cancelScheduled(adele, draft.id);
    expect(inFolder('adele', 'drafts').some((m) => m.id === draftId)).toBe(true);
    expect((await lib.listScheduled(adele)).map((m) => m.id)).not.toContain(draft.id);
    await advance(120);
    expect(received('alex', 'Cancelled hello')).toHaveLength(0);
    await expect(lib.cancelScheduled(adele, draftId)).rejects.toMatchObject({ status: 409 });

    // Sent normally later, it goes now: the cancelled schedule no longer holds it back.
    await lib.send(adele, draftId);
    expect(received('alex', 'Cancelled hello')).toHaveLength(1);
  });

  it('a deleted one is never delivered', async () => {
    const draft = await draftTo('Deleted hello');
    await lib.scheduleSend(adele, draft.id, new Date(emulatorNow() + 5 * 60_000), emulatorNow());
    store().deleteMessage(person('adele'), draft.id);
    await advance(10);
    expect(received('alex', 'Deleted hello')).toHaveLength(0);
  });

  it('refuses a time that is past or too close, leaving the draft as it was', async () => {
    const draft = await draftTo('Too soon');
    await expect(lib.scheduleSend(adele, draft.id, new Date(Date.now() + 5_000))).rejects.toMatchObject({
      status: 422,
    });
    await expect(lib.scheduleSend(adele, draft.id, new Date(Date.now() - 60_000))).rejects.toMatchObject({
      status: 422,
    });
    expect(
      inFolder('adele', 'drafts').find((m) => m.id === draft.id)?.singleValueExtendedProperties,
    ).toBeUndefined();
    await lib.discardDraft(adele, draft.id);
  });
});
