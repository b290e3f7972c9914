import { describe, expect, it, vi } from 'vitest';

describe('the first fill waits for the list', () => {
  it('resolves when the list shows rows, and at once after that', async () => {
    vi.resetModules();
    const { listShown, markListShown } = await import('./first-list');
    let resolved = false;
    const waiting = listShown(60_000).then(() => {
      resolved = true;
    });
    await Promise.resolve();
    expect(resolved).toBe(false);
    markListShown();
    await waiting;
    expect(resolved).toBe(true);
    await expect(listShown(60_000)).resolves.toBeUndefined();
  });

  it('gives up waiting after its bound when no rows ever show', async () => {
    vi.resetModules();
    vi.useFakeTimers();
    try {
      const { listShown } = await import('./first-list');
      let resolved = false;
      void listShown(10_000).then(() => {
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
});
