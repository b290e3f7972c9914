'use client';

import { useSyncExternalStore } from 'react';

const QUERY = '(max-width: 640px)';

/** True at phone widths, where the panes show one at a time (matches the CSS breakpoint). */
export function usePhoneLayout(): boolean {
  return useSyncExternalStore(
    (listener) => {
      const media = window.matchMedia(QUERY);
      media.addEventListener('change', listener);
      return () => media.removeEventListener('change', listener);
    },
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}
