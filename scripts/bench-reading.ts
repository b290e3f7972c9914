import { rmSync } from 'node:fs';
import { closePglite, createAdapterFactory, openPglite } from '../lib/database/adapter';
import { applyMigrations } from '../lib/database/migrations';
import { parseDatabaseUrl } from '../lib/database/url';
import { PrismaClient } from '../lib/generated/prisma/client';
import type { ConversationDto, MessagePageDto, SyncStatusDto } from '../lib/mail/types';
import {
  appReady,
  ensureBuild,
  ms,
  percentile,
  signIn,
  startApp,
  startEmulator,
  stopChildren,
} from './bench-app';

const ports = {
  app: Number(process.env.BENCH_READING_APP_PORT ?? 3360),
  emulator: Number(process.env.BENCH_READING_EMULATOR_PORT ?? 4360),
};
const distDir = process.env.NEXT_DIST_DIR || '.next';
const postgresUrl = process.env.BENCH_POSTGRES_URL || undefined;
const SIZES = [1_000, 10_000, 100_000];
const RUNS = 200;
const WARMUP = 20;
const deadline = Date.now() + Number(process.env.BENCH_READING_BUDGET_S ?? 900) * 1000;
const appUrl = `http://127.0.0.1:${ports.app}`;
const emulatorUrl = `http://127.0.0.1:${ports.emulator}`;
const dataDir = `.data/bench-reading-${ports.app}`;

/** One GET with the session; a keep-alive socket closed under it (ENVIRONMENT.md) is retried once. */
async function get(url: string, cookie: string): Promise<{ ms: number; body: string }> {
  for (let attempt = 0; ; attempt += 1) {
    const began = performance.now();
    try {
      const response = await fetch(url, { headers: { cookie } });
      const body = await response.text();
      if (response.status !== 200)
        throw new Error(`GET ${url}: HTTP ${response.status} ${body.slice(0, 200)}`);
      return { ms: performance.now() - began, body };
    } catch (error) {
      if (attempt > 0 || (error instanceof Error && error.message.startsWith('GET '))) throw error;
    }
  }
}

async function timeRuns(url: string, cookie: string): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i += 1) await get(url, cookie);
  const times: number[] = [];
  for (let i = 0; i < RUNS && Date.now() < deadline; i += 1) times.push((await get(url, cookie)).ms);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

interface Mailbox {
  userId: string;
  displayName: string;
  mail: string;
  folders: { id: string; wellKnownName: string | null; displayName: string }[];
}

async function emulatorMailbox(alias: string): Promise<Mailbox> {
  const users = (await (await fetch(`${emulatorUrl}/_emulator/users`)).json()) as {
    users: { id: string; displayName: string; userPrincipalName: string }[];
  };
  const user = users.users.find((u) => u.userPrincipalName.startsWith(`${alias}@`));
  if (!user) throw new Error(`the emulator has no ${alias}`);
  const state = (await (await fetch(`${emulatorUrl}/_emulator/mailboxes/${alias}`)).json()) as {
    folders: Mailbox['folders'];
  };
  return {
    userId: user.id,
    displayName: user.displayName,
    mail: user.userPrincipalName,
    folders: state.folders,
  };
}

/** Writes the person and SIZES messages per chosen folder into the app's database, migrated first. */
async function seed(
  mailbox: Mailbox,
  folderIds: string[],
): Promise<{ databaseUrl: string; drop: () => Promise<void> }> {
  let databaseUrl = `pglite:${dataDir}`;
  let drop = async () => rmSync(dataDir, { recursive: true, force: true });
  await drop();
  let factory: ReturnType<typeof createAdapterFactory>;
  const target = parseDatabaseUrl(databaseUrl);
  const pglite = postgresUrl || target.kind === 'postgres' ? undefined : openPglite(target);
  if (postgresUrl) {
    const { createPostgresTestDatabase } = await import('../lib/database/testing');
    const database = await createPostgresTestDatabase(postgresUrl);
    factory = database.factory;
    databaseUrl = database.url ?? postgresUrl;
    drop = database.drop;
  } else {
    factory = createAdapterFactory(target, pglite);
  }
  await applyMigrations(factory);
  const db = new PrismaClient({ adapter: factory });
  const started = performance.now();
  const user = await db.user.create({ data: { name: mailbox.displayName, email: mailbox.mail } });
  await db.account.create({
    data: { userId: user.id, type: 'oauth', provider: 'azure-ad', providerAccountId: mailbox.userId },
  });
  const now = Date.now();
  for (const [index, size] of SIZES.entries()) {
    const folderGraphId = folderIds[index] ?? '';
    for (let offset = 0; offset < size; offset += 5_000) {
      await db.mailMessage.createMany({
        data: Array.from({ length: Math.min(5_000, size - offset) }, (_, i) => {
          const n = offset + i;
          return {
            userId: user.id,
            graphId: `AAMkBenchRead${index}x${String(n).padStart(7, '0')}`,
            folderGraphId,
            conversationId: `bench-read-${index}-${n % 5_000}`,
            subject: `Bench message ${n}`,
            preview: `Preview of bench message ${n}`,
            fromName: 'Sender',
            fromAddress: `sender${n % 300}@fabrikam.test`,
            // Older than the emulator's mail, so the folder's first page is the emulator's plus ours.
            receivedAt: new Date(now - 86_400_000 - n * 60_000),
            isRead: n % 4 !== 0,
          };
        }),
      });
    }
  }
  await db.$executeRawUnsafe('ANALYZE "MailMessage"');
  await db.$disconnect();
  if (pglite) await closePglite(pglite);
  const total = SIZES.reduce((a, b) => a + b, 0);
  console.log(
    `seeded ${total.toLocaleString('en')} messages in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return { databaseUrl, drop };
}

async function deliverConversation(): Promise<void> {
  const paragraph =
    '<p>Quarterly figures, <a href="https://contoso.test/report">the report</a> and <b>notes</b>.</p>';
  for (let i = 0; i < 4; i += 1) {
    const body = `<table width="600"><tr><td style="font-family:Arial;color:#333">${paragraph.repeat(80)}<img src="https://cdn.fabrikam.test/banner-${i}.png" width="600"></td></tr></table>`;
    const response = await fetch(`${emulatorUrl}/_emulator/mail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        to: 'megan',
        from: 'reports@fabrikam.test',
        subject: i ? 'Re: Bench reading thread' : 'Bench reading thread',
        body,
        bodyType: 'html',
        conversationId: 'bench-reading-thread',
      }),
    });
    if (response.status !== 201) throw new Error(`the emulator refused a mail: HTTP ${response.status}`);
  }
}

async function main(): Promise<void> {
  ensureBuild(distDir);
  await startEmulator(ports, deadline);
  await deliverConversation();
  const mailbox = await emulatorMailbox('megan');
  const byName = (name: string) => mailbox.folders.find((f) => f.wellKnownName === name)?.id ?? '';
  const folderIds = [byName('sentitems'), byName('archive'), byName('inbox')];
  const { databaseUrl, drop } = await seed(mailbox, folderIds);
  try {
    startApp({ port: ports.app, distDir, databaseUrl, emulatorUrl });
    await appReady(appUrl, deadline);
    const session = await signIn(appUrl, 'megan@contoso.test', 'Megan-demo-1');
    const cookie = session.cookieHeader;
    // The sign-in starts the first sync of the emulator's mailbox; measure once it is done.
    for (;;) {
      const status = JSON.parse((await get(`${appUrl}/api/sync`, cookie)).body) as SyncStatusDto;
      if (status.state === 'failed') throw new Error(`the first sync failed: ${status.error}`);
      if (status.state === 'idle' && status.finishedAt) break;
      if (Date.now() > deadline) throw new Error('the first sync did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    console.log(
      `\nReading at size (production build in ${distDir}, ${postgresUrl ? 'PostgreSQL' : 'embedded PGlite'}; ` +
        `${RUNS} sequential requests after ${WARMUP} warm-up, over HTTP with a session)`,
    );
    const floor = await timeRuns(`${appUrl}/api/sync`, cookie);
    console.log(
      `  ${'GET /api/sync (session + one small read)'.padEnd(48)} p50 ${ms(floor.p50).padStart(8)}  p95 ${ms(floor.p95).padStart(8)}`,
    );
    let listP95AtMost = 0;
    for (const [index, size] of SIZES.entries()) {
      const url = `${appUrl}/api/messages?folder=${encodeURIComponent(folderIds[index] ?? '')}&limit=50`;
      const first = await timeRuns(url, cookie);
      // A page further down: keyset paging should cost what the first page does.
      let cursor: string | null = null;
      const skipped = Math.min(20, size / 100);
      for (let page = 0; page < skipped; page += 1) {
        const answer = JSON.parse(
          (await get(`${url}${cursor ? `&cursor=${cursor}` : ''}`, cookie)).body,
        ) as MessagePageDto;
        cursor = answer.nextCursor;
      }
      const deep = await timeRuns(`${url}&cursor=${cursor ?? ''}`, cookie);
      if (size === 100_000) listP95AtMost = first.p95;
      console.log(
        `  ${`list page, folder of ${size.toLocaleString('en')}`.padEnd(48)} p50 ${ms(first.p50).padStart(8)}  p95 ${ms(first.p95).padStart(8)}` +
          `   (page ${skipped + 1}: p50 ${ms(deep.p50)}, p95 ${ms(deep.p95)})`,
      );
    }
    const conversationUrl = `${appUrl}/api/conversations/bench-reading-thread`;
    const firstOpen = await get(conversationUrl, cookie);
    const opened = JSON.parse(firstOpen.body) as ConversationDto;
    const again = await timeRuns(conversationUrl, cookie);
    console.log(
      `  ${`open a conversation (${opened.messages.length} messages) again`.padEnd(48)} p50 ${ms(again.p50).padStart(8)}  p95 ${ms(again.p95).padStart(8)}` +
        `   (first open: ${ms(firstOpen.ms)})`,
    );
    console.log(
      `\nGoals: list page p95 at 100,000 ${ms(listP95AtMost)} ${listP95AtMost < 20 ? '<' : '>='} 20 ms; ` +
        `cached conversation p95 ${ms(again.p95)} ${again.p95 < 50 ? '<' : '>='} 50 ms.`,
    );
  } finally {
    stopChildren();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await drop().catch(() => {});
  }
}

const budget = setTimeout(
  () => {
    console.error('bench-reading: over its time budget, stopping');
    stopChildren();
    process.exit(2);
  },
  deadline - Date.now() + 30_000,
);
budget.unref();

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    stopChildren();
    process.exit(1);
  });
