import type { Clock } from '../clock';
import { DELIVERY_LOG_LIMIT } from './policy';
import type { DeliveryLogEntry } from './types';

export class DeliveryLog {
  private entries: DeliveryLogEntry[] = [];
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  add(entry: Omit<DeliveryLogEntry, 'seq' | 'at' | 'clockAt'>): DeliveryLogEntry {
    this.seq += 1;
    const full: DeliveryLogEntry = {
      seq: this.seq,
      at: new Date().toISOString(),
      clockAt: new Date(this.clock.now()).toISOString(),
      ...entry,
    };
    this.entries.push(full);
    if (this.entries.length > DELIVERY_LOG_LIMIT)
      this.entries.splice(0, this.entries.length - DELIVERY_LOG_LIMIT);
    return full;
  }

  /** `since` is a log sequence number (entries after it) or an ISO time (entries at or after it). */
  list(filter: { since?: string; subscriptionId?: string } = {}): DeliveryLogEntry[] {
    let result = this.entries;
    if (filter.since !== undefined && filter.since !== '') {
      const since = filter.since;
      if (/^\d+$/.test(since)) result = result.filter((e) => e.seq > Number(since));
      else {
        const at = Date.parse(since);
        if (!Number.isNaN(at)) result = result.filter((e) => Date.parse(e.at) >= at);
      }
    }
    const subscriptionId = filter.subscriptionId;
    if (subscriptionId) result = result.filter((e) => e.subscriptionIds.includes(subscriptionId));
    return [...result];
  }

  clear(): void {
    this.entries = [];
  }
}
