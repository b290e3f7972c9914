/*
 * Webhook acknowledgements under load (npm run bench, issue #12): Tidings' production build beside a floor
 * server (scripts/bench-webhook-floor.ts: bare node:http, the same parse + clientState check + one INSERT
 * into the same table on its own database of the same kind), on embedded PGlite and, with
 * BENCH_POSTGRES_URL, on PostgreSQL. For each: 500 notifications/s for 60 s, then a 2,000/s spike for 5 s,
 * sent open-loop on loopback (on schedule whatever the answers; latency counted from the scheduled time, so
 * a server that falls behind cannot hide it), bounded (at most MAX_IN_FLIGHT outstanding, 30 s per request)
 * and stopping by itself. Afterwards the server is stopped and its queue table read: every notification
 * answered 202 must be stored.
 * Goal: every one answered 202 and stored, p99 under 50 ms at 500/s.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations } from '../lib/database/migrations';
import { createPostgresTestDatabase } from '../lib/database/testing';
import { ms, percentile, start, startApp, waitUntil } from './bench-app';

const MAX_IN_FLIGHT = 20_000;
const REQUEST_TIMEOUT_MS = 30_000;
const CLIENT_STATE = 'bench-client-state-secret';
const SUBSCRIPTION_ID = 'bench-webhook-subscription';
const USER_ID = 'bench-webhook-user';

export interface LoadResult {
  sent: number;
  answered: number;
  accepted: number;
  other: number;
  failed: number;
  notSent: number;
  latencies: number[];
  acked: string[];
}

const notification = (messageId: string) =>
  JSON.stringify({
    value: [
      {
        subscriptionId: SUBSCRIPTION_ID,
        clientState: CLIENT_STATE,
        changeType: 'created',
        resource: `Users/${USER_ID}/Messages/${messageId}`,
        resourceData: { '@odata.type': '#Microsoft.Graph.Message', id: messageId, '@odata.etag': 'W/"1"' },
        tenantId: 'bench',
      },
    ],
  });

/** Open-loop load: `rate` POSTs a second for `seconds`, each a new notification named `${label}-${n}`. */
export async function openLoop(
  url: string,
  rate: number,
  seconds: number,
  label: string,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2048, keepAliveMsecs: 10_000 });
  const result: LoadResult = {
    sent: 0,
    answered: 0,
    accepted: 0,
    other: 0,
    failed: 0,
    notSent: 0,
    latencies: [],
    acked: [],
  };
  const total = rate * seconds;
  let inFlight = 0;
  let settled = 0;
  const start = performance.now();
  await new Promise<void>((done) => {
    const finishIfDone = () => {
      if (settled + result.notSent >= total) done();
    };
    const send = (n: number, scheduled: number) => {
      if (inFlight >= MAX_IN_FLIGHT) {
        result.notSent += 1;
        return finishIfDone();
      }
      const messageId = `${label}-${n}`;
      const body = notification(messageId);
      inFlight += 1;
      result.sent += 1;
      let over = false;
      // A response can end and its socket fail afterwards: each request is counted once.
      const settle = (status: number | null) => {
        if (over) return;
        over = true;
        inFlight -= 1;
        settled += 1;
        if (status === null) result.failed += 1;
        else {
          result.answered += 1;
          result.latencies.push(performance.now() - scheduled);
          if (status === 202) {
            result.accepted += 1;
            result.acked.push(messageId);
          } else result.other += 1;
        }
        finishIfDone();
      };
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          response.resume();
          response.on('end', () => settle(response.statusCode ?? 0));
          response.on('error', () => settle(null));
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => settle(null));
      request.end(body);
    };
    let next = 0;
    const tick = () => {
      const elapsed = performance.now() - start;
      while (next < total && (next * 1000) / rate <= elapsed) {
        send(next, start + (next * 1000) / rate);
        next += 1;
      }
      if (next < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  return result;
}

interface Database {
  url: string;
  count(messageIds: string[]): Promise<number>;
  drop(): Promise<void>;
}

/** A fresh, migrated database holding the bench's user and subscription (its clientState is ours). */
async function createDatabase(name: string, postgresUrl?: string): Promise<Database> {
  const hash = createHash('sha256').update(CLIENT_STATE).digest('hex');
  const seed = [
    `INSERT INTO "User" (id, email, "updatedAt") VALUES ('${USER_ID}', 'bench@contoso.test', now())`,
    `INSERT INTO "GraphSubscription" (id, "userId", "graphId", resource, "changeType", "expiresAt", "clientStateHash", "updatedAt")
     VALUES ('bench', '${USER_ID}', '${SUBSCRIPTION_ID}', 'me/messages', 'created,updated,deleted', now() + interval '3 days', '${hash}', now())`,
  ];
  const countSql = `SELECT count(*)::int AS n FROM "NotificationQueue" WHERE "messageId" = ANY($1)`;
  if (postgresUrl) {
    const database = await createPostgresTestDatabase(postgresUrl);
    await applyMigrations(database.factory);
    for (const sql of seed) await database.query(sql);
    const pg = (await import('pg')).default;
    return {
      url: database.url ?? postgresUrl,
      count: async (ids) => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query<{ n: number }>(countSql, [ids])).rows[0]?.n ?? 0;
        } finally {
          await client.end();
        }
      },
      drop: () => database.drop(),
    };
  }
  const dir = `.data/${name}`;
  rmSync(dir, { recursive: true, force: true });
  // PGlite makes its own folder but not its parent, which a fresh checkout doesn't have yet.
  mkdirSync('.data', { recursive: true });
  const pglite = new PGlite(dir);
  await applyMigrations(new PrismaPGlite(pglite));
  for (const sql of seed) await pglite.query(sql);
  await pglite.close();
  return {
    url: `pglite:${dir}`,
    count: async (ids) => {
      const db = new PGlite(dir);
      try {
        return (await db.query<{ n: number }>(countSql, [ids])).rows[0]?.n ?? 0;
      } finally {
        await db.close();
      }
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
  const timer = setTimeout(() => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/** A start-up allowance for the app and the floor server (a cold `next start` on a busy machine). */
const startDeadline = () => Date.now() + 180_000;

const answersPost = (url: string) => async () => {
  const response = await fetch(url, { method: 'POST', body: notification('bench-ready') });
  await response.arrayBuffer();
  return response.status === 202;
};

interface Run {
  steady: LoadResult & { stored: number };
  spike: LoadResult & { stored: number };
  rss: { idle: number | null; steadyPeak: number | null; spikePeak: number | null };
}

/** Runs the steady phase and the spike against a server, then stops it and counts what it stored. */
/** Resident memory of a process (all its threads), in MB; null once it is gone. */
function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** The largest RSS seen while `work` runs, sampled every 250 ms. */
async function peakRss<T>(pid: number | undefined, work: Promise<T>): Promise<[T, number | null]> {
  let peak: number | null = null;
  const sample = () => {
    const now = rssMb(pid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  };
  const timer = setInterval(sample, 250);
  try {
    return [await work, peak];
  } finally {
    clearInterval(timer);
    sample();
  }
}

async function measure(
  label: string,
  url: string,
  database: Database,
  stop: () => Promise<void>,
  steady: { rate: number; seconds: number },
  pid?: number,
): Promise<Run> {
  // A short warm-up so first-request compilation and connection set-up are not in the figures.
  await openLoop(url, 50, 2, `${label}-warm`);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const idle = rssMb(pid);
  const [s, steadyPeak] = await peakRss(pid, openLoop(url, steady.rate, steady.seconds, `${label}-steady`));
  const [p, spikePeak] = await peakRss(pid, openLoop(url, 2000, 5, `${label}-spike`));
  await stop();
  return {
    steady: { ...s, stored: await database.count(s.acked) },
    spike: { ...p, stored: await database.count(p.acked) },
    rss: { idle, steadyPeak, spikePeak },
  };
}

function row(name: string, run: LoadResult & { stored: number }, floorP99?: number): string {
  const p99 = percentile(run.latencies, 99);
  const ratio = floorP99 ? `${(p99 / floorP99).toFixed(1)}×` : '';
  return (
    `  ${name.padEnd(30)} ${String(run.sent).padStart(6)} ${String(run.answered).padStart(8)} ${String(run.accepted).padStart(6)} ` +
    `${String(run.other + run.failed + run.notSent).padStart(7)} ${`${run.stored}/${run.accepted}`.padStart(13)} ` +
    `${ms(percentile(run.latencies, 50)).padStart(8)} ${ms(p99).padStart(8)} ${ms(Math.max(...run.latencies)).padStart(9)} ${ratio.padStart(7)}`
  );
}

/**
 * The webhook figures for one database kind. Returns whether the goal was met: at 500/s every
 * notification answered 202 and stored with p99 under 50 ms, and in the spike no 5xx and nothing lost.
 */
export async function benchWebhooks(options: {
  distDir: string;
  appPort: number;
  floorPort: number;
  postgresUrl?: string;
  steady?: { rate: number; seconds: number };
}): Promise<boolean> {
  const steady = options.steady ?? { rate: 500, seconds: 60 };
  const kind = options.postgresUrl ? 'PostgreSQL' : 'PGlite';
  const appUrl = `http://127.0.0.1:${options.appPort}`;
  const floorUrl = `http://127.0.0.1:${options.floorPort}`;

  const progress = (step: string) => console.log(`  [webhooks, ${kind}] ${step}`);
  progress('preparing the app database');
  const appDb = await createDatabase(`bench-webhook-app-${options.appPort}`, options.postgresUrl);
  let tidings: Run;
  try {
    const app = startApp({
      port: options.appPort,
      distDir: options.distDir,
      databaseUrl: appDb.url,
      // Nothing listens there: processing the bench's notifications fails fast, offline.
      emulatorUrl: 'http://127.0.0.1:9',
    });
    try {
      progress('starting next start');
      await waitUntil(answersPost(`${appUrl}/api/graph/notifications`), 'the app', startDeadline());
      progress(`load: ${steady.rate}/s for ${steady.seconds} s, then 2,000/s for 5 s`);
      tidings = await measure(
        'tidings',
        `${appUrl}/api/graph/notifications`,
        appDb,
        () => stopChild(app),
        steady,
        app.pid,
      );
    } finally {
      await stopChild(app);
    }
  } finally {
    await appDb.drop().catch(() => {});
  }

  progress('preparing the floor database');
  const floorDb = await createDatabase(`bench-webhook-floor-${options.floorPort}`, options.postgresUrl);
  let floor: Run;
  try {
    const server = start('floor', 'node_modules/.bin/tsx', ['scripts/bench-webhook-floor.ts'], {
      FLOOR_PORT: String(options.floorPort),
      FLOOR_DATABASE_URL: floorDb.url,
      FLOOR_SUBSCRIPTION_ID: SUBSCRIPTION_ID,
      FLOOR_USER_ID: USER_ID,
      FLOOR_CLIENT_STATE_HASH: createHash('sha256').update(CLIENT_STATE).digest('hex'),
    });
    try {
      await waitUntil(answersPost(floorUrl), 'the floor server', startDeadline());
      progress('load on the floor server');
      floor = await measure('floor', floorUrl, floorDb, () => stopChild(server), steady);
    } finally {
      await stopChild(server);
    }
  } finally {
    await floorDb.drop().catch(() => {});
  }

  console.log(
    `\nWebhook acknowledgements, ${kind} (production build in ${options.distDir}; open-loop on loopback; latency from each request's scheduled send)`,
  );
  console.log(
    `  ${''.padEnd(30)} ${'sent'.padStart(6)} ${'answered'.padStart(8)} ${'202'.padStart(6)} ${'non-202'.padStart(7)} ${'stored/acked'.padStart(13)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(9)} ${'/floor'.padStart(7)}`,
  );
  const label = (who: string, rate: number, seconds: number) =>
    `${who} ${rate.toLocaleString('en')}/s × ${seconds} s`;
  console.log(
    row(
      label('Tidings', steady.rate, steady.seconds),
      tidings.steady,
      percentile(floor.steady.latencies, 99),
    ),
  );
  console.log(row(label('floor', steady.rate, steady.seconds), floor.steady));
  console.log(row(label('Tidings', 2000, 5), tidings.spike, percentile(floor.spike.latencies, 99)));
  console.log(row(label('floor', 2000, 5), floor.spike));

  const total = steady.rate * steady.seconds;
  const p99 = percentile(tidings.steady.latencies, 99);
  const steadyOk = tidings.steady.accepted === total && tidings.steady.stored === total && p99 < 50;
  const spikeOk =
    tidings.spike.failed === 0 &&
    tidings.spike.notSent === 0 &&
    tidings.spike.other === 0 &&
    tidings.spike.stored === tidings.spike.accepted;
  const lost =
    tidings.steady.accepted - tidings.steady.stored + tidings.spike.accepted - tidings.spike.stored;
  console.log(
    `  Goal (${kind}): ${steady.rate}/s all ${total.toLocaleString('en')} answered 202 and stored, p99 ${ms(p99)} ${p99 < 50 ? '<' : '>='} 50 ms: ${steadyOk ? 'met' : 'NOT met'}; ` +
      `spike without 5xx or loss: ${spikeOk ? 'met' : 'NOT met'}; acked but not stored: ${lost}`,
  );
  const { idle, steadyPeak, spikePeak } = tidings.rss;
  const mb = (value: number | null) => (value === null ? '?' : `${value.toFixed(0)} MB`);
  const growth = idle && steadyPeak ? steadyPeak / idle : Number.NaN;
  const rssOk = growth < 1.5 && (kind === 'PGlite' || (idle !== null && idle < 300));
  console.log(
    `  App RSS (${kind}, all threads): idle ${mb(idle)}; during ${steady.rate}/s at most ${mb(steadyPeak)} (${growth.toFixed(2)}× idle); during the spike at most ${mb(spikePeak)}. ` +
      `Goal: under 1.5× idle${kind === 'PostgreSQL' ? ', idle under 300 MB' : ''}: ${rssOk ? 'met' : 'NOT met'}`,
  );
  return steadyOk && spikeOk && rssOk;
}

// `tsx scripts/bench-webhook.ts`: the webhook figures alone (same env as npm run bench).
if (process.argv[1]?.endsWith('bench-webhook.ts')) {
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  const appPort = Number(process.env.BENCH_APP_PORT ?? 3350);
  const floorPort = Number(process.env.BENCH_FLOOR_PORT ?? appPort + 1);
  const seconds = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 60);
  (async () => {
    let ok = process.argv.includes('--postgres-only')
      ? true
      : await benchWebhooks({ distDir, appPort, floorPort, steady: { rate: 500, seconds } });
    if (process.env.BENCH_POSTGRES_URL)
      ok =
        (await benchWebhooks({
          distDir,
          appPort,
          floorPort,
          postgresUrl: process.env.BENCH_POSTGRES_URL,
          steady: { rate: 500, seconds },
        })) && ok;
    process.exit(ok ? 0 : 1);
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
