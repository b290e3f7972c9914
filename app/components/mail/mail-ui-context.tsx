'use client';

import { createContext, type RefObject, useContext } from 'react';
import type { OutboxItem } from '@/lib/offline/mirror-db';

export type ToastTone = 'info' | 'error';

export interface MailUi {
  query: string;
  setQuery: (query: string) => void;
  searchInput: RefObject<HTMLInputElement | null>;
  notify: (message: string, tone?: ToastTone) => void;
  openShortcuts: () => void;
  /** What waits to be done or sent until the network returns, oldest first. */
  outbox: OutboxItem[];
}

export const MailUiContext = createContext<MailUi | null>(null);

/** What the header shares with the mail panes: the search text, toasts, the shortcuts dialog. */
export function useMailUi(): MailUi {
  const ui = useContext(MailUiContext);
  if (!ui) throw new Error('useMailUi must be used inside MailShell');
  return ui;
}
