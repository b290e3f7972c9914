import type { MessagePageDto, MessageSummaryDto } from '@/lib/mail/types';

/** Most results an offline search shows (newest first). */
export const OFFLINE_SEARCH_LIMIT = 100;

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Searching the mail saved on this device, offline: every word of the query must appear in the
 * subject, the preview, or the sender's name or address (case and accents ignored). Each message once,
 * newest first.
 */
export function searchMirroredLists(pages: MessagePageDto[], query: string): MessageSummaryDto[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const seen = new Map<string, MessageSummaryDto>();
  for (const page of pages) {
    for (const message of page?.messages ?? []) {
      if (seen.has(message.id)) continue;
      const text = fold(
        [message.subject, message.preview, message.from?.name ?? '', message.from?.address ?? ''].join(' '),
      );
      if (words.every((word) => text.includes(word))) seen.set(message.id, message);
    }
  }
  return [...seen.values()]
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, OFFLINE_SEARCH_LIMIT);
}
