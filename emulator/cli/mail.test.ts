import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../server';
import { startTestEmulator } from '../testing';

const run = promisify(execFile);
const TSX = path.join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = path.join(process.cwd(), 'emulator', 'cli', 'mail.ts');

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const mail = (...args: string[]) => run(process.execPath, [TSX, CLI, '--emulator', emulator.url, ...args]);

describe('npm run emulator:mail', () => {
  it('delivers a mail with an attachment into the user’s Inbox', async () => {
    const { stdout } = await mail(
      '--to',
      'adele',
      '--from',
      'news@fabrikam.test',
      '--subject',
      'CLI hello',
      '--attach',
      'package.json',
    );
    expect(stdout).toMatch(/^Delivered "CLI hello" to adele \(message \S+\)/);
    const user = emulator.ctx.store.findUser('adele');
    const inbox = emulator.ctx.store.getFolder(user?.id ?? '', 'inbox');
    const delivered = emulator.ctx.store
      .messagesOf(user?.id ?? '', inbox?.id)
      .find((m) => m.subject === 'CLI hello');
    expect(delivered?.from?.emailAddress.address).toBe('news@fabrikam.test');
    expect(delivered?.attachments.map((a) => [a.name, a.contentType])).toEqual([
      ['package.json', 'application/octet-stream'],
    ]);
  });

  it('delivers a numbered burst with --count', async () => {
    const { stdout } = await mail('--to', 'alex', '--subject', 'Burst', '--count', '3');
    expect(stdout.trim().split('\n')).toHaveLength(3);
    const user = emulator.ctx.store.findUser('alex');
    const subjects = emulator.ctx.store.messagesOf(user?.id ?? '').map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining(['Burst (1 of 3)', 'Burst (2 of 3)', 'Burst (3 of 3)']));
  });

  it('says what is wrong for an unknown user, and exits non-zero', async () => {
    await expect(mail('--to', 'nobody', '--subject', 'x')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('The emulator refused the mail: No user "nobody" in this tenant.'),
    });
  });

  it('requires --to', async () => {
    await expect(mail('--subject', 'x')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--to is required'),
    });
  });
});
