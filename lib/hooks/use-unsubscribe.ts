'use client';

import { useState } from 'react';
import useSWR from 'swr';
import type { UnsubscribeOfferDto, UnsubscribeRequest, UnsubscribeResultDto } from '@/lib/mail/types';
import { errorMessage, sendJson } from './api-client';
import { unsubscribeKey } from './keys';

export type UnsubscribeState =
  | { phase: 'idle' }
  | { phase: 'confirm'; method: UnsubscribeRequest['method'] }
  | { phase: 'working'; method: UnsubscribeRequest['method'] }
  | { phase: 'done'; message: string }
  | { phase: 'failed'; method: UnsubscribeRequest['method']; message: string };

/**
 * What a message's List-Unsubscribe offers (read from Microsoft 365 when the message is shown, not before)
 * and the steps of leaving the list: confirm, working, done or failed with the reason. A message that
 * offers nothing, or whose offer can't be read (offline), shows nothing.
 */
export function useUnsubscribe(messageId: string | null) {
  const offer = useSWR<UnsubscribeOfferDto>(messageId ? unsubscribeKey(messageId) : null, {
    revalidateOnFocus: false,
    shouldRetryOnError: false,
  });
  const [state, setState] = useState<UnsubscribeState>({ phase: 'idle' });

  const run = async (method: UnsubscribeRequest['method']) => {
    if (!messageId) return;
    setState({ phase: 'working', method });
    try {
      const result = await sendJson<UnsubscribeResultDto>(unsubscribeKey(messageId), 'POST', { method });
      setState({ phase: 'done', message: result.message });
    } catch (error) {
      setState({ phase: 'failed', method, message: errorMessage(error) });
    }
  };

  return {
    offer: offer.data,
    state,
    ask: (method: UnsubscribeRequest['method']) => setState({ phase: 'confirm', method }),
    cancel: () => setState({ phase: 'idle' }),
    run,
  };
}
