import 'server-only';
import { db } from '../db';
import { processSingleton } from '../process-singleton';

/*
 * The webhook's view of our subscriptions (Graph id → owner, clientState hash, status), held in memory so
 * answering a notification needs no database read. A subscription's owner and secret never change for a
 * given Graph id (a new secret means a new subscription), so a cached entry stays right until the
 * subscription is deleted. Staying right across instances:
 * - an id we do not hold is looked up once in the database and cached (found or, briefly, not found);
 * - this process's creations, renewals and deletions call subscriptionsChanged(), which reloads the view;
 * - a view older than REFRESH_MS is reloaded in the background, which catches deletions made elsewhere.
 */

export interface SubscriptionEntry {
  userId: string;
  clientStateHash: string;
  status: string;
}

const REFRESH_MS = 60_000;
/** How long "no such subscription" is believed before the database is asked again. */
const UNKNOWN_TTL_MS = 30_000;
/** Bounds the memory an attacker can fill with made-up subscription ids. */
const MAX_UNKNOWN = 10_000;

const view = processSingleton('subscriptionView', () => ({
  entries: new Map<string, SubscriptionEntry>(),
  unknown: new Map<string, number>(),
  loadedAt: 0,
  loading: null as Promise<void> | null,
  generation: 0,
}));

const select = { graphId: true, userId: true, clientStateHash: true, status: true } as const;

function reload(): Promise<void> {
  if (view.loading) return view.loading;
  const generation = view.generation;
  view.loading = db.graphSubscription
    .findMany({ select })
    .then((rows) => {
      // A change signalled while this read was in flight may not be in it: read again next time.
      view.loadedAt = generation === view.generation ? Date.now() : 0;
      view.entries = new Map(rows.map(({ graphId, ...entry }) => [graphId, entry]));
      view.unknown.clear();
    })
    .finally(() => {
      view.loading = null;
    });
  return view.loading;
}

/**
 * The entries for `ids` (null for a subscription that is not ours). Answers from memory; the first call
 * in a process loads the view, and ids it does not hold cost one query together.
 */
export async function lookupSubscriptions(ids: string[]): Promise<Map<string, SubscriptionEntry | null>> {
  if (!view.loadedAt && !view.loading) await reload();
  else if (view.loading && !view.loadedAt) await view.loading;
  else if (Date.now() - view.loadedAt > REFRESH_MS) reload().catch(() => {});
  const now = Date.now();
  const found = new Map<string, SubscriptionEntry | null>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const entry = view.entries.get(id);
    if (entry) found.set(id, entry);
    else if ((view.unknown.get(id) ?? 0) > now) found.set(id, null);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await db.graphSubscription.findMany({ where: { graphId: { in: missing } }, select });
    if (view.unknown.size + missing.length > MAX_UNKNOWN) view.unknown.clear();
    for (const { graphId, ...entry } of rows) view.entries.set(graphId, entry);
    for (const id of missing) {
      const entry = view.entries.get(id) ?? null;
      if (!entry) view.unknown.set(id, now + UNKNOWN_TTL_MS);
      found.set(id, entry);
    }
  }
  return found;
}

/** Call after creating, renewing or deleting subscriptions in this process: the view is read again. */
export function subscriptionsChanged(): void {
  view.generation += 1;
  view.loadedAt = 0;
  view.unknown.clear();
  reload().catch(() => {});
}
