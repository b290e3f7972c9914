import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { APP_ENV } from './env';

/* Starting the production server by hand, as an operator would, with different environments. */

const PORT = 3190;
const NEXT_BIN = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
let server: ChildProcess | undefined;

// The server runs in its own process group so that stopping it leaves no stray next-server behind.
function stopServer() {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
  server = undefined;
}
test.afterEach(stopServer);

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(PORT)], {
    detached: true,
    env: { ...process.env, ...APP_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  server = child;
  return { exited, output: () => output };
}

test('a malformed DATABASE_URL stops the server with a message naming the variable', async () => {
  const run = start({ DATABASE_URL: 'mysql://localhost/mail' });
  const code = await Promise.race([
    run.exited,
    new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 30_000)),
  ]);
  expect(code).toBe(1);
  expect(run.output()).toContain('Tidings cannot start.');
  expect(run.output()).toMatch(/DATABASE_URL: has an unsupported scheme \("mysql:"\)/);
});

for (const [what, value, message] of [
  ['a missing', '', /TOKEN_ENCRYPTION_KEY: is required/],
  [
    'a short',
    'c2hvcnQta2V5',
    /TOKEN_ENCRYPTION_KEY: must be 32 random bytes as base64 or hex \(got 9 bytes\)/,
  ],
] as const) {
  test(`${what} token encryption key stops the server with a message naming the variable`, async () => {
    const run = start({ TOKEN_ENCRYPTION_KEY: value });
    const code = await Promise.race([
      run.exited,
      new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 30_000)),
    ]);
    expect(code).toBe(1);
    expect(run.output()).toContain('Tidings cannot start.');
    expect(run.output()).toMatch(message);
  });
}

test('the server starts on an empty data folder and creates its database', async ({ request }) => {
  const parent = await mkdtemp(path.join(tmpdir(), 'tidings-start-'));
  const dataDir = path.join(parent, 'nested', 'db');
  try {
    start({ DATABASE_URL: `pglite:${dataDir}` });
    await expect
      .poll(
        async () => (await request.get(`http://localhost:${PORT}/api/health`).catch(() => null))?.status(),
        {
          timeout: 30_000,
        },
      )
      .toBe(200);
    expect((await readdir(dataDir)).length).toBeGreaterThan(0);
  } finally {
    stopServer();
    await rm(parent, { recursive: true, force: true });
  }
});
