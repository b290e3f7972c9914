import type { Clock } from '../clock';
import { DROP_RATIO, HEALTH_MIN_SAMPLES, HEALTH_WINDOW_MS, SLOW_RATIO } from './policy';

export type EndpointState = 'healthy' | 'slow' | 'drop';

export interface EndpointHealth {
  url: string;
  state: EndpointState;
  responses: number;
  slowResponses: number;
  slowRatio: number;
}

interface Sample {
  at: number;
  slow: boolean;
}

/**
 * Graph's throttling of slow endpoints: over the notification responses of the last 10 minutes (scaled),
 * more than 10% slower than the response budget marks the endpoint "slow", more than 15% marks it "drop".
 * The state follows the window, so it clears as slow responses age out of it; a dropped endpoint
 * therefore stays in "drop" for at most 10 minutes after its last slow answer.
 */
export class HealthTracker {
  private readonly samples = new Map<string, Sample[]>();

  constructor(private readonly clock: Clock) {}

  record(url: string, slow: boolean): void {
    const list = this.samples.get(url) ?? [];
    list.push({ at: this.clock.now(), slow });
    this.samples.set(url, list);
  }

  of(url: string): EndpointHealth {
    const cutoff = this.clock.now() - HEALTH_WINDOW_MS;
    const list = (this.samples.get(url) ?? []).filter((s) => s.at > cutoff);
    this.samples.set(url, list);
    const slowResponses = list.filter((s) => s.slow).length;
    const slowRatio = list.length === 0 ? 0 : slowResponses / list.length;
    let state: EndpointState = 'healthy';
    if (list.length >= HEALTH_MIN_SAMPLES) {
      if (slowRatio > DROP_RATIO) state = 'drop';
      else if (slowRatio > SLOW_RATIO) state = 'slow';
    }
    return { url, state, responses: list.length, slowResponses, slowRatio };
  }

  all(): EndpointHealth[] {
    return [...this.samples.keys()].map((url) => this.of(url));
  }

  clear(): void {
    this.samples.clear();
  }
}
