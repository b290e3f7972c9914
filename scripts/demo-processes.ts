/*
 * The processes `npm run demo` starts, and stopping all of them. Each child runs in a process group of
 * its own (so stopping it stops whatever it started in turn, e.g. `npm run build`'s compilers); the
 * demo is the one that stops them: SIGTERM to every group, SIGKILL to what is left after a grace period.
 * A small reaper process does the same if the demo dies without doing it (SIGKILL, a crash).
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** How long children get to stop on SIGTERM before SIGKILL: the whole stop must stay under 5 s. */
export const GRACE_MS = 3000;

const children = new Set<ChildProcess>();
let stopping: Promise<never> | null = null;
let reaper: ChildProcess | null = null;
let onChildExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void = () => {};

/** What to do when a service stops by itself (the demo then stops the rest). */
export function whenAChildStops(handler: typeof onChildExit): void {
  onChildExit = handler;
}

const cleanups = new Set<() => void>();

/** Runs `cleanup` when the demo stops before `done` was called (e.g. Ctrl+C in the middle of a build). */
export function onStop(cleanup: () => void): { done: () => void } {
  cleanups.add(cleanup);
  return { done: () => cleanups.delete(cleanup) };
}

export function isStopping(): boolean {
  return stopping !== null;
}

/*
 * The reaper holds a pipe from the demo. It learns each child's group id as it starts; when the pipe
 * closes without the demo having said "done", the demo died without cleaning up, so the reaper does.
 * Plain JavaScript run by node itself: no tsx layer that could be killed in between.
 */
const REAPER_SOURCE = `
const groups = new Set();
let buffer = '';
let done = false;
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let newline;
  while ((newline = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    if (line === 'done') done = true;
    else if (/^\\d+$/.test(line)) groups.add(Number(line));
  }
});
process.stdin.on('close', () => {
  if (done) process.exit(0);
  const signal = (name) => {
    for (const group of groups) {
      try { process.kill(-group, name); } catch {}
    }
  };
  signal('SIGTERM');
  setTimeout(() => { signal('SIGKILL'); process.exit(0); }, ${GRACE_MS});
});
`;

function startReaper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', REAPER_SOURCE], {
    detached: true,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  // The reaper must not keep the demo alive, nor take it down with an EPIPE if it ends first.
  child.stdin?.on('error', () => {});
  child.unref();
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/**
 * Starts `command` in a process group of its own, with `env` over the demo's environment. Output goes
 * to the demo's own stdout and stderr (builds show their progress). When a service (not a `task`, which
 * is meant to end) stops while the demo is not stopping, the whenAChildStops handler hears of it.
 */
export function startChild(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  { task = false } = {},
): ChildProcess {
  reaper ??= startReaper();
  const child = spawn(command, args, {
    detached: true,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (child.pid) reaper.stdin?.write(`${child.pid}\n`);
  children.add(child);
  child.on('error', (error) => {
    console.error(`${name} could not start: ${error.message}`);
  });
  child.on('close', (code, signal) => {
    children.delete(child);
    if (!stopping && !task) onChildExit(name, code, signal);
  });
  return child;
}

/** Resolves with the child's exit code once it has ended (and its output is flushed). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops every child (SIGTERM to each group; SIGKILL to every group after GRACE_MS or as soon as the
 * group leaders are gone, for anything they left behind) and exits with `code`. Safe to call again:
 * later calls wait for the first.
 */
export function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    const all = [...children];
    for (const child of all) signalGroup(child, 'SIGTERM');
    await Promise.race([Promise.all(all.map(exited)), sleep(GRACE_MS)]);
    for (const child of all) signalGroup(child, 'SIGKILL');
    for (const cleanup of cleanups) cleanup();
    reaper?.stdin?.end('done\n');
    process.exit(code);
  })();
  return stopping;
}
