/*
 * `npm run demo` end to end, as a person and a supervisor use it: started on ports other than its
 * defaults, it says where to sign in; a person signs in (the emulator's real authorization-code flow,
 * over HTTP) and sees mail in the inbox, and a mail sent with the command the demo printed arrives;
 * then SIGTERM to the demo's process group leaves nothing of it running 5 s later.
 * The production build is made once in the setup (or reused: scripts/demo-build.ts), so the demo itself
 * starts from an existing build. Linux only: it reads /proc to find the processes.
 * Not part of `npm test` (a demo build takes minutes, and heavy beside timing-bound tests): run it with
 * `npm run test:demo` (TIDINGS_DEMO_TEST=1); CI runs it as a step of its own after `npm test`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { MessagePageDto } from '../lib/mail/types';
import { type HttpSession, signIn } from './bench-app';
import { DEFAULT_DEMO_DIST_DIR } from './demo-build';

const APP_PORT = Number(process.env.DEMO_TEST_APP_PORT ?? 3900);
const EMULATOR_PORT = Number(process.env.DEMO_TEST_EMULATOR_PORT ?? 4900);
const PUSHER_PORT = Number(process.env.DEMO_TEST_PUSHER_PORT ?? 6901);
const APP_URL = `http://localhost:${APP_PORT}`;
const DATA_DIR = `.data/demo-test-${APP_PORT}`;
const MINUTE = 60_000;

/** The demo's environment: the test runner's, without what marks it as a test run. */
function demoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'NODE_ENV') delete env[name];
  return {
    ...env,
    PORT: String(APP_PORT),
    EMULATOR_PORT: String(EMULATOR_PORT),
    PUSHER_SERVER_PORT: String(PUSHER_PORT),
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || DEFAULT_DEMO_DIST_DIR,
    DATABASE_URL: `pglite:${DATA_DIR}`,
    // Given, so the demo does not write its generated secrets into the checkout's .env.local.
    NEXTAUTH_SECRET: 'demo-test-only-nextauth-secret-0123456789',
    TOKEN_ENCRYPTION_KEY: 'ZGVtby10ZXN0LW9ubHktdG9rZW4tZW5jcnlwdGlvbi0',
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
}

/** Every live process (zombies count as gone: they run nothing and hold no port). */
function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const [state = '', ppid = '', pgrp = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && state !== 'X')
        found.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), state });
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** `root` and all its descendants, whatever process group they moved to. */
function tree(root: number): ProcessInfo[] {
  const all = processes();
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => inTree.has(p.pid));
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** GET with the session, retried once on a keep-alive socket closed under it (ENVIRONMENT.md). */
async function getJson<T>(session: HttpSession, path: string): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await fetch(`${APP_URL}${path}`, { headers: { cookie: session.cookieHeader } });
      if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    } catch (error) {
      if (attempt >= 2) throw error;
      await sleep(500);
    }
  }
}

async function inboxSubjects(session: HttpSession): Promise<string[]> {
  const page = await getJson<MessagePageDto>(session, '/api/messages?folder=inbox&limit=100');
  return page.messages.map((m) => m.subject);
}

/** Asks `check` every half second until it holds or `timeoutMs` passed; returns its last answer. */
async function eventually<T>(check: () => Promise<T>, holds: (value: T) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let value = await check();
  while (!holds(value) && Date.now() < deadline) {
    await sleep(500);
    value = await check().catch(() => value);
  }
  return value;
}

describe.runIf(process.env.TIDINGS_DEMO_TEST === '1')('npm run demo (npm run test:demo)', () => {
  let demo: ChildProcess | undefined;
  let output = '';
  const recordedGroups = new Set<number>();

  beforeAll(async () => {
    // Makes the production build when it is missing or stale (the first time: minutes on two cores).
    const build = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--build-only'], {
      env: demoEnv(),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const code = await new Promise((resolve) => build.once('close', resolve));
    expect(code, 'npm run demo -- --build-only').toBe(0);
  }, 40 * MINUTE);

  afterAll(() => {
    // Only when the test failed: nothing may outlive the run, wherever its processes went.
    const groups = new Set([...recordedGroups, ...(demo?.pid ? tree(demo.pid).map((p) => p.pgrp) : [])]);
    for (const group of groups) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {}
    }
    rmSync(DATA_DIR, { recursive: true, force: true });
  });

  it(
    'serves the build on the given ports, signs a person in to their mail, and stops whole on SIGTERM',
    async () => {
      onTestFailed(() => console.error(`The demo's output (last part):\n${output.slice(-8000)}`));
      rmSync(DATA_DIR, { recursive: true, force: true });
      for (const port of [APP_PORT, EMULATOR_PORT, PUSHER_PORT])
        expect(await listening(port), `port ${port}`).toBe(false);

      // In a process group of its own, as a terminal or a supervisor would start it.
      demo = spawn('npm', ['run', 'demo'], {
        env: demoEnv(),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const group = demo.pid ?? 0;
      let ended = false;
      demo.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      demo.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      demo.once('close', () => {
        ended = true;
      });
      // If the sources changed since the setup's build (someone editing this checkout), it builds again.
      const deadline = Date.now() + 30 * MINUTE;
      while (!output.includes(`Open ${APP_URL}`) && !ended && Date.now() < deadline) await sleep(250);
      expect(output, 'the demo says where to sign in').toContain(`Open ${APP_URL}`);

      const mailHint = /New mail: (.+)/.exec(output)?.[1]?.trim() ?? '';
      expect(mailHint).toContain(`EMULATOR_PORT=${EMULATOR_PORT} npm run emulator:mail`);

      // Sign-in goes through the emulator, whose redirect URI had to follow PORT.
      const session = await signIn(APP_URL, 'adele@contoso.test', 'Adele-demo-1');
      const seeded = await eventually(
        () => inboxSubjects(session),
        (s) => s.length > 0,
        3 * MINUTE,
      );
      expect(seeded.length, 'messages in the inbox after sign-in').toBeGreaterThan(0);

      // Live updates start: Graph (the emulator) made the subscription only after the app answered its
      // validation request in time.
      const subscriptions = await eventually(
        async () => {
          const response = await fetch(`http://127.0.0.1:${EMULATOR_PORT}/_emulator/subscriptions`);
          return ((await response.json()) as { value: { state: string }[] }).value;
        },
        (value) => value.some((s) => s.state === 'active'),
        2 * MINUTE,
      );
      expect(subscriptions.map((s) => s.state)).toContain('active');

      // The printed command reaches this demo's emulator; the mail reaches the inbox.
      const subject = `Demo test ${Date.now()}`;
      await promisify(execFile)('sh', ['-c', `${mailHint} --subject "${subject}"`], { env: demoEnv() });
      const after = await eventually(
        () => inboxSubjects(session),
        (s) => s.includes(subject),
        2 * MINUTE,
      );
      expect(after).toContain(subject);

      const started = tree(group);
      const groups = new Set(started.map((p) => p.pgrp));
      for (const g of groups) recordedGroups.add(g);
      for (const port of [APP_PORT, EMULATOR_PORT, PUSHER_PORT])
        expect(await listening(port), `port ${port}`).toBe(true);

      process.kill(-group, 'SIGTERM');
      const signalledAt = Date.now();
      let left: ProcessInfo[] = [];
      let busyPorts: number[] = [];
      do {
        await sleep(100);
        const alive = processes();
        const startedPids = new Set(started.map((p) => p.pid));
        left = alive.filter((p) => startedPids.has(p.pid) || groups.has(p.pgrp));
        busyPorts = [];
        for (const port of [APP_PORT, EMULATOR_PORT, PUSHER_PORT])
          if (await listening(port)) busyPorts.push(port);
      } while ((left.length || busyPorts.length) && Date.now() - signalledAt < 5000);

      const describeLeft = left.map((p) => {
        const command = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 120);
        return `${p.pid} (group ${p.pgrp}): ${command}`;
      });
      expect(describeLeft.join('\n'), 'processes of the demo still running 5 s after SIGTERM').toBe('');
      expect(busyPorts.join(', '), 'ports still open 5 s after SIGTERM').toBe('');
    },
    40 * MINUTE,
  );
});
