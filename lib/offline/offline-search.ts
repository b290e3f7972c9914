import { parseSearchQuery } from '@/lib/mail/search-query';
import type { MessagePageDto, MessageSummaryDto } from '@/lib/mail/types';

/** Most results an offline search shows (newest first). */
export const OFFLINE_SEARCH_LIMIT = 100;

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Searching the mail saved on this device, offline, with the same operators as online
 * (lib/mail/search-query.ts) as far as the saved lists can answer: every word and phrase must appear in
 * the subject, the preview, or the sender's name or address (case and accents ignored); from:, subject:,
 * has:attachment, is:unread/read/flagged and before:/after: filter. to: and in: need what the lists don't
 * hold, so they find nothing offline. Each message once, newest first.
 */
export function searchMirroredLists(pages: MessagePageDto[], text: string): MessageSummaryDto[] {
  const query = parseSearchQuery(text);
  const terms = [...query.words, ...query.phrases].map(fold);
  const hasCondition =
    terms.length + query.from.length + query.subject.length > 0 ||
    query.hasAttachment !== undefined ||
    query.unread !== undefined ||
    query.flagged !== undefined ||
    query.before !== undefined ||
    query.after !== undefined;
  if (!hasCondition || query.to.length > 0 || query.folder !== undefined) return [];
  const seen = new Map<string, MessageSummaryDto>();
  for (const page of pages) {
    for (const message of page?.messages ?? []) {
      if (seen.has(message.id)) continue;
      const sender = fold(`${message.from?.name ?? ''} ${message.from?.address ?? ''}`);
      const text = fold([message.subject, message.preview, sender].join(' '));
      const day = message.receivedAt.slice(0, 10);
      const matches =
        terms.every((term) => text.includes(term)) &&
        query.from.every((term) => sender.includes(fold(term))) &&
        query.subject.every((term) => fold(message.subject).includes(fold(term))) &&
        (!query.hasAttachment || message.hasAttachments) &&
        (query.unread === undefined || message.isRead === !query.unread) &&
        (!query.flagged || message.flagStatus === 'flagged') &&
        (!query.after || day >= query.after) &&
        (!query.before || day < query.before);
      if (matches) seen.set(message.id, message);
    }
  }
  return [...seen.values()]
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, OFFLINE_SEARCH_LIMIT);
}
