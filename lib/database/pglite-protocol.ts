import type { Error as DriverError, IsolationLevel, SqlQuery } from '@prisma/driver-adapter-utils';

/*
 * The messages between a Prisma client and the thread that owns the embedded database
 * (pglite-host-worker.ts ↔ remote-adapter.ts). One request, one answer, matched by id.
 */

/** Who asks: the answer path and pages first, background processing when the database is free. */
export type Lane = 'foreground' | 'background';

export type HostRequest =
  | { id: number; op: 'query' | 'execute'; query: SqlQuery; tx?: number }
  | { id: number; op: 'script'; script: string }
  | { id: number; op: 'begin'; isolationLevel?: IsolationLevel }
  | { id: number; op: 'commit' | 'rollback'; tx: number };

export interface RemoteError {
  /** The driver adapter's mapped error (constraint, unique violation…), when PostgreSQL raised one. */
  driver?: DriverError;
  name: string;
  message: string;
}

export type HostAnswer =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: RemoteError };

/** Sent once to the host on its own port: a new client and its lane. */
export interface ClientHello {
  type: 'client';
  port: import('node:worker_threads').MessagePort;
  lane: Lane;
}

export interface HostData {
  dataDir: string;
}
