'use client';

import { useCallback, useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_STORAGE_KEY = 'tidings-theme';

const listeners = new Set<() => void>();

function readChoice(): ThemeChoice {
  const value = document.documentElement.dataset.theme;
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The reader's colour scheme choice, kept on <html data-theme> (set before paint by the root layout). */
export function useTheme() {
  const choice = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    readChoice,
    () => 'system' as ThemeChoice,
  );
  const setChoice = useCallback((next: ThemeChoice) => {
    if (next === 'system') {
      delete document.documentElement.dataset.theme;
      localStorage.removeItem(THEME_STORAGE_KEY);
    } else {
      document.documentElement.dataset.theme = next;
      localStorage.setItem(THEME_STORAGE_KEY, next);
    }
    for (const listener of listeners) listener();
  }, []);
  return { choice, setChoice };
}
