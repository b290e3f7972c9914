/*
 * The thread that owns the embedded database when the app runs as a server (pglite-host.ts starts it).
 * PGlite is PostgreSQL compiled to WebAssembly: every statement runs on the thread that opened it. Owning it
 * here keeps that work off the event loop that answers webhooks and pages, and lets the background worker
 * (lib/background) share the one data folder a PGlite may open.
 *
 * PGlite runs one statement at a time. Clients in the foreground lane (the app's request handlers) go
 * before clients in the background lane (queue processing, syncs) whenever both wait; an open transaction
 * holds the database until it commits or rolls back, as a single PostgreSQL session would.
 *
 * Written here rather than taken from a library: PGlite's own multi-client wrappers (PGliteWorker,
 * pglite-socket) are for browsers or speak the wire protocol to one socket at a time, with no priority.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, Transaction } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { ClientHello, HostAnswer, HostData, HostRequest, Lane, RemoteError } from './pglite-protocol';

const data = workerData as HostData;
const pglite = new PGlite(data.dataDir);
let adapter: Promise<SqlDriverAdapter> | null = null;
const connection = () => {
  adapter ??= pglite.waitReady.then(async () => {
    // PostgreSQL loads PL/pgSQL (a shared library; in PGlite a WebAssembly module linked at run time)
    // the first time a session runs it: the message cache's search trigger, on the first mail stored. On a
    // first sign-in that was a few hundred milliseconds with the database held, while the screen's first
    // reads waited. A DO block loads it now, before any request.
    // Only a head start: if it fails, the first trigger loads it as before.
    await pglite.exec('DO $$ BEGIN END $$;').catch(() => {});
    return new PrismaPGlite(pglite).connect();
  });
  return adapter;
};

interface Job {
  port: MessagePort;
  request: HostRequest;
}

const waiting: Record<Lane, Job[]> = { foreground: [], background: [] };
const transactions = new Map<number, { tx: Transaction; port: MessagePort }>();
let nextTx = 1;
/** A statement outside a transaction is running, or a transaction is open. */
let busy = false;

function describe(error: unknown): RemoteError {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const driver =
      error.name === 'DriverAdapterError' && cause && typeof cause === 'object'
        ? (JSON.parse(JSON.stringify(cause)) as RemoteError['driver'])
        : undefined;
    return { driver, name: error.name, message: error.message };
  }
  return { name: 'Error', message: String(error) };
}

function answer(port: MessagePort, message: HostAnswer) {
  try {
    port.postMessage(message);
  } catch (error) {
    // A value that cannot cross threads is a bug here, not in the caller's data: say so to the caller.
    port.postMessage({ id: message.id, ok: false, error: describe(error) } satisfies HostAnswer);
  }
}

/** Runs one request; resolves whether the database is free again afterwards (false while a transaction is open). */
async function run({ port, request }: Job): Promise<boolean> {
  try {
    const db = await connection();
    switch (request.op) {
      case 'query':
      case 'execute': {
        const on = request.tx === undefined ? db : transactions.get(request.tx)?.tx;
        if (!on) throw new Error(`Transaction ${request.tx} is not open.`);
        const value =
          request.op === 'query' ? await on.queryRaw(request.query) : await on.executeRaw(request.query);
        answer(port, { id: request.id, ok: true, value });
        return request.tx === undefined;
      }
      case 'script':
        await pglite.exec(request.script);
        answer(port, { id: request.id, ok: true, value: null });
        return true;
      case 'begin': {
        const tx = await db.startTransaction(request.isolationLevel);
        const id = nextTx++;
        transactions.set(id, { tx, port });
        answer(port, { id: request.id, ok: true, value: id });
        return false;
      }
      case 'commit':
      case 'rollback': {
        const open = transactions.get(request.tx);
        if (!open) throw new Error(`Transaction ${request.tx} is not open.`);
        transactions.delete(request.tx);
        if (request.op === 'commit') await open.tx.commit();
        else await open.tx.rollback();
        answer(port, { id: request.id, ok: true, value: null });
        return true;
      }
    }
  } catch (error) {
    answer(port, { id: request.id, ok: false, error: describe(error) });
    // A failed begin leaves nothing open; a failed statement inside a transaction leaves it open.
    return !('tx' in request && request.tx !== undefined && transactions.has(request.tx));
  }
}

function pump() {
  if (busy) return;
  const job = waiting.foreground.shift() ?? waiting.background.shift();
  if (!job) return;
  busy = true;
  void run(job).then((free) => {
    if (free) {
      busy = false;
      pump();
    }
  });
}

function receive(port: MessagePort, lane: Lane, request: HostRequest) {
  // Statements of an open transaction, its commit and its rollback go straight in: it holds the database.
  if ('tx' in request && request.tx !== undefined) {
    void run({ port, request }).then((free) => {
      if (free) {
        busy = false;
        pump();
      }
    });
    return;
  }
  waiting[lane].push({ port, request });
  pump();
}

parentPort?.on('message', (hello: ClientHello) => {
  if (hello?.type !== 'client') return;
  const { port, lane } = hello;
  port.on('message', (request: HostRequest) => receive(port, lane, request));
  // A client that goes away (its thread ended) must not hold the database with a transaction left open.
  port.on('close', () => {
    for (const [id, open] of transactions) {
      if (open.port !== port) continue;
      transactions.delete(id);
      void open.tx.rollback().finally(() => {
        busy = false;
        pump();
      });
    }
  });
});
