import { describe, expect, it, vi } from 'vitest';

describe('waiting for the list’s first read', () => {
  it('resolves when the list’s first read settles, and at once after that', async () => {
    vi.resetModules();
    const { listSettled, markListSettled } = await import('./first-list');
    let resolved = false;
    const waiting = listSettled(60_000).then(() => {
      resolved = true;
    });
    await Promise.resolve();
    expect(resolved).toBe(false);
    markListSettled();
    await waiting;
    expect(resolved).toBe(true);
    await expect(listSettled(60_000)).resolves.toBeUndefined();
  });

  it('gives up waiting after its bound when the list never answers', async () => {
    vi.resetModules();
    vi.useFakeTimers();
    try {
      const { listSettled } = await import('./first-list');
      let resolved = false;
      void listSettled(10_000).then(() => {
        resolved = true;
      });
      await vi.advanceTimersByTimeAsync(9_999);
      expect(resolved).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(resolved).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds reads on the mail screen until the list settles, or the bound passes; elsewhere not at all', async () => {
    vi.useFakeTimers();
    try {
      const at = (pathname: string) => vi.stubGlobal('window', { location: { pathname } });
      at('/mail');
      vi.resetModules();
      let list = await import('./first-list');
      expect(list.afterFirstList()).toBe(false);
      list.markListSettled();
      await vi.advanceTimersByTimeAsync(0);
      expect(list.afterFirstList()).toBe(true);

      vi.resetModules();
      list = await import('./first-list');
      expect(list.afterFirstList()).toBe(false);
      await vi.advanceTimersByTimeAsync(list.FIRST_LIST_BOUND_MS - 1);
      expect(list.afterFirstList()).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(list.afterFirstList()).toBe(true);

      at('/settings');
      vi.resetModules();
      list = await import('./first-list');
      expect(list.afterFirstList()).toBe(true);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});
