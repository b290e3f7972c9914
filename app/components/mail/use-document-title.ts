'use client';

import { useEffect } from 'react';

/**
 * Keeps the tab's title at `title`. Next.js streams a page's metadata, its <title> included, into the head
 * after the screen may already have run (a first sign-in's list and folders now arrive that early), which
 * replaced the unread count the screen had set until the count next changed; so a change to the head that
 * leaves another title is undone.
 */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
    const keep = new MutationObserver(() => {
      if (document.title !== title) document.title = title;
    });
    keep.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => keep.disconnect();
  }, [title]);
}
