'use client';

import { useState } from 'react';
import type { InboxView, MessageListFilter } from '@/lib/mail/types';

/**
 * What the open folder's list is narrowed to: the Inbox's Focused or Other tab (the Inbox opens on
 * Focused, as Outlook's does) and one category. Both start afresh in another folder.
 */
export function useListFilter(folder: string) {
  const [state, setState] = useState<{ folder: string; view: InboxView; category: string | null }>({
    folder,
    view: 'focused',
    category: null,
  });
  const current = state.folder === folder ? state : { folder, view: 'focused' as const, category: null };
  const isInbox = folder === 'inbox';
  const value: MessageListFilter = {
    ...(isInbox ? { view: current.view } : {}),
    ...(current.category ? { category: current.category } : {}),
  };
  return {
    /** For GET /api/messages. */
    value,
    /** The Focused/Other tab shown, or null outside the Inbox. */
    view: isInbox ? current.view : null,
    category: current.category,
    /** Changes whenever the list shown does (a key for the list component). */
    key: `${value.view ?? ''}:${value.category ?? ''}`,
    setView: (view: InboxView) => setState({ ...current, view }),
    setCategory: (category: string | null) => setState({ ...current, category }),
  };
}
