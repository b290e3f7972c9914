import { parseSearchQuery } from './search-query';

/*
 * The filter chips above search results (app/components/mail/search-filters.tsx) are operators in the
 * search text, so what a chip does is what typing it does, and the text stays the one truth: a chip reads
 * its state from the parsed query and toggles its operator in the text. Pure, unit tested.
 */

export interface SearchChips {
  unread: boolean;
  attachments: boolean;
  /** The folder of `in:` as typed (lower-cased), or null for all folders. */
  folder: string | null;
}

export function chipsOf(text: string): SearchChips {
  const query = parseSearchQuery(text);
  return {
    unread: query.unread === true,
    attachments: query.hasAttachment === true,
    folder: query.folder ?? null,
  };
}

/** The same token pattern the parser reads (search-query.ts). */
const TOKEN = /(-?)(?:([a-z]+):)?(?:"([^"]*)"?|(\S+))/gi;

/** The text without the tokens `drop` picks (by operator and lower-cased value), and with `add` at the end. */
function rewrite(text: string, drop: (operator: string, value: string) => boolean, add: string | null) {
  const kept: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [whole, , operator, quoted, bare] = match;
    const value = (quoted ?? bare ?? '').trim().toLowerCase();
    if (operator && drop(operator.toLowerCase(), value)) continue;
    kept.push(whole.trim());
  }
  if (add) kept.push(add);
  return kept.filter(Boolean).join(' ');
}

const quoteValue = (value: string) => (/[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value);

/** Unread only (is:unread), or not: is:read goes too, since the chip replaces whatever was asked. */
export const withUnread = (text: string, on: boolean) =>
  rewrite(
    text,
    (op, value) => op === 'is' && (value === 'unread' || value === 'read'),
    on ? 'is:unread' : null,
  );

export const withAttachments = (text: string, on: boolean) =>
  rewrite(
    text,
    (op, value) => op === 'has' && (value === 'attachment' || value === 'attachments'),
    on ? 'has:attachment' : null,
  );

/** In one folder (a well-known name or a folder's name), or in all of them (null). */
export const withFolder = (text: string, folder: string | null) =>
  rewrite(text, (op) => op === 'in', folder ? `in:${quoteValue(folder)}` : null);
