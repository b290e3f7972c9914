/*
 * A burst of 10,000 new mails in one mailbox, end to end: the emulator announces them as Graph would
 * (notifications batched per its delivery window, its endpoint-health rules, dropping when the endpoint
 * is slow), the app answers, processes and fills its cache. Printed: when the emulator finished
 * delivering, when the last mail was in the app's cache (its Inbox count, through the app's API), deliveries
 * retried or dropped, and Graph requests per change beside the per-notification model (one GET per change,
 * as Microsoft's sample does).
 * Goal: in the cache within 30 s after the emulator finishes sending, nothing dropped, at most 0.1 Graph
 * requests per change. Run alone with `npx tsx scripts/bench-burst.ts` (BENCH_POSTGRES_URL for PostgreSQL),
 * or as part of `npm run bench`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FolderDto } from '../lib/mail/types';
import { type HttpSession, type Ports, signIn, startServers, stopChildren } from './bench-app';

const BURST = 10_000;

interface Delivery {
  kind: string;
  outcome: string;
  itemCount: number;
  at: string;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function inboxCount(appUrl: string, session: HttpSession): Promise<number> {
  const { folders } = await json<{ folders: FolderDto[] }>(`${appUrl}/api/folders`, {
    headers: { cookie: session.cookieHeader },
  });
  return folders.find((f) => f.wellKnownName === 'inbox')?.totalCount ?? 0;
}

/** Cached Inbox rows whose subject is one of the burst's, counted page by page through the app's API. */
async function burstRowsCached(appUrl: string, session: HttpSession): Promise<number> {
  let found = 0;
  let cursor: string | null = null;
  do {
    const page: { messages: { subject: string }[]; nextCursor: string | null } = await json(
      `${appUrl}/api/messages?folder=inbox&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { headers: { cookie: session.cookieHeader } },
    );
    found += page.messages.filter((m) => /^Burst \d+$/.test(m.subject)).length;
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchBurst(options: {
  distDir: string;
  ports: Ports;
  postgresUrl?: string;
}): Promise<boolean> {
  const kind = options.postgresUrl ? 'PostgreSQL' : 'PGlite';
  const progress = (step: string) => console.log(`  [burst, ${kind}] ${step}`);
  const deadline = Date.now() + 300_000;
  progress('starting the emulator and next start');
  const servers = await startServers(options.ports, options.distDir, deadline, options.postgresUrl);
  const { appUrl, emulatorUrl } = servers;
  try {
    const session = await signIn(appUrl, 'megan@contoso.test', 'Megan-demo-1');
    const write = { cookie: session.cookieHeader, origin: appUrl, 'content-type': 'application/json' };
    progress('first sync and subscription');
    await fetch(`${appUrl}/api/sync`, { method: 'POST', headers: write, body: '{}' });
    for (;;) {
      const sync = await json<{ state: string; finishedAt: string | null }>(`${appUrl}/api/sync`, {
        headers: { cookie: session.cookieHeader },
      });
      const { value } = await json<{ value: { userId?: string; resource: string }[] }>(
        `${emulatorUrl}/_emulator/subscriptions`,
      );
      if (sync.state === 'idle' && sync.finishedAt && value.length > 0) break;
      if (Date.now() > deadline) throw new Error('the first sync or the subscription never finished');
      await sleep(250);
    }
    const before = await inboxCount(appUrl, session);
    await fetch(`${emulatorUrl}/_emulator/requests`, { method: 'DELETE' });
    await fetch(`${emulatorUrl}/_emulator/deliveries`, { method: 'DELETE' });

    progress(`${BURST.toLocaleString('en')} new mails at once`);
    const started = Date.now();
    await json(`${emulatorUrl}/_emulator/mail/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'megan', count: BURST, subjectPrefix: 'Burst' }),
    });
    let cachedAt = 0;
    let count = before;
    // The folder's count can come from Graph's own folder data: it only says when to start counting rows.
    while (Date.now() < deadline) {
      count = await inboxCount(appUrl, session);
      if (count >= before + BURST) {
        const polledAt = Date.now();
        count = before + (await burstRowsCached(appUrl, session));
        if (count >= before + BURST) {
          cachedAt = polledAt;
          break;
        }
      }
      await sleep(200);
    }
    // Deliveries still retrying would land later; give the log a moment to settle before reading it.
    await sleep(1_000);
    const { value: deliveries } = await json<{ value: Delivery[] }>(`${emulatorUrl}/_emulator/deliveries`);
    const notifications = deliveries.filter((d) => d.kind === 'notification');
    const lastDelivery = Math.max(...notifications.map((d) => Date.parse(d.at)), started);
    const dropped = notifications.filter((d) => d.outcome === 'dropped').reduce((n, d) => n + d.itemCount, 0);
    const retried = notifications.filter((d) => d.outcome === 'retrying').length;
    const { requests } = await json<{ requests: { path: string }[] }>(
      `${emulatorUrl}/_emulator/requests?user=megan`,
    );
    const perChange = requests.length / BURST;
    const afterSending = cachedAt ? (cachedAt - lastDelivery) / 1000 : Number.NaN;

    console.log(`\nA burst of ${BURST.toLocaleString('en')} new mails, ${kind} (production build, emulator)`);
    console.log(
      `  emulator: ${notifications.length} deliveries over ${((lastDelivery - started) / 1000).toFixed(1)} s, ` +
        `${retried} retried, ${dropped} notifications dropped`,
    );
    console.log(
      cachedAt
        ? `  all in the cache ${((cachedAt - started) / 1000).toFixed(1)} s after the burst began, ` +
            `${afterSending.toFixed(1)} s after the emulator's last delivery`
        : `  NOT all in the cache: ${count - before} of ${BURST} after ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    console.log(
      `  Graph requests: ${requests.length} (${perChange.toFixed(3)} per change); per-notification model: ${BURST} (1.000 per change)`,
    );
    const ok = cachedAt > 0 && afterSending <= 30 && dropped === 0 && perChange <= 0.1;
    console.log(
      `  Goal: in the cache within 30 s after sending ends, nothing dropped, <= 0.1 requests per change: ${ok ? 'met' : 'NOT met'}`,
    );
    return ok;
  } finally {
    stopChildren();
    await servers.dropDatabase().catch(() => {});
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const app = Number(process.env.BENCH_APP_PORT ?? 3300);
  benchBurst({
    distDir: process.env.NEXT_DIST_DIR ?? '.next',
    ports: { app, emulator: app + 10 },
    postgresUrl: process.env.BENCH_POSTGRES_URL || undefined,
  })
    .then((ok) => process.exit(ok ? 0 : 1))
    .catch((error: unknown) => {
      console.error(error);
      stopChildren();
      process.exit(1);
    });
}
