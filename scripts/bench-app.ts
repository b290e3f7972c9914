/*
 * Running the production app for a benchmark: the emulator and `next start` as child processes on
 * loopback, and a person signed in over plain HTTP (next-auth's form POST, the emulator's sign-in form,
 * the callback), the way a browser does it but without one.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { appEnvForEmulator } from '../emulator/app-env';
import { SERVER_NODE_FLAGS } from './server-flags';

export interface Ports {
  app: number;
  emulator: number;
}

const children: ChildProcess[] = [];

/** Stops every child this module started (each runs in its own process group). */
export function stopChildren(): void {
  for (const child of children.splice(0)) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }
  }
}

/** A child in its own process group (stopChildren stops it), its last errors printed if it dies. */
export function start(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): ChildProcess {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code, signal) => {
    if ((code && code !== 143) || (signal && signal !== 'SIGTERM'))
      process.stderr.write(`${name} exited with ${code ?? signal}:\n${errors}\n`);
  });
  children.push(child);
  return child;
}

/** Waits until `check` says yes (its failures count as no); throws when `deadline` passes first. */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  deadline: number,
): Promise<void> {
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not answer in time`);
}

const answersOk = (url: string) => async () => {
  const response = await fetch(url);
  await response.arrayBuffer();
  return response.ok;
};

/** Builds the app into `distDir` unless a production build is there already. */
export function ensureBuild(distDir: string): void {
  if (existsSync(path.join(distDir, 'BUILD_ID'))) return;
  console.log(`No production build in ${distDir}: building it (npm run build).`);
  const build = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_DIST_DIR: distDir },
  });
  if (build.status !== 0) throw new Error('npm run build failed');
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const ms = (value: number) =>
  Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : '—';

/** The emulator on its port, with the app's callback as its redirect URI; resolves once it answers. */
export async function startEmulator(
  ports: Ports,
  deadline: number,
  /** More environment (EMULATOR_TIME_SCALE, EMULATOR_ACCESS_TOKEN_TTL, …). */
  env: Record<string, string> = {},
): Promise<string> {
  const emulatorUrl = `http://127.0.0.1:${ports.emulator}`;
  start('emulator', 'node_modules/.bin/tsx', ['emulator/main.ts'], {
    EMULATOR_PORT: String(ports.emulator),
    EMULATOR_REDIRECT_URIS: `http://127.0.0.1:${ports.app}/api/auth/callback/azure-ad`,
    ...env,
  });
  await waitUntil(answersOk(`${emulatorUrl}/_emulator/health`), 'the emulator', deadline);
  return emulatorUrl;
}

/** `next start` of the build in `distDir` with bench secrets, on `databaseUrl`, Graph at `emulatorUrl`. */
export function startApp(options: {
  port: number;
  distDir: string;
  databaseUrl: string;
  emulatorUrl: string;
  /** More environment (e.g. the local Pusher server's). */
  env?: Record<string, string>;
}): ChildProcess {
  const appUrl = `http://127.0.0.1:${options.port}`;
  // BENCH_PROFILE=<folder>: the app runs under `node --cpu-prof`, one profile per thread written there on exit.
  const profile = process.env.BENCH_PROFILE;
  const args = ['start', '-p', String(options.port), '-H', '127.0.0.1'];
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const nodeArgs = [...SERVER_NODE_FLAGS, ...profiling, 'node_modules/next/dist/bin/next', ...args];
  return start('app', process.execPath, nodeArgs, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: options.distDir,
    LOG_LEVEL: 'error',
    NEXTAUTH_SECRET: 'bench-only-nextauth-secret-0123456789abcdef',
    TOKEN_ENCRYPTION_KEY: 'YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMTI',
    DATABASE_URL: options.databaseUrl,
    ...appEnvForEmulator({ appUrl, emulatorUrl: options.emulatorUrl }),
    ...options.env,
  });
}

/** Resolves once the app's health check answers. */
export const appReady = (appUrl: string, deadline: number) =>
  waitUntil(answersOk(`${appUrl}/api/health`), 'the app', deadline);

/**
 * Starts the emulator and the app. The app's database is a fresh embedded one, or with `postgresUrl` a
 * throwaway database on that PostgreSQL server (dropped by stopChildren's caller through `dropDatabase`).
 */
export async function startServers(ports: Ports, distDir: string, deadline: number, postgresUrl?: string) {
  const appUrl = `http://127.0.0.1:${ports.app}`;
  const emulatorUrl = await startEmulator(ports, deadline);
  let databaseUrl = `pglite:.data/bench-${ports.app}`;
  let dropDatabase = async () => rmSync(`.data/bench-${ports.app}`, { recursive: true, force: true });
  await dropDatabase();
  if (postgresUrl) {
    const { createPostgresTestDatabase } = await import('../lib/database/testing');
    const { applyMigrations } = await import('../lib/database/migrations');
    const database = await createPostgresTestDatabase(postgresUrl);
    await applyMigrations(database.factory);
    databaseUrl = database.url ?? postgresUrl;
    dropDatabase = database.drop;
  }
  startApp({ port: ports.app, distDir, databaseUrl, emulatorUrl });
  await appReady(appUrl, deadline);
  return { appUrl, emulatorUrl, dropDatabase };
}

/** A cookie jar that follows redirects by hand; cookies are kept per name (everything is loopback). */
export class HttpSession {
  private readonly cookies = new Map<string, string>();

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  has(name: string): boolean {
    return [...this.cookies.keys()].some((key) => key.includes(name));
  }

  async follow(url: string, init: RequestInit = {}): Promise<{ url: string; body: string; status: number }> {
    let current = url;
    let request = init;
    for (let hop = 0; hop < 20; hop += 1) {
      const headers = new Headers(request.headers);
      if (this.cookies.size) headers.set('cookie', this.cookieHeader);
      const response = await fetch(current, { ...request, headers, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const pair = line.split(';')[0] ?? '';
        const eq = pair.indexOf('=');
        if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        current = new URL(location, current).href;
        request = {};
        continue;
      }
      return { url: current, body: await response.text(), status: response.status };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** Signs `login` in to the app through next-auth and the emulator's sign-in form. */
export async function signIn(appUrl: string, login: string, password: string): Promise<HttpSession> {
  const session = new HttpSession();
  const csrf = JSON.parse((await session.follow(`${appUrl}/api/auth/csrf`)).body) as { csrfToken: string };
  const form = await session.follow(`${appUrl}/api/auth/signin/azure-ad`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: appUrl },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl: `${appUrl}/` }).toString(),
  });
  const action = /<form[^>]*\saction="([^"]*)"/i.exec(form.body)?.[1];
  if (!action) throw new Error(`no sign-in form at ${form.url} (HTTP ${form.status})`);
  await session.follow(new URL(action.replace(/&amp;/g, '&'), form.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password }).toString(),
  });
  if (!session.has('session-token')) throw new Error('sign-in ended without a session cookie');
  return session;
}
