/*
 * `npm run demo`: Tidings on its embedded defaults, no accounts or services needed. Starts the app on the
 * embedded PGlite database (./.data/pglite), waits until it answers, and prints where to open it.
 * Ctrl+C stops everything it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const APP_PORT = Number(process.env.PORT ?? 3000);
const APP_URL = `http://localhost:${APP_PORT}`;
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
  run('The app', process.execPath, [NEXT_BIN, 'dev', '-p', String(APP_PORT)]);
  await waitFor(`${APP_URL}/api/health`, 180_000);
  console.log(
    [
      '',
      '  Tidings is running.',
      `  Open ${APP_URL}`,
      `  Database: ${process.env.DATABASE_URL || 'pglite:./.data/pglite (embedded)'}`,
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  console.error(`The demo could not start: ${error.message}`);
  stop(1);
});
