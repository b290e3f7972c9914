'use client';

import useSWR from 'swr';
import type { ConversationDto, MessageDetailDto } from '@/lib/mail/types';
import { conversationKey, messageKey } from './keys';

/**
 * The conversation of the open message. When the list already knows its conversationId we go straight
 * to the conversation; a deep link to a message the list hasn't loaded reads the message first.
 */
export function useOpenConversation(messageId: string | null, knownConversationId: string | null) {
  const single = useSWR<MessageDetailDto>(messageId && !knownConversationId ? messageKey(messageId) : null);
  const conversationId = knownConversationId ?? single.data?.conversationId ?? null;
  const conversation = useSWR<ConversationDto>(conversationId ? conversationKey(conversationId) : null, {
    keepPreviousData: false,
  });
  // Until the conversation arrives (or for mail without one), the message reads as a conversation of one.
  const alone: ConversationDto | undefined = single.data
    ? { conversationId: single.data.conversationId, messages: [single.data] }
    : undefined;
  return {
    conversationId,
    conversation: conversation.data ?? alone,
    error: (single.error ?? conversation.error) as unknown,
    isLoading: single.isLoading || conversation.isLoading,
    mutate: conversation.mutate,
  };
}

/** One message with remote images allowed, after the reader asked for them. */
export function useMessageWithImages(messageId: string, wanted: boolean) {
  return useSWR<MessageDetailDto>(wanted ? messageKey(messageId, true) : null);
}
