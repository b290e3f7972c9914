import { processSingleton } from '../process-singleton';

/*
 * Per-process webhook statistics for /api/health: how fast we answer Graph (over 3 s and Graph starts
 * delaying, then dropping, our notifications), and how many notifications we turned away. A multi-instance
 * deployment reports each instance's own share.
 */
const WINDOW_MS = 10 * 60 * 1000;
const state = processSingleton('webhookStats', () => ({
  answers: [] as { at: number; ms: number }[],
  clientStateMismatches: 0,
  unknownSubscriptions: 0,
}));

export function recordWebhookAnswer(ms: number, now = Date.now()): void {
  state.answers.push({ at: now, ms });
  const cutoff = now - WINDOW_MS;
  while ((state.answers[0]?.at ?? now) < cutoff) state.answers.shift();
}

export function countRejected(kind: 'clientState' | 'unknownSubscription', count = 1): void {
  if (kind === 'clientState') state.clientStateMismatches += count;
  else state.unknownSubscriptions += count;
}

export function webhookStats(now = Date.now()) {
  const recent = state.answers.filter((a) => a.at >= now - WINDOW_MS);
  const slow = recent.filter((a) => a.ms > 2900).length;
  return {
    answersLast10Minutes: recent.length,
    slowShareLast10Minutes: recent.length ? slow / recent.length : 0,
    clientStateMismatches: state.clientStateMismatches,
    unknownSubscriptions: state.unknownSubscriptions,
  };
}
