'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

export interface MailLocation {
  folder: string;
  message: string | null;
}

export function mailHref({ folder, message }: MailLocation): string {
  const params = new URLSearchParams({ folder });
  if (message) params.set('message', message);
  return `/mail?${params.toString()}`;
}

/**
 * The open folder and message live in the URL (/mail?folder=…&message=…) so they can be linked to and
 * back/forward work. We change it with the History API, which Next.js folds into useSearchParams,
 * rather than router.push, which would re-render the server page on every message opened.
 */
export function useMailLocation() {
  const params = useSearchParams();
  const location: MailLocation = {
    folder: params.get('folder') || 'inbox',
    message: params.get('message') || null,
  };
  const navigate = useCallback((next: MailLocation, { replace = false } = {}) => {
    // A draft open in the compose pane stays open while the person reads other mail.
    const compose = new URLSearchParams(window.location.search).get('compose');
    const href = compose ? `${mailHref(next)}&compose=${encodeURIComponent(compose)}` : mailHref(next);
    if (replace) window.history.replaceState(null, '', href);
    else window.history.pushState(null, '', href);
  }, []);
  return { ...location, navigate };
}
