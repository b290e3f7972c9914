'use client';

/*
 * When the mail list first showed rows on this page. Filling the offline mirror reads folders and bodies
 * from the server; started before the list has drawn, on a first sign-in it competes with the list's own
 * first read and the first sync for the server, the database and the page. So the first fill waits for
 * this moment (or a bound, for a page or mailbox with no rows to show).
 */

let shown = false;
const waiting = new Set<() => void>();

/** Called once the list has rows on screen; later calls change nothing. */
export function markListShown(): void {
  if (shown) return;
  shown = true;
  for (const resolve of waiting) resolve();
  waiting.clear();
}

/** Resolves when the list has shown rows, or after `boundMs`, whichever comes first. */
export function listShown(boundMs: number): Promise<void> {
  if (shown) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(done);
      resolve();
    };
    const timer = setTimeout(done, boundMs);
    waiting.add(done);
  });
}
