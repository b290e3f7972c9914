'use client';

import { createContext, type RefObject, useContext } from 'react';
import type { OutboxItem } from '@/lib/offline/mirror-db';

export type ToastTone = 'info' | 'error';

export interface ToastOptions {
  /** A button in the toast (e.g. Undo); pressing it runs `run` and closes the toast. */
  action?: { label: string; run: () => void };
  /** How long the toast stays; by default 4 s (8 s for errors). */
  durationMs?: number;
}

export interface MailUi {
  query: string;
  setQuery: (query: string) => void;
  searchInput: RefObject<HTMLInputElement | null>;
  notify: (message: string, tone?: ToastTone, options?: ToastOptions) => void;
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
