/** One Graph request as the emulator saw it (control API: GET /_emulator/requests). */
export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  userId: string | null;
  appId: string | null;
  /** Set for requests that ran inside a $batch. */
  batchId?: string;
}

/** A bounded log of Graph requests: enough for tests to count calls, never unbounded memory. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  constructor(private readonly capacity = 50_000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: { since?: string; userId?: string } = {}): LoggedRequest[] {
    return this.entries.filter(
      (e) => (!filter.since || e.at >= filter.since) && (!filter.userId || e.userId === filter.userId),
    );
  }

  clear(): void {
    this.entries.length = 0;
  }
}
