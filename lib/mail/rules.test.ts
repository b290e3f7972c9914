import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';
import type { RuleInput } from './types';

/*
 * Inbox rules through Graph against the emulator, on a PGlite cache: what the screen's calls make of the
 * mailbox's messageRules, and what those rules then do to arriving mail.
 */

let emulator: RunningEmulator;
let megan: string;
let lib: typeof import('./rules') & typeof import('./sync');
let folderId: Record<string, string>;

const FULL_SCOPE =
  'openid profile email offline_access User.Read Mail.ReadWrite Mail.Send MailboxSettings.ReadWrite';

beforeAll(async () => {
  emulator = await startAppEmulator();
  lib = { ...(await import('./rules')), ...(await import('./sync')) };
  ({ userId: megan } = await signInUser(emulator, 'megan', { scope: FULL_SCOPE }));
  await lib.syncMailbox(megan);
  const box = await mailbox();
  folderId = Object.fromEntries(box.folders.map((f) => [f.wellKnownName ?? f.displayName, f.id]));
});
afterAll(() => emulator.close());
beforeEach(async () => {
  for (const rule of await lib.listRules(megan)) await lib.deleteRule(megan, rule.id);
});

async function mailbox() {
  return (await (await fetch(`${emulator.url}/_emulator/mailboxes/megan`)).json()) as {
    folders: { id: string; displayName: string; wellKnownName: string | null }[];
    messages: {
      id: string;
      parentFolderId: string;
      isRead: boolean;
      categories: string[];
      subject: string;
    }[];
  };
}

async function deliver(mail: Record<string, unknown>) {
  const response = await emulatorControl(emulator, '/mail', {
    to: 'megan',
    from: 'x@fabrikam.test',
    ...mail,
  });
  return (await response.json()) as { id: string; folderId: string };
}

const input = (
  patch: Partial<RuleInput> & {
    when?: Partial<RuleInput['conditions']>;
    act?: Partial<RuleInput['actions']>;
  },
): RuleInput => ({
  name: patch.name ?? 'A rule',
  enabled: patch.enabled ?? true,
  conditions: {
    fromAddresses: [],
    subjectContains: [],
    sentToMe: false,
    hasAttachments: false,
    ...patch.when,
  },
  actions: {
    moveToFolder: null,
    markAsRead: false,
    assignCategories: [],
    delete: false,
    forwardTo: [],
    stopProcessingRules: false,
    ...patch.act,
  },
});

describe('rules', () => {
  it('are made on Graph and then act on arriving mail', async () => {
    const rule = await lib.createRule(
      megan,
      input({
        name: 'Quarterly to Projects',
        when: { subjectContains: ['quarterly'] },
        act: { moveToFolder: folderId.Projects ?? '', markAsRead: true, assignCategories: ['Finance'] },
      }),
    );
    expect(rule).toMatchObject({
      name: 'Quarterly to Projects',
      sequence: 1,
      enabled: true,
      conditions: {
        subjectContains: ['quarterly'],
        fromAddresses: [],
        sentToMe: false,
        hasAttachments: false,
      },
      actions: { moveToFolder: folderId.Projects, markAsRead: true, assignCategories: ['Finance'] },
      otherConditions: [],
      otherActions: [],
    });
    const { rules: onGraph } = (await (await fetch(`${emulator.url}/_emulator/rules/megan`)).json()) as {
      rules: { displayName: string; conditions: unknown; actions: unknown }[];
    };
    expect(onGraph).toEqual([
      expect.objectContaining({
        displayName: 'Quarterly to Projects',
        conditions: { subjectContains: ['quarterly'] },
        actions: { moveToFolder: folderId.Projects, markAsRead: true, assignCategories: ['Finance'] },
      }),
    ]);
    const matching = await deliver({ subject: 'Quarterly numbers' });
    const other = await deliver({ subject: 'Lunch' });
    const box = await mailbox();
    expect(box.messages.find((m) => m.id === matching.id)).toMatchObject({
      parentFolderId: folderId.Projects,
      isRead: true,
      categories: ['Finance'],
    });
    expect(box.messages.find((m) => m.id === other.id)?.parentFolderId).toBe(folderId.inbox);
  });

  it('are edited, turned off and on, and keep what Outlook set that the screen does not edit', async () => {
    // A rule made elsewhere, with a condition and an action the screen doesn't show.
    const { access_token: token } = (await (
      await emulatorControl(emulator, '/tokens', { user: 'megan', scopes: ['MailboxSettings.ReadWrite'] })
    ).json()) as { access_token: string };
    const made = (await (
      await fetch(`${emulator.url}/v1.0/me/mailFolders/inbox/messageRules`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          displayName: 'From Outlook',
          sequence: 1,
          conditions: { importance: 'high', subjectContains: ['board'] },
          actions: { markImportance: 'low', markAsRead: true },
        }),
      })
    ).json()) as { id: string };
    const [listed] = await lib.listRules(megan);
    expect(listed).toMatchObject({
      id: made.id,
      otherConditions: ['importance'],
      otherActions: ['markImportance'],
    });

    const edited = await lib.updateRule(megan, made.id, {
      ...input({ when: { subjectContains: ['board', 'papers'] }, act: { assignCategories: ['Follow up'] } }),
      name: 'Board papers',
    });
    expect(edited).toMatchObject({
      name: 'Board papers',
      conditions: { subjectContains: ['board', 'papers'] },
      actions: { markAsRead: false, assignCategories: ['Follow up'] },
      otherConditions: ['importance'],
      otherActions: ['markImportance'],
    });
    expect((await lib.updateRule(megan, made.id, { enabled: false })).enabled).toBe(false);
    const off = await deliver({ subject: 'board papers', importance: 'high' });
    expect((await mailbox()).messages.find((m) => m.id === off.id)?.categories).toEqual([]);
    expect((await lib.updateRule(megan, made.id, { enabled: true })).enabled).toBe(true);
    const on = await deliver({ subject: 'board papers', importance: 'high' });
    expect((await mailbox()).messages.find((m) => m.id === on.id)?.categories).toEqual(['Follow up']);
  });

  it('are reordered one place at a time, the order Exchange runs them', async () => {
    const a = await lib.createRule(
      megan,
      input({ name: 'A', when: { subjectContains: ['a'] }, act: { markAsRead: true } }),
    );
    const b = await lib.createRule(
      megan,
      input({ name: 'B', when: { subjectContains: ['b'] }, act: { markAsRead: true } }),
    );
    const c = await lib.createRule(
      megan,
      input({ name: 'C', when: { subjectContains: ['c'] }, act: { markAsRead: true } }),
    );
    expect([a.sequence, b.sequence, c.sequence]).toEqual([1, 2, 3]);
    expect((await lib.moveRule(megan, c.id, 'up')).map((r) => [r.name, r.sequence])).toEqual([
      ['A', 1],
      ['C', 2],
      ['B', 3],
    ]);
    expect((await lib.moveRule(megan, a.id, 'up')).map((r) => r.name)).toEqual(['A', 'C', 'B']);
    expect((await lib.moveRule(megan, a.id, 'down')).map((r) => r.name)).toEqual(['C', 'A', 'B']);
    await lib.deleteRule(megan, c.id);
    expect((await lib.listRules(megan)).map((r) => r.name)).toEqual(['A', 'B']);
  });

  it('refuse, in words, a rule without conditions or actions, a folder that is gone, and what Graph refuses', async () => {
    await expect(lib.createRule(megan, input({ act: { markAsRead: true } }))).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/at least one condition/),
    });
    await expect(lib.createRule(megan, input({ when: { sentToMe: true } }))).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/at least one action/),
    });
    await expect(
      lib.createRule(megan, input({ when: { sentToMe: true }, act: { moveToFolder: 'no-such-folder' } })),
    ).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/no longer in your mailbox/) });
    expect(await lib.listRules(megan)).toEqual([]);
  });
});

describe('block sender', () => {
  it('adds a rule, first in the order, moving their mail to Junk Email, and moves the message there', async () => {
    await lib.createRule(
      megan,
      input({ name: 'Existing', when: { sentToMe: true }, act: { moveToFolder: folderId.Projects ?? '' } }),
    );
    const first = await deliver({ from: 'pest@spam.test', subject: 'Offer' });
    // The first arrival went where the existing rule put it; the cache learns of it.
    await lib.syncMailbox(megan);
    const blocked = await lib.blockSender(megan, first.id);
    expect(blocked).toMatchObject({
      existed: false,
      rule: {
        name: 'Block pest@spam.test',
        sequence: 1,
        conditions: { fromAddresses: ['pest@spam.test'] },
        actions: { moveToFolder: folderId.junkemail, stopProcessingRules: true },
      },
      message: { id: first.id, folderId: folderId.junkemail },
    });
    expect((await lib.listRules(megan)).map((r) => [r.name, r.sequence])).toEqual([
      ['Block pest@spam.test', 1],
      ['Existing', 2],
    ]);
    const next = await deliver({ from: 'pest@spam.test', subject: 'Another offer' });
    expect(next.folderId).toBe(folderId.junkemail);
    expect((await mailbox()).messages.find((m) => m.id === next.id)?.parentFolderId).toBe(folderId.junkemail);

    // Blocking them again reuses the rule.
    await lib.syncMailbox(megan);
    const again = await lib.blockSender(megan, next.id);
    expect(again.existed).toBe(true);
    expect((await lib.listRules(megan)).filter((r) => r.name.startsWith('Block '))).toHaveLength(1);
  });
});
