'use client';

import type { ReactNode } from 'react';
import { SWRConfig } from 'swr';
import { ApiFetchError, fetcher } from '@/lib/hooks/api-client';

export function Providers({ children }: { children: ReactNode }) {
  return (
    <SWRConfig
      value={{
        fetcher,
        // Retrying a signed-out or not-found request only repeats the same answer.
        onErrorRetry: (error, _key, _config, revalidate, { retryCount }) => {
          if (error instanceof ApiFetchError && error.status >= 400 && error.status < 500) return;
          if (retryCount >= 5) return;
          setTimeout(() => void revalidate({ retryCount }), Math.min(30_000, 1000 * 2 ** retryCount));
        },
      }}
    >
      {children}
    </SWRConfig>
  );
}
