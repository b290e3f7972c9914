import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithCodeFlow } from '../../emulator/identity/code-flow';
import type { RunningEmulator } from '../../emulator/server';
import { startTestEmulator } from '../../emulator/testing';
import { freePort, setupFor, startAppProcess } from '../testing/app-process-runner';

/*
 * The app as the server runs it (database thread, background worker) while its background worker fills
 * the cache from a 10,000-message mailbox: Graph, here the emulator, keeps delivering new mail meanwhile,
 * and judges every answer by its own rule (202 within its 3 s response budget, else slow, then dropped).
 * None may be late or lost, and the first sync still completes.
 */

const MAILBOX_SIZE = 10_000;
let emulator: RunningEmulator;
let dataDir: string;
let port: number;
let app: ChildProcess | undefined;

const control = async (route: string, body?: unknown) => {
  const response = await fetch(`${emulator.url}/_emulator${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.json();
};

const syncState = async () =>
  (await (await fetch(`http://127.0.0.1:${port}/debug/sync`)).json()) as { syncing: boolean; cached: number };

beforeAll(async () => {
  emulator = await startTestEmulator();
  dataDir = await mkdtemp(path.join(tmpdir(), 'tidings-first-sync-'));
  port = await freePort();
});
afterAll(async () => {
  app?.kill('SIGKILL');
  await emulator?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a first sync of a 10,000-message mailbox', () => {
  it('runs on the background worker while every webhook is answered in Graph’s time', async () => {
    await control('/mail/bulk', { to: 'megan', count: MAILBOX_SIZE, subjectPrefix: 'Archive' });
    const tokens = await signInWithCodeFlow(emulator, 'megan@contoso.test', 'Megan-demo-1');
    app = await startAppProcess({
      emulator,
      port,
      dataDir,
      env: { THREADS: '1', SETUP: setupFor(emulator, 'megan', tokens) },
    });

    // New mail arrives while the first sync runs; each arrival is a notification Graph delivers.
    const arrived: string[] = [];
    let duringSync = 0;
    for (let state = await syncState(); state.syncing && arrived.length < 400; state = await syncState()) {
      const { id } = (await control('/mail', {
        to: 'megan',
        from: 'live@fabrikam.test',
        subject: `Arrived during the first sync ${arrived.length}`,
      })) as { id: string };
      arrived.push(id);
      duringSync = arrived.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(duringSync, 'mail arrived while the first sync was running').toBeGreaterThanOrEqual(5);

    // The first sync finishes, and everything is in the cache: the mailbox and what arrived meanwhile.
    await expect
      .poll(syncState, { timeout: 600_000, interval: 500 })
      .toMatchObject({ syncing: false, cached: expect.any(Number) });
    await expect
      .poll(async () => (await syncState()).cached, { timeout: 120_000, interval: 500 })
      .toBeGreaterThanOrEqual(MAILBOX_SIZE + arrived.length);

    // Graph's view: every notification answered 202 within its response budget, none retried or dropped.
    const { value } = (await control('/deliveries')) as {
      value: { kind: string; status: number | null; outcome: string; error: string | null }[];
    };
    const notifications = value.filter((d) => d.kind === 'notification');
    expect(notifications.length).toBeGreaterThan(0);
    expect(notifications.filter((d) => d.outcome !== 'delivered' || d.status !== 202)).toEqual([]);
  }, 900_000);
});
