/*
 * The fault suite's stage (npm run test:faults): the production build (`next start`) and the Microsoft 365
 * emulator as child processes on free loopback ports, a person signed in through the real sign-in, and the
 * measure every scenario ends with: the emulator's mailbox beside what the app's API serves from its cache.
 *
 *   delivered   changes the scenario made in the mailbox
 *   cached      messages the app serves, over every folder the mailbox has
 *   lost        in the mailbox, missing from the app
 *   stale       in the app, gone from the mailbox (a deletion or a move out never applied)
 *   wrong       in both, but in another folder or with another read or flag state
 *   duplicates  one message served twice
 *
 * Each scenario waits until the two agree (or its deadline passes, and the figures say what was left), and
 * prints those figures with the seconds it took and the Graph requests the app made meanwhile. Figures
 * accumulate in .data/faults-report.json for the README.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { FolderDto, MessagePageDto } from '../lib/mail/types';
import { freePort } from '../lib/testing/app-process-runner';
import {
  type HttpSession,
  signIn,
  startApp,
  startEmulator,
  stopChildren,
  waitUntil,
} from '../scripts/bench-app';

export const USER = { alias: 'megan', login: 'megan@contoso.test', password: 'Megan-demo-1' };
const REPORT = '.data/faults-report.json';
const DIST_DIR = process.env.NEXT_DIST_DIR || '.next';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a child started in its own process group, with `signal`, and waits until it has gone. */
async function stop(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return;
  }
  await Promise.race([gone, sleep(15_000)]);
}

export interface StageOptions {
  /** The emulator's environment: EMULATOR_TIME_SCALE, EMULATOR_ACCESS_TOKEN_TTL, … */
  emulatorEnv?: Record<string, string>;
  /** The app's environment beyond the defaults (SAFETY_NET_MINUTES, …). */
  appEnv?: Record<string, string>;
  /**
   * An admin URL of a PostgreSQL server: the app gets a throwaway database there instead of PGlite, reached
   * through a TCP proxy the scenario can take down (`databaseDown`).
   */
  postgresUrl?: string;
}

/**
 * A TCP proxy between the app and PostgreSQL. While down it cuts every open connection and cuts new ones at
 * once, which is what the app sees of a stopped or unreachable database server. (A dozen lines of node:net;
 * stopping the machine's PostgreSQL itself would take root and every other database on it down too.)
 */
class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private down = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  async listen(): Promise<number> {
    const server = createServer((client) => {
      if (this.down) return void client.destroy();
      const upstream = connect(this.port, this.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
  }

  setDown(down: boolean): void {
    this.down = down;
    if (down) for (const socket of this.sockets) socket.destroy();
  }

  close(): void {
    this.setDown(true);
    this.server?.close();
  }
}

export interface MailboxMessage {
  id: string;
  parentFolderId: string;
  isRead: boolean;
  flagStatus: string;
  subject: string;
}

export interface Comparison {
  mailbox: number;
  cached: number;
  lost: number;
  stale: number;
  wrong: number;
  duplicates: number;
  /** A few ids of each kind of difference, for a failure's message. */
  examples: string[];
}

export class Stage {
  appUrl = '';
  emulatorUrl = '';
  session: HttpSession | null = null;
  private app: ChildProcess | null = null;
  private second: ChildProcess | null = null;
  private appPort = 0;
  private dataDir = '';
  private databaseUrl = '';
  private proxy: TcpProxy | null = null;
  private dropDatabase: () => Promise<void> = async () => {};

  constructor(private readonly options: StageOptions = {}) {}

  async start(): Promise<this> {
    this.appPort = await freePort();
    const emulatorPort = await freePort();
    this.appUrl = `http://127.0.0.1:${this.appPort}`;
    this.emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    this.dataDir = `.data/faults-${this.appPort}`;
    rmSync(this.dataDir, { recursive: true, force: true });
    this.databaseUrl = `pglite:${this.dataDir}`;
    if (this.options.postgresUrl) {
      const { createPostgresTestDatabase } = await import('../lib/database/testing');
      const { applyMigrations } = await import('../lib/database/migrations');
      const database = await createPostgresTestDatabase(this.options.postgresUrl);
      await applyMigrations(database.factory);
      this.dropDatabase = database.drop;
      const direct = new URL(database.url ?? '');
      this.proxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
      direct.hostname = '127.0.0.1';
      direct.port = String(await this.proxy.listen());
      this.databaseUrl = direct.toString();
    }
    await startEmulator(
      { app: this.appPort, emulator: emulatorPort },
      Date.now() + 60_000,
      this.options.emulatorEnv,
    );
    await this.startApp();
    return this;
  }

  /** Starts (or starts again) `next start` on the same port and database. */
  async startApp(): Promise<void> {
    this.app = await this.launch(this.appPort);
  }

  /** A second instance of the app on the same PostgreSQL database (its own port and public URL). */
  async startSecondInstance(): Promise<void> {
    if (!this.options.postgresUrl) throw new Error('two instances need PostgreSQL');
    this.second = await this.launch(await freePort());
  }

  /** `next start` on `port` with the stage's database; resolves once it answers (degraded counts). */
  private async launch(port: number): Promise<ChildProcess> {
    const url = `http://127.0.0.1:${port}`;
    const child = startApp({
      port,
      distDir: DIST_DIR,
      databaseUrl: this.databaseUrl,
      emulatorUrl: this.emulatorUrl,
      env: { PUBLIC_URL: url, ...this.options.appEnv },
    });
    await waitUntil(async () => (await fetch(`${url}/api/health`)).status < 500, url, Date.now() + 120_000);
    return child;
  }

  /** Takes the database away from the app (every connection cut, new ones refused) or gives it back. */
  databaseDown(down: boolean): void {
    if (!this.proxy) throw new Error('only a PostgreSQL stage can lose its database');
    this.proxy.setDown(down);
  }

  /** SIGKILL (a crash: nothing runs after it) or SIGTERM (a deploy's stop) of the app's process group. */
  async stopApp(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    await stop(this.app, signal);
    this.app = null;
  }

  async close(): Promise<void> {
    // The app first and waited for: it holds the database. Then the emulator with whatever else is left.
    await stop(this.app, 'SIGTERM');
    await stop(this.second, 'SIGTERM');
    stopChildren();
    this.proxy?.close();
    await this.dropDatabase().catch(() => {});
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Signs the person in and waits for the first sync to finish and the subscription to exist. */
  async signInAndSync(): Promise<void> {
    this.session = await signIn(this.appUrl, USER.login, USER.password);
    await this.app_('/api/sync', { method: 'POST', body: '{}' });
    await this.until(async () => {
      const sync = (await (await this.app_('/api/sync')).json()) as {
        state: string;
        finishedAt: string | null;
      };
      return sync.state === 'idle' && Boolean(sync.finishedAt) && (await this.subscriptionIds()).length > 0;
    }, 'the first sync and the subscription');
  }

  /** A request to the app as the signed-in person (same-origin writes). */
  app_(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.session) headers.set('cookie', this.session.cookieHeader);
    if (init.method && init.method !== 'GET') {
      headers.set('origin', this.appUrl);
      headers.set('content-type', 'application/json');
    }
    return fetch(`${this.appUrl}${path}`, { ...init, headers });
  }

  /** A control request to the emulator; its answer's JSON. */
  async emulator_<T = unknown>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
    const response = await fetch(`${this.emulatorUrl}/_emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator ${path}: HTTP ${response.status} ${await response.text()}`);
    return (response.status === 204 ? null : await response.json()) as T;
  }

  async subscriptionIds(): Promise<string[]> {
    const { value } = await this.emulator_<{ value: { id: string; userId?: string }[] }>('/subscriptions');
    return value.map((s) => s.id);
  }

  /** Graph requests the app made for the person since `since`. */
  async graphRequests(since: Date): Promise<number> {
    const { requests } = await this.emulator_<{ requests: unknown[] }>(
      `/requests?user=${USER.alias}&since=${encodeURIComponent(since.toISOString())}`,
    );
    return requests.length;
  }

  /** Every message the app serves, folder by folder, page by page. */
  private async cachedMessages(folderIds: string[]): Promise<MailboxMessage[]> {
    const all: MailboxMessage[] = [];
    for (const folder of folderIds) {
      let cursor: string | null = null;
      do {
        const query = `folder=${encodeURIComponent(folder)}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const response = await this.app_(`/api/messages?${query}`);
        if (response.status === 404) break; // a folder the app does not have yet
        if (!response.ok) throw new Error(`/api/messages: HTTP ${response.status}`);
        const page = (await response.json()) as MessagePageDto;
        for (const m of page.messages)
          all.push({
            id: m.id,
            parentFolderId: m.folderId,
            isRead: m.isRead,
            flagStatus: m.flagStatus,
            subject: m.subject,
          });
        cursor = page.nextCursor;
      } while (cursor);
    }
    return all;
  }

  /** The mailbox beside the app's cache. */
  async compare(): Promise<Comparison> {
    const mailbox = await this.emulator_<{
      folders: { id: string; displayName: string }[];
      messages: MailboxMessage[];
    }>(`/mailboxes/${USER.alias}`);
    const { folders } = (await (await this.app_('/api/folders')).json()) as { folders: FolderDto[] };
    const known = new Set(folders.map((f) => f.id));
    const cached = await this.cachedMessages(mailbox.folders.map((f) => f.id).filter((id) => known.has(id)));
    const folderName = (id: string) =>
      `${mailbox.folders.find((f) => f.id === id)?.displayName ?? id}${known.has(id) ? '' : ' (unknown to the app)'}`;
    const inMailbox = new Map(mailbox.messages.map((m) => [m.id, m]));
    const seen = new Map<string, MailboxMessage>();
    const examples: string[] = [];
    let duplicates = 0;
    let stale = 0;
    let wrong = 0;
    for (const m of cached) {
      if (seen.has(m.id)) {
        duplicates += 1;
        examples.push(`duplicate ${m.id}`);
        continue;
      }
      seen.set(m.id, m);
      const truth = inMailbox.get(m.id);
      if (!truth) {
        stale += 1;
        examples.push(`stale ${m.subject}`);
      } else if (
        truth.parentFolderId !== m.parentFolderId ||
        truth.isRead !== m.isRead ||
        truth.flagStatus !== m.flagStatus
      ) {
        wrong += 1;
        examples.push(
          `wrong ${m.subject}: ${folderName(m.parentFolderId)} read=${m.isRead} ${m.flagStatus}, ` +
            `mailbox ${folderName(truth.parentFolderId)} read=${truth.isRead} ${truth.flagStatus}`,
        );
      }
    }
    const lostIds = mailbox.messages.filter((m) => !seen.has(m.id));
    for (const m of lostIds.slice(0, 5))
      examples.push(`lost ${m.subject} in ${folderName(m.parentFolderId)}`);
    return {
      mailbox: mailbox.messages.length,
      cached: seen.size,
      lost: lostIds.length,
      stale,
      wrong,
      duplicates,
      examples: examples.slice(0, 12),
    };
  }

  /** Polls `check` until it holds; throws naming `what` when `timeoutMs` passes first. */
  until(check: () => Promise<boolean>, what: string, timeoutMs = 180_000): Promise<void> {
    return waitUntil(check, what, Date.now() + timeoutMs);
  }

  /**
   * Waits until the app's cache matches the mailbox, from `since` (when the scenario's last fault ended);
   * returns the last comparison and the seconds it took (NaN when it never matched within `timeoutMs`).
   */
  async converge(since: number, timeoutMs = 240_000): Promise<Comparison & { seconds: number }> {
    const deadline = Date.now() + timeoutMs;
    let last: Comparison;
    for (;;) {
      const checkedAt = Date.now();
      last = await this.compare();
      if (!last.lost && !last.stale && !last.wrong && !last.duplicates)
        return { ...last, seconds: (checkedAt - since) / 1000 };
      if (Date.now() > deadline) return { ...last, seconds: Number.NaN };
      await sleep(1_000);
    }
  }
}

export interface ScenarioFigures extends Omit<Comparison, 'examples'> {
  scenario: string;
  delivered: number;
  seconds: number;
  graphRequests: number;
}

/** Prints one scenario's figures and adds them to the report file. */
export function report(figures: ScenarioFigures): void {
  const { scenario, delivered, cached, lost, stale, wrong, duplicates, seconds, graphRequests } = figures;
  console.log(
    `[faults] ${scenario}: delivered ${delivered}, cached ${cached}, lost ${lost}, stale ${stale}, ` +
      `wrong ${wrong}, duplicates ${duplicates}, converged in ${Number.isFinite(seconds) ? `${seconds.toFixed(1)} s` : 'NEVER'}, ` +
      `${graphRequests} Graph requests`,
  );
  mkdirSync('.data', { recursive: true });
  let all: ScenarioFigures[] = [];
  try {
    all = JSON.parse(readFileSync(REPORT, 'utf8')) as ScenarioFigures[];
  } catch {}
  all = [
    ...all.filter((f) => f.scenario !== scenario),
    { ...figures, at: new Date().toISOString() } as ScenarioFigures,
  ];
  writeFileSync(REPORT, `${JSON.stringify(all, null, 2)}\n`);
}
