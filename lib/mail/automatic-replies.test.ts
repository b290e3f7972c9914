import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalDeliveries } from '../../emulator/graph/compose-delivery';
import type { RunningEmulator } from '../../emulator/server';
import { automaticReplies } from '../../emulator/store/automatic-replies';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

const FULL_SCOPE =
  'openid profile email offline_access User.Read Mail.ReadWrite Mail.Send MailboxSettings.ReadWrite';

let emulator: RunningEmulator;
let megan: string;
let alex: string;
let lib: typeof import('./automatic-replies') & typeof import('./compose');

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./automatic-replies')), ...(await import('./compose')) };
  // What Tidings asks for at sign-in: MailboxSettings.ReadWrite is not in the emulator's default set.
  ({ userId: megan } = await signInUser(emulator, 'megan', { scope: FULL_SCOPE }));
  ({ userId: alex } = await signInUser(emulator, 'alex'));
});
afterAll(() => emulator.close());

const store = () => emulator.ctx.store;
const person = (alias: string) => store().findUser(alias)?.id ?? '';
const autoReplies = (alias: string) =>
  store()
    .messagesOf(person(alias), store().getFolder(person(alias), 'inbox')?.id)
    .filter((m) => m.subject.startsWith('Automatic reply:'));
const mailFrom = (from: string, subject: string) =>
  emulatorControl(emulator, '/mail', { to: 'megan', from, subject, body: 'Hello' });
/** Lets the reply, which follows the delivery in a microtask, happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const sendFromAlex = async (subject: string) => {
  const draft = await lib.startDraft(alex, { to: ['megan@contoso.test'], subject, bodyHtml: '<p>Hi</p>' });
  await lib.send(alex, draft.id);
  await settle();
};

describe('automatic replies', () => {
  it('are set on the mailbox, sanitized, and read back in UTC', async () => {
    const start = new Date(Date.now() + 86_400_000).toISOString();
    const end = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const saved = await lib.setAutomaticReplies(megan, {
      status: 'scheduled',
      scheduledStart: start,
      scheduledEnd: end,
      internalReplyMessage: '<p onclick="x()">Away <b>until Friday</b></p><script>alert(1)</script>',
      externalReplyMessage: '<p>Out of office</p>',
      externalAudience: 'contactsOnly',
    });
    expect(saved).toEqual({
      status: 'scheduled',
      scheduledStart: start,
      scheduledEnd: end,
      internalReplyMessage: '<p>Away <b>until Friday</b></p>',
      externalReplyMessage: '<p>Out of office</p>',
      externalAudience: 'contactsOnly',
    });
    const held = automaticReplies(store(), person('megan'));
    expect(held.status).toBe('scheduled');
    expect(held.scheduledStartDateTime.timeZone).toBe('UTC');
    expect(held.internalReplyMessage).not.toMatch(/script|onclick/);
    expect(await lib.getAutomaticReplies(megan)).toEqual(saved);
  });

  it('a schedule that has not begun answers nobody', async () => {
    await sendFromAlex('Before the schedule');
    expect(autoReplies('alex').filter((m) => m.subject.includes('Before the schedule'))).toHaveLength(0);
  });

  it('while on, answer each sender once, inside and (for everyone) outside the organization', async () => {
    await lib.setAutomaticReplies(megan, {
      status: 'alwaysEnabled',
      internalReplyMessage: '<p>I am away this week.</p>',
      externalReplyMessage: '<p>Megan is out of the office.</p>',
      externalAudience: 'all',
    });
    await sendFromAlex('First while away');
    await sendFromAlex('Second while away');
    const replies = autoReplies('alex');
    expect(replies.map((m) => m.subject)).toEqual(['Automatic reply: First while away']);
    expect(replies[0]?.body.content).toContain('I am away this week.');
    // Exchange keeps no copy of automatic replies in Sent Items.
    expect(
      store()
        .messagesOf(person('megan'), store().getFolder(person('megan'), 'sentitems')?.id)
        .some((m) => m.subject.startsWith('Automatic reply:')),
    ).toBe(false);

    await mailFrom('partner@fabrikam.test', 'From outside');
    await settle();
    const outside = externalDeliveries(emulator.ctx).filter((d) => d.to.includes('partner@fabrikam.test'));
    expect(outside.map((d) => d.subject)).toEqual(['Automatic reply: From outside']);
  });

  it('turned off, answer nobody', async () => {
    await lib.setAutomaticReplies(megan, { status: 'disabled' });
    const before = autoReplies('alex').length;
    await sendFromAlex('After coming back');
    expect(autoReplies('alex')).toHaveLength(before);
    expect((await lib.getAutomaticReplies(megan)).status).toBe('disabled');
  });
});
