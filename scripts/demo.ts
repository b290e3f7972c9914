/*
 * `npm run demo`: Tidings on its embedded defaults, no accounts or services needed. Starts the Microsoft
 * 365 emulator (127.0.0.1:4000) and the app on the embedded PGlite database (./.data/pglite), waits until
 * both answer, and prints where to open it and who can sign in. Ctrl+C stops everything it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const APP_PORT = Number(process.env.PORT ?? 3000);
const APP_URL = `http://localhost:${APP_PORT}`;
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 4000);
const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
const TSX_BIN = path.join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
const NEXT_BIN = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
const children: ChildProcess[] = [];

function run(name: string, command: string, args: string[], env: Record<string, string> = {}) {
  // Each service gets its own process group so that stopping the demo stops everything it started.
  const child = spawn(command, args, {
    detached: true,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n${name} stopped (${signal ?? `exit code ${code}`}); stopping the demo.`);
    stop(code ?? 1);
  });
  children.push(child);
  return child;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

let stopping = false;
function stop(code: number) {
  stopping = true;
  for (const child of children) {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  }
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function main() {
  run('The Microsoft 365 emulator', process.execPath, [TSX_BIN, 'emulator/main.ts'], {
    EMULATOR_PORT: String(EMULATOR_PORT),
  });
  run('The app', process.execPath, [NEXT_BIN, 'dev', '-p', String(APP_PORT)]);
  await waitFor(`${EMULATOR_URL}/_emulator/health`, 60_000);
  await waitFor(`${APP_URL}/api/health`, 180_000);
  const { users } = (await (await fetch(`${EMULATOR_URL}/_emulator/users`)).json()) as {
    users: { userPrincipalName: string; password: string }[];
  };
  console.log(
    [
      '',
      '  Tidings is running.',
      `  Open ${APP_URL}`,
      '  Sign in as any of these emulated Microsoft 365 users:',
      ...users.map((u) => `    ${u.userPrincipalName.padEnd(24)} password: ${u.password}`),
      `  Database: ${process.env.DATABASE_URL || 'pglite:./.data/pglite (embedded)'}`,
      `  Microsoft 365 emulator: ${EMULATOR_URL} (new mail: npm run emulator:mail -- --to adele --subject Hi)`,
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  console.error(`The demo could not start: ${error.message}`);
  stop(1);
});
