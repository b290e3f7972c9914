import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../generated/prisma/client';
import { closePglite, createAdapterFactory, openPglite } from './adapter';
import { applyMigrations } from './migrations';
import { connectPgliteHost, startPgliteHost } from './pglite-host';
import { remoteAdapterFactory } from './remote-adapter';

/*
 * The embedded database on a thread of its own (pglite-host-worker.ts) through the remote adapter: Prisma
 * works through it as through the in-process adapter (errors included), the foreground lane goes before the
 * background lane, and a client that goes away mid-transaction does not hold the database.
 */

const dataDir = mkdtempSync(path.join(tmpdir(), 'tidings-pglite-thread-'));
let foreground: PrismaClient;
let background: PrismaClient;

beforeAll(async () => {
  const target = { kind: 'pglite' as const, dataDir };
  await applyMigrations(createAdapterFactory(target));
  await closePglite(openPglite(target));
  startPgliteHost(dataDir);
  foreground = new PrismaClient({ adapter: remoteAdapterFactory(connectPgliteHost('foreground')) });
  background = new PrismaClient({ adapter: remoteAdapterFactory(connectPgliteHost('background')) });
}, 120_000);

afterAll(async () => {
  await foreground?.$disconnect();
  await background?.$disconnect();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the database thread', () => {
  it('reads and writes through Prisma, and maps constraint errors as the in-process adapter does', async () => {
    const user = await foreground.user.create({ data: { email: 'a@thread.test', name: 'A' } });
    expect(await background.user.findUnique({ where: { id: user.id } })).toMatchObject({
      email: 'a@thread.test',
      name: 'A',
    });
    await expect(foreground.user.create({ data: { email: 'a@thread.test' } })).rejects.toMatchObject({
      code: 'P2002',
    });
    expect(await foreground.$queryRaw<{ n: number }[]>`SELECT 41 + 1 AS n`).toEqual([{ n: 42 }]);
  });

  it('commits and rolls back transactions', async () => {
    await foreground.$transaction([
      foreground.user.create({ data: { email: 'b@thread.test' } }),
      foreground.user.create({ data: { email: 'c@thread.test' } }),
    ]);
    await expect(
      foreground.$transaction(async (tx) => {
        await tx.user.create({ data: { email: 'd@thread.test' } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const emails = (await background.user.findMany({ select: { email: true } })).map((u) => u.email);
    expect(emails).toEqual(expect.arrayContaining(['b@thread.test', 'c@thread.test']));
    expect(emails).not.toContain('d@thread.test');
  });

  it('runs a waiting foreground statement before waiting background ones', async () => {
    // Straight on the ports, so that Prisma's own pacing does not decide what reaches the thread when. The
    // order is read from the database (a sequence each statement draws from), not from when answers reach
    // this thread: two ports deliver in no order relative to each other.
    const back = connectPgliteHost('background');
    const front = connectPgliteHost('foreground');
    const answers = new Map<string, (value: unknown) => void>();
    const hear = (who: string) => (answer: { id: number; ok: boolean; value: unknown }) =>
      answers.get(`${who} ${answer.id}`)?.(answer.value);
    back.on('message', hear('background'));
    front.on('message', hear('foreground'));
    const ask = (port: MessagePort, who: string, request: Record<string, unknown>) =>
      new Promise((resolve) => {
        answers.set(`${who} ${request.id}`, resolve);
        port.postMessage(request);
      });
    const draw = {
      op: 'query',
      query: { sql: "SELECT nextval('lane_order')::int AS n", args: [], argTypes: [] },
    };
    const drawn = (value: unknown) => (value as { rows: number[][] }).rows[0]?.[0] as number;
    await ask(front, 'foreground', {
      id: 1,
      op: 'script',
      script: 'CREATE SEQUENCE IF NOT EXISTS lane_order',
    });
    // A background transaction holds the database while both lanes queue up behind it.
    const tx = await ask(back, 'background', { id: 100, op: 'begin' });
    const waiting = Array.from({ length: 20 }, (_, i) => ask(back, 'background', { id: i + 1, ...draw }));
    const answered = ask(front, 'foreground', { id: 2, ...draw });
    // A statement inside the transaction goes straight in; each port delivers in order, so once one has
    // been answered on a port, everything sent on that port before it is waiting at the thread.
    await ask(back, 'background', { id: 101, ...draw, tx });
    await ask(front, 'foreground', { id: 102, ...draw, tx });
    await ask(back, 'background', { id: 103, op: 'commit', tx });
    const foregroundDraw = drawn(await answered);
    const backgroundDraws = (await Promise.all(waiting)).map(drawn);
    back.close();
    front.close();
    expect(backgroundDraws).toHaveLength(20);
    expect(Math.min(...backgroundDraws)).toBe(foregroundDraw + 1);
  });

  it('rolls back the open transaction of a client that goes away', async () => {
    const port = connectPgliteHost('background');
    const gone = new Promise<void>((resolve) => port.once('close', () => resolve()));
    const leaving = new PrismaClient({ adapter: remoteAdapterFactory(port) });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const abandoned = leaving
      .$transaction(
        async (tx) => {
          await tx.user.create({ data: { email: 'e@thread.test' } });
          entered();
          await gone;
          await tx.user.count(); // refused: this client's port is closed
        },
        { timeout: 600_000 },
      )
      .catch(() => 'ended');
    await inside;
    port.close();
    expect(await abandoned).toBe('ended');
    // The database is free again and the abandoned row was never committed.
    expect(await foreground.user.count({ where: { email: 'e@thread.test' } })).toBe(0);
  });
});
