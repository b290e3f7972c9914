import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; undefined never expires. */
  expiresAt: number | undefined;
}

/**
 * oidc-provider's storage (sessions, grants, codes, refresh tokens, interactions) kept in memory.
 * Unlike the bundled memory adapter it can look up every artifact of one account, which
 * revokeSignInSessions needs, and it runs no timers: expired entries are dropped when read.
 */
export class MemoryStore {
  private readonly models = new Map<string, Map<string, Entry>>();

  adapterFor(model: string): Adapter {
    const entries = this.entriesOf(model);
    const live = (id: string): Entry | undefined => {
      const entry = entries.get(id);
      if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
        entries.delete(id);
        return undefined;
      }
      return entry;
    };
    const findWhere = (match: (payload: AdapterPayload) => boolean): AdapterPayload | undefined => {
      for (const [id, entry] of entries) {
        if (match(entry.payload)) return live(id)?.payload;
      }
      return undefined;
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        entries.set(id, {
          payload,
          expiresAt: expiresIn === undefined ? undefined : Date.now() + expiresIn * 1000,
        });
      },
      find: async (id) => live(id)?.payload,
      findByUid: async (uid) => findWhere((payload) => payload.uid === uid),
      findByUserCode: async (userCode) => findWhere((payload) => payload.userCode === userCode),
      consume: async (id) => {
        const entry = live(id);
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        entries.delete(id);
      },
      revokeByGrantId: async (grantId) => {
        for (const [id, entry] of entries) {
          if (entry.payload.grantId === grantId) entries.delete(id);
        }
      },
    };
  }

  /**
   * Forgets every session, grant and token of one account, so its refresh tokens stop working and the
   * next authorization request asks for the password again. Returns how many artifacts were removed.
   */
  revokeAccount(accountId: string): number {
    let removed = 0;
    for (const entries of this.models.values()) {
      for (const [id, entry] of entries) {
        const owner = entry.payload.accountId ?? entry.payload.session?.accountId;
        if (owner === accountId) {
          entries.delete(id);
          removed += 1;
        }
      }
    }
    return removed;
  }

  private entriesOf(model: string): Map<string, Entry> {
    let entries = this.models.get(model);
    if (!entries) {
      entries = new Map();
      this.models.set(model, entries);
    }
    return entries;
  }
}
