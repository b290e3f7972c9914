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
 * A real crash: the app process is SIGKILLed right after it answered Graph 202 and before it finished
 * processing; started again on the same data, the change still reaches the cache.
 */

let emulator: RunningEmulator;
let dataDir: string;
let port: number;
const children: ChildProcess[] = [];

function startApp(extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const started = startAppProcess({ emulator, port, dataDir, env: extraEnv });
  void started.then((child) => children.push(child)).catch(() => {});
  return started;
}

const control = (route: string, body?: unknown) =>
  fetch(`${emulator.url}/_emulator${route}`, {
    method: body === undefined ? 'DELETE' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  emulator = await startTestEmulator();
  dataDir = await mkdtemp(path.join(tmpdir(), 'tidings-crash-'));
  port = await freePort();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await emulator.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a crash between answering 202 and processing', () => {
  it('loses nothing: after restart the change reaches the cache', async () => {
    const tokens = await signInWithCodeFlow(emulator, 'adele@contoso.test', 'Adele-demo-1');
    const first = await startApp({ SETUP: setupFor(emulator, 'adele', tokens) });

    // Processing stalls on Graph, so the kill lands after the 202 and before the cache is updated.
    await control('/faults', { kind: 'slow', delayMs: 8000, count: 50, pathPattern: '$batch' });
    await control('/deliveries');
    const { id } = (await (
      await control('/mail', { to: 'adele', from: 'news@fabrikam.test', subject: 'Survives a crash' })
    ).json()) as { id: string };
    for (let i = 0; ; i++) {
      const { value } = (await (await fetch(`${emulator.url}/_emulator/deliveries`)).json()) as {
        value: { kind: string; status?: number }[];
      };
      if (value.some((d) => d.kind === 'notification' && d.status === 202)) break;
      if (i > 200) throw new Error('Graph never got a 202');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    await control('/faults');

    await startApp();
    let state: { status: number; queue: { status: string }[] } = { status: 0, queue: [] };
    for (let i = 0; i < 200; i++) {
      const response = await fetch(`http://127.0.0.1:${port}/debug/message/${encodeURIComponent(id)}`);
      state = { status: response.status, ...((await response.json()) as { queue: { status: string }[] }) };
      if (state.status === 200 && state.queue.every((q) => q.status === 'done')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(state.status).toBe(200);
    expect(state.queue.map((q) => q.status)).toEqual(['done']);
  }, 60_000);
});

describe('mail that arrives while the app is stopped', () => {
  it('is all in the cache after the app starts again', async () => {
    // The process the test above restarted is stopped; Graph's notifications then go nowhere.
    const running = children.at(-1);
    running?.kill('SIGTERM');
    if (running && running.exitCode === null) await new Promise((resolve) => running.once('exit', resolve));
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await control('/mail', {
        to: 'adele',
        from: 'news@fabrikam.test',
        subject: `Down ${i}`,
      });
      ids.push(((await response.json()) as { id: string }).id);
    }

    const started = Date.now();
    await startApp();
    const cached = async () => {
      const found = await Promise.all(
        ids.map(
          async (id) =>
            (await fetch(`http://127.0.0.1:${port}/debug/message/${encodeURIComponent(id)}`)).status,
        ),
      );
      return found.filter((status) => status === 200).length;
    };
    let count = 0;
    for (let i = 0; i < 200 && count < ids.length; i++) {
      count = await cached();
      if (count < ids.length) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    console.log(
      `restart catch-up: ${count} of ${ids.length} mails cached ${Date.now() - started} ms after start`,
    );
    expect(count).toBe(20);
  }, 60_000);
});
