import 'server-only';
import { processSingleton } from '../process-singleton';

/**
 * Whether Graph answered lately. The UI shows "Microsoft 365 can't be reached" from this while reads keep
 * coming from the cache; the next successful call clears it.
 */
const state = processSingleton('graphReachability', () => ({ lastFailureAt: 0, lastSuccessAt: 0 }));

export function recordGraphSuccess(): void {
  state.lastSuccessAt = Date.now();
}

export function recordGraphUnreachable(): void {
  state.lastFailureAt = Date.now();
}

export function isGraphReachable(): boolean {
  return state.lastFailureAt === 0 || state.lastSuccessAt > state.lastFailureAt;
}
