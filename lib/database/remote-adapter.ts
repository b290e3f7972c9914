import type { MessagePort } from 'node:worker_threads';
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import type { HostAnswer, HostRequest, RemoteError } from './pglite-protocol';

/*
 * A Prisma driver adapter whose statements run on the thread that owns the embedded database
 * (pglite-host-worker.ts). Prisma sees an ordinary PostgreSQL adapter; errors come back as the same
 * DriverAdapterError the in-process adapter throws, so unique violations and the like map as before.
 */

const ADAPTER_NAME = 'tidings-pglite-thread';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Request = HostRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function toError(error: RemoteError): Error {
  if (error.driver) return new DriverAdapterError(error.driver);
  const made = new Error(error.message);
  made.name = error.name;
  return made;
}

class HostConnection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (message: HostAnswer) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(toError(message.error));
    });
    port.on('close', () => {
      this.closed = true;
      for (const waiter of this.pending.values())
        waiter.reject(new Error('The database thread has stopped.'));
      this.pending.clear();
    });
    // The port alone must not keep a process alive (tests, scripts); a server has its listener for that.
    port.unref();
  }

  request<T>(request: Request): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The database thread has stopped.'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.port.postMessage({ ...request, id });
    });
  }
}

class RemoteQueryable {
  readonly provider = 'postgres' as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(
    protected readonly host: HostConnection,
    private readonly tx?: number,
  ) {}

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.host.request({ op: 'query', query, tx: this.tx });
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.host.request({ op: 'execute', query, tx: this.tx });
  }
}

class RemoteTransaction extends RemoteQueryable implements Transaction {
  readonly options = { usePhantomQuery: true };

  constructor(
    host: HostConnection,
    private readonly id: number,
  ) {
    super(host, id);
  }

  commit(): Promise<void> {
    return this.host.request({ op: 'commit', tx: this.id });
  }

  rollback(): Promise<void> {
    return this.host.request({ op: 'rollback', tx: this.id });
  }
}

class RemoteAdapter extends RemoteQueryable implements SqlDriverAdapter {
  executeScript(script: string): Promise<void> {
    return this.host.request({ op: 'script', script });
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const id = await this.host.request<number>({ op: 'begin', isolationLevel });
    return new RemoteTransaction(this.host, id);
  }

  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }

  async dispose(): Promise<void> {}
}

/** An adapter factory over a port to the database thread. */
export function remoteAdapterFactory(port: MessagePort): SqlMigrationAwareDriverAdapterFactory {
  const host = new HostConnection(port);
  return {
    provider: 'postgres',
    adapterName: ADAPTER_NAME,
    connect: async () => new RemoteAdapter(host),
    connectToShadowDb: () =>
      Promise.reject(new Error('Migrations run before the database thread starts, not through it.')),
  };
}
