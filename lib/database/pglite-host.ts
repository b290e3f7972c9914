import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { processSingleton } from '../process-singleton';
import type { ClientHello, HostData, Lane } from './pglite-protocol';

/*
 * Starts the thread that owns the embedded database (pglite-host-worker.ts) and hands out ports to it.
 * A server opens its PGlite there instead of on its event loop; tests and scripts keep opening it in
 * process (adapter.ts). The worker is a prebuilt bundle (scripts/build-workers.ts), found from the working
 * directory like the sanitizer's.
 */

export const PGLITE_HOST_FILE = path.join(
  /* turbopackIgnore: true */ process.cwd(),
  'dist',
  'workers',
  'pglite-host.mjs',
);

const host = processSingleton('pgliteHost', () => ({ worker: null as Worker | null }));

export function startPgliteHost(dataDir: string): Worker {
  if (host.worker) return host.worker;
  if (!existsSync(PGLITE_HOST_FILE)) {
    throw new Error(
      `The database thread's code is missing at ${PGLITE_HOST_FILE}. ` +
        'Run `npm run build:workers` (part of `npm install` and `npm run build`) in the app directory.',
    );
  }
  const worker = new Worker(PGLITE_HOST_FILE, { workerData: { dataDir } satisfies HostData });
  worker.on('error', (error) => {
    // Without its database the app cannot serve anything; stopping says so plainly.
    console.error(`Tidings' database thread failed: ${error.message}`);
    process.exit(1);
  });
  worker.unref();
  host.worker = worker;
  return worker;
}

/** A new client port on the database thread; the thread must have been started. */
export function connectPgliteHost(lane: Lane): MessagePort {
  if (!host.worker) throw new Error('The database thread has not been started.');
  const { port1, port2 } = new MessageChannel();
  host.worker.postMessage({ type: 'client', port: port2, lane } satisfies ClientHello, [port2]);
  return port1;
}

export function pgliteHostRunning(): boolean {
  return host.worker !== null;
}
