/*
 * npm run bench: does hostile mail slow the server down for everyone (issue #11)?
 * Against a production build (`next start`, built first if NEXT_DIST_DIR has none) with the emulator and a
 * signed-in person, all on loopback:
 *   1. reference: p50/p99 of GET /api/health and of webhook acknowledgements (POST
 *      /api/graph/notifications, a well-formed notification that is not ours to process) with nothing
 *      else running;
 *   2. the same while the 10 adversarial mails are opened at once (again and again, half a second apart; the
 *      probes that start while ten are in flight count), and the time until each one's "too complex to
 *      show safely" answer arrives.
 * Then webhook acknowledgements under load beside a floor server (scripts/bench-webhook.ts: 500/s for 60 s
 * and a 2,000/s spike, on PGlite and, with BENCH_POSTGRES_URL, also on PostgreSQL); `--webhook-only` runs
 * just those, `--adversarial-only` skips them. Then a 10,000-change burst end to end on each database
 * (scripts/bench-burst.ts: convergence after the emulator's last delivery, deliveries dropped, Graph requests
 * per change), mail to screen over 20 deliveries in Chromium (scripts/bench-live.ts), and the offline
 * figures (scripts/bench-offline.ts: cold offline open beside online, the mirror's size, offline detection). Then the mail-cache, search and emulator figures (bench:cache, bench:search: full-text search at 100,000 cached messages beside the substring search it replaced, on PGlite and, with BENCH_POSTGRES_URL, PostgreSQL; emulator:bench) unless --app-only.
 * Done when: p99 < 100 ms for health and webhook acks under load, every fallback within 5 s.
 * Stops by itself: bounded phases and a time budget for the whole run (BENCH_BUDGET_S, default 1500).
 *   BENCH_APP_PORT=3350 BENCH_EMULATOR_PORT=4350 NEXT_DIST_DIR=.next npm run bench [-- --app-only]
 * With BENCH_POSTGRES_URL (an admin URL) the app uses a throwaway database on that PostgreSQL server
 * instead of the embedded PGlite.
 */
import { spawnSync } from 'node:child_process';
import { ADVERSARIAL_MAILS } from '../lib/mail/sanitize-adversarial-mails';
import type { MessageDetailDto, MessagePageDto } from '../lib/mail/types';
import {
  ensureBuild,
  type HttpSession,
  ms,
  percentile,
  signIn,
  startServers,
  stopChildren,
} from './bench-app';
import { benchBurst } from './bench-burst';
import { benchLive } from './bench-live';
import { benchOffline } from './bench-offline';
import { benchWebhooks } from './bench-webhook';

const PHASE_MS = 30_000;
const PROBE_GAP_MS = 20;
const BURST_GAP_MS = 500;
const budgetMs = Number(process.env.BENCH_BUDGET_S ?? 1500) * 1000;
const startedAt = Date.now();
const deadline = startedAt + budgetMs;
const ports = {
  app: Number(process.env.BENCH_APP_PORT ?? 3350),
  emulator: Number(process.env.BENCH_EMULATOR_PORT ?? 4350),
};
const distDir = process.env.NEXT_DIST_DIR || '.next';
// The embedded database (PGlite) runs in the app's process; PostgreSQL, as in production, does not.
const postgresUrl = process.env.BENCH_POSTGRES_URL || undefined;
let dropDatabase = async () => {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One timed request; a keep-alive socket closed under it (see ENVIRONMENT.md) is retried once. */
async function timed(
  url: string,
  init: RequestInit = {},
): Promise<{ ms: number; status: number; body: string }> {
  for (let attempt = 0; ; attempt += 1) {
    const began = performance.now();
    try {
      const response = await fetch(url, init);
      const body = await response.text();
      return { ms: performance.now() - began, status: response.status, body };
    } catch (error) {
      if (attempt > 0) throw error;
    }
  }
}

interface Probe {
  latencies: number[];
  failures: number;
}

/**
 * Asks `request` again and again (a short pause between answers) until `stop()` says so; counts the
 * answers to requests that started while `counts()` held.
 */
async function probe(
  request: () => Promise<{ ms: number; status: number }>,
  ok: number,
  stop: () => boolean,
  counts: () => boolean,
) {
  const result: Probe = { latencies: [], failures: 0 };
  while (!stop()) {
    const counted = counts();
    try {
      const answer = await request();
      if (answer.status !== ok) result.failures += 1;
      else if (counted) result.latencies.push(answer.ms);
    } catch {
      result.failures += 1;
    }
    await sleep(PROBE_GAP_MS);
  }
  return result;
}

async function inboxIds(appUrl: string, session: HttpSession): Promise<Map<string, string>> {
  const page = await timed(`${appUrl}/api/messages?folder=inbox&limit=200`, {
    headers: { cookie: session.cookieHeader },
  });
  if (page.status !== 200) return new Map();
  const { messages } = JSON.parse(page.body) as MessagePageDto;
  return new Map(messages.map((m) => [m.subject, m.id]));
}

async function benchApp() {
  ensureBuild(distDir);
  const servers = await startServers(ports, distDir, Math.min(deadline, Date.now() + 180_000), postgresUrl);
  dropDatabase = servers.dropDatabase;
  const { appUrl, emulatorUrl } = servers;
  const session = await signIn(appUrl, 'megan@contoso.test', 'Megan-demo-1');
  const cookie = { cookie: session.cookieHeader };

  // Deliver the adversarial mails; they reach the cache through Graph's notifications (or a sync round).
  const subjects = ADVERSARIAL_MAILS.filter((m) => m.fallback).map((m) => `[bench] ${m.name}`);
  for (const [index, mail] of ADVERSARIAL_MAILS.filter((m) => m.fallback).entries()) {
    const delivered = await fetch(`${emulatorUrl}/_emulator/mail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        to: 'megan',
        from: 'bench@fabrikam.test',
        subject: subjects[index],
        body: mail.html(),
        bodyType: 'html',
      }),
    });
    if (delivered.status !== 201) throw new Error(`emulator refused a mail: HTTP ${delivered.status}`);
  }
  let ids = new Map<string, string>();
  for (let round = 0; Date.now() < Math.min(deadline, Date.now() + 120_000); round += 1) {
    ids = await inboxIds(appUrl, session);
    if (subjects.every((s) => ids.has(s))) break;
    if (round % 20 === 5) {
      await fetch(`${appUrl}/api/sync`, {
        method: 'POST',
        headers: { ...cookie, origin: appUrl, 'content-type': 'application/json' },
        body: '{}',
      });
    }
    await sleep(500);
  }
  const mailIds = subjects.map((s) => ids.get(s));
  if (mailIds.some((id) => !id)) throw new Error('the adversarial mails did not reach the cache in time');

  // First opens fetch each body from Graph into the cache; the measured opens after that only render.
  for (const id of mailIds) {
    const first = await timed(`${appUrl}/api/messages/${encodeURIComponent(id ?? '')}`, { headers: cookie });
    if (first.status !== 200) throw new Error(`opening a mail answered HTTP ${first.status}`);
  }
  // Each one alone, opened again: what one open costs the server when nothing else runs.
  console.log('\nOpening each adversarial mail again, one at a time');
  const opened = ADVERSARIAL_MAILS.filter((m) => m.fallback);
  for (const [index, id] of mailIds.entries()) {
    const again = await timed(`${appUrl}/api/messages/${encodeURIComponent(id ?? '')}`, { headers: cookie });
    console.log(
      `  ${(opened[index]?.name ?? '').padEnd(52)} ${ms(again.ms).padStart(8)}  ${(again.body.length / 1024).toFixed(0)} KB`,
    );
  }

  const subscriptions = (await (await fetch(`${emulatorUrl}/_emulator/subscriptions`)).json()) as {
    value: { id: string }[];
  };
  const webhookBody = JSON.stringify({
    value: [
      {
        subscriptionId: subscriptions.value[0]?.id ?? 'bench-unknown-subscription',
        clientState: 'not-the-secret',
        changeType: 'updated',
        resource: 'Users/bench/Messages/AAMkBench',
        resourceData: { id: 'AAMkBench', '@odata.etag': 'W/"bench"' },
      },
    ],
  });
  const health = () => timed(`${appUrl}/api/health`);
  const webhook = () =>
    timed(`${appUrl}/api/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: webhookBody,
    });

  const phase = async (load: (stop: () => boolean) => Promise<void>, counts: () => boolean) => {
    const end = Math.min(deadline - 30_000, Date.now() + PHASE_MS);
    let loadDone = false;
    const stop = () => loadDone || Date.now() > end;
    const [h, w] = await Promise.all([
      probe(health, 200, stop, counts),
      probe(webhook, 202, stop, counts),
      load(stop).finally(() => (loadDone = true)),
    ]);
    return { health: h, webhook: w };
  };

  const reference = await phase(
    async (stop) => {
      while (!stop()) await sleep(100);
    },
    () => true,
  );

  const fallbackMs: number[][] = mailIds.map(() => []);
  let wrongAnswers = 0;
  let rounds = 0;
  // The ten are opened at once, again after each burst has been answered and a pause; probes count while
  // a burst is in flight.
  let opening = false;
  const loaded = await phase(
    async (stop) => {
      while (!stop() || rounds < 3) {
        rounds += 1;
        opening = true;
        await Promise.all(
          mailIds.map(async (id, index) => {
            const answer = await timed(`${appUrl}/api/messages/${encodeURIComponent(id ?? '')}`, {
              headers: cookie,
            });
            const detail = answer.status === 200 ? (JSON.parse(answer.body) as MessageDetailDto) : null;
            if (!detail?.tooComplex) wrongAnswers += 1;
            fallbackMs[index]?.push(answer.ms);
          }),
        );
        opening = false;
        if (Date.now() > deadline - 30_000) break;
        await sleep(BURST_GAP_MS);
      }
    },
    () => opening,
  );

  const row = (label: string, p: Probe) =>
    `  ${label.padEnd(44)} p50 ${ms(percentile(p.latencies, 50)).padStart(8)}  p99 ${ms(percentile(p.latencies, 99)).padStart(8)}  max ${ms(Math.max(...p.latencies)).padStart(8)}  (${p.latencies.length} answers, ${p.failures} failed)`;
  console.log(
    `\nServer answers (production build in ${distDir}, ${postgresUrl ? 'PostgreSQL' : 'embedded PGlite'}; ` +
      `probes every ${PROBE_GAP_MS} ms for ${PHASE_MS / 1000} s)`,
  );
  console.log(row('GET /api/health, nothing else running', reference.health));
  console.log(row('GET /api/health, 10 adversarial mails opening', loaded.health));
  console.log(row('webhook ack, nothing else running', reference.webhook));
  console.log(row('webhook ack, 10 adversarial mails opening', loaded.webhook));
  console.log(`\nTime until each adversarial mail's fallback arrives (10 opened at once, ${rounds} times)`);
  for (const [index, mail] of ADVERSARIAL_MAILS.filter((m) => m.fallback).entries()) {
    const times = fallbackMs[index] ?? [];
    console.log(
      `  ${mail.name.padEnd(52)} p50 ${ms(percentile(times, 50)).padStart(8)}  max ${ms(Math.max(...times)).padStart(8)}`,
    );
  }
  const worstFallback = Math.max(...fallbackMs.flat());
  const healthP99 = percentile(loaded.health.latencies, 99);
  const webhookP99 = percentile(loaded.webhook.latencies, 99);
  console.log(
    `\nDone when: health p99 ${ms(healthP99)} ${healthP99 < 100 ? '<' : '>='} 100 ms, webhook p99 ${ms(webhookP99)} ${webhookP99 < 100 ? '<' : '>='} 100 ms, ` +
      `slowest fallback ${ms(worstFallback)} ${worstFallback < 5000 ? '<' : '>='} 5 s, ${wrongAnswers} answers that were not the fallback.`,
  );
  return healthP99 < 100 && webhookP99 < 100 && worstFallback < 5000 && wrongAnswers === 0;
}

async function main() {
  const budget = setTimeout(() => {
    console.error(`bench: over its ${budgetMs / 1000} s budget, stopping`);
    stopChildren();
    process.exit(2);
  }, budgetMs);
  budget.unref();
  const webhookOnly = process.argv.includes('--webhook-only');
  let passed = true;
  if (!webhookOnly) {
    try {
      passed = await benchApp();
    } finally {
      stopChildren();
      await dropDatabase().catch(() => {});
    }
  }
  // Each database: about 160 s of load plus start-up; the servers are stopped before the next starts.
  const webhookDatabases = process.argv.includes('--adversarial-only')
    ? []
    : [undefined, ...(postgresUrl ? [postgresUrl] : [])];
  for (const url of webhookDatabases) {
    if (Date.now() > deadline - 240_000) {
      console.log(`\nbench: no time left for the webhook load on ${url ? 'PostgreSQL' : 'PGlite'}`);
      passed = false;
      continue;
    }
    const ok = await benchWebhooks({
      distDir,
      appPort: ports.app,
      floorPort: Number(process.env.BENCH_FLOOR_PORT ?? ports.app + 1),
      postgresUrl: url,
    });
    passed = ok && passed;
  }
  // A 10,000-change burst end to end, on each database (about a minute each), and mail to screen.
  const endToEnd = !['--app-only', '--adversarial-only', '--webhook-only'].some((flag) =>
    process.argv.includes(flag),
  );
  if (endToEnd) {
    for (const url of [undefined, ...(postgresUrl ? [postgresUrl] : [])]) {
      if (Date.now() > deadline - 180_000) {
        console.log(`\nbench: no time left for the burst on ${url ? 'PostgreSQL' : 'PGlite'}`);
        passed = false;
        continue;
      }
      passed = (await benchBurst({ distDir, ports, postgresUrl: url })) && passed;
    }
  }
  // Mail to screen in Chromium, 20 deliveries (about 40 s).
  if (endToEnd) {
    if (Date.now() > deadline - 120_000) {
      console.log('\nbench: no time left for mail to screen');
      passed = false;
    } else passed = (await benchLive({ distDir, appPort: ports.app })) && passed;
  }
  // Offline: cold open to the first row offline beside online, the mirror's size, offline detection (about a minute).
  if (endToEnd) {
    if (Date.now() > deadline - 150_000) {
      console.log('\nbench: no time left for the offline figures');
      passed = false;
    } else passed = (await benchOffline({ distDir, appPort: ports.app })) && passed;
  }
  const onlySome = ['--app-only', '--adversarial-only'].some((flag) => process.argv.includes(flag));
  if (!webhookOnly && !onlySome && Date.now() < deadline - 120_000) {
    spawnSync('npx', ['tsx', 'scripts/bench-reading.ts'], { stdio: 'inherit' }); // list pages, opening mail
    for (const script of ['bench:cache', 'bench:search', 'emulator:bench']) {
      console.log(`\n> npm run ${script}`);
      spawnSync('npm', ['run', '--silent', script], {
        stdio: 'inherit',
        timeout: Math.max(0, deadline - Date.now() - 10_000),
      });
    }
  }
  console.log(`\nbench finished in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  process.exit(passed ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  stopChildren();
  process.exit(1);
});
