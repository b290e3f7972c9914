'use client';

import { createContext, type RefObject, useContext } from 'react';

export type ToastTone = 'info' | 'error';

export interface MailUi {
  query: string;
  setQuery: (query: string) => void;
  searchInput: RefObject<HTMLInputElement | null>;
  notify: (message: string, tone?: ToastTone) => void;
  openShortcuts: () => void;
}

export const MailUiContext = createContext<MailUi | null>(null);

/** What the header shares with the mail panes: the search text, toasts, the shortcuts dialog. */
export function useMailUi(): MailUi {
  const ui = useContext(MailUiContext);
  if (!ui) throw new Error('useMailUi must be used inside MailShell');
  return ui;
}
