/*
 * Search as people type it in Outlook: `from:megan subject:"budget review" has:attachment is:unread
 * in:archive after:2026-11-01 invoice`. Parsed once into a structure both sides search with: the cache
 * (full-text search: search-fts.ts, search-cache.ts) and Microsoft 365 through KQL (`toKql`, for Graph's
 * $search). Pure, so every operator is unit tested (search-query.test.ts).
 *
 * - Words and "quoted phrases" match the subject, the sender, the preview and cached bodies (a word as the
 *   start of a word, a phrase as its words in a row).
 * - `from:`, `to:` (any recipient), `subject:` take a word or a quoted phrase.
 * - `has:attachment`, `is:unread`, `is:read`, `is:flagged`, `in:<folder>` (a well-known name or a
 *   folder's name), `before:` / `after:` (YYYY-MM-DD; before is exclusive, after inclusive).
 * - An operator it does not know, or a date it cannot read, is kept as words and reported in `problems`,
 *   so the person sees why it matched what it did; nothing typed is silently dropped.
 */

export interface SearchQuery {
  /** Free words, lower-cased. */
  words: string[];
  /** Quoted phrases, lower-cased. */
  phrases: string[];
  from: string[];
  to: string[];
  subject: string[];
  hasAttachment?: true;
  /** true: unread only; false: read only. */
  unread?: boolean;
  flagged?: true;
  folder?: string;
  /** ISO date (YYYY-MM-DD): received before this day. */
  before?: string;
  /** ISO date (YYYY-MM-DD): received on or after this day. */
  after?: string;
  /** What could not be understood, in words for the person. */
  problems: string[];
}

const TOKEN = /(-?)(?:([a-z]+):)?(?:"([^"]*)"?|(\S+))/gi;

const isDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
};

export function parseSearchQuery(text: string): SearchQuery {
  const query: SearchQuery = { words: [], phrases: [], from: [], to: [], subject: [], problems: [] };
  const addFree = (value: string, quoted: boolean) => {
    const folded = value.trim().toLowerCase();
    if (!folded) return;
    if (quoted && /\s/.test(folded)) query.phrases.push(folded);
    else query.words.push(...folded.split(/\s+/));
  };
  for (const match of text.matchAll(TOKEN)) {
    const [whole, , rawOperator, quotedValue, bareValue] = match;
    const operator = rawOperator?.toLowerCase();
    const quoted = quotedValue !== undefined;
    const value = (quotedValue ?? bareValue ?? '').trim();
    if (!operator) {
      if (!quoted && /^(from|to|subject|has|is|in|before|after):$/i.test(value))
        query.problems.push(`“${value}” needs something after it.`);
      else addFree(value, quoted);
      continue;
    }
    const lower = value.toLowerCase();
    switch (operator) {
      case 'from':
      case 'to':
      case 'subject':
        if (lower) query[operator].push(lower);
        else query.problems.push(`“${operator}:” needs something after it.`);
        continue;
      case 'has':
        if (lower === 'attachment' || lower === 'attachments') query.hasAttachment = true;
        else query.problems.push(`“has:${value}” isn’t a search Tidings knows; try has:attachment.`);
        continue;
      case 'is':
        if (lower === 'unread') query.unread = true;
        else if (lower === 'read') query.unread = false;
        else if (lower === 'flagged') query.flagged = true;
        else
          query.problems.push(
            `“is:${value}” isn’t a search Tidings knows; try is:unread, is:read or is:flagged.`,
          );
        continue;
      case 'in':
        if (lower) query.folder = lower;
        continue;
      case 'before':
      case 'after':
        if (isDate(value)) query[operator] = value;
        else query.problems.push(`“${operator}:${value}” needs a date written as 2026-11-30.`);
        continue;
      default:
        // Not an operator after all (a time like 10:30, a URL): the text as typed.
        query.problems.push(
          `“${operator}:” isn’t a search Tidings knows, so “${whole.trim()}” is searched as words.`,
        );
        addFree(whole.replace(/^-/, '').replace(/"/g, ''), false);
    }
  }
  return query;
}

/** Whether the query asks for anything at all. */
export function isEmptyQuery(query: SearchQuery): boolean {
  return (
    query.words.length + query.phrases.length + query.from.length + query.to.length + query.subject.length ===
      0 &&
    query.hasAttachment === undefined &&
    query.unread === undefined &&
    query.flagged === undefined &&
    query.folder === undefined &&
    query.before === undefined &&
    query.after === undefined
  );
}

/*
 * Safe to build KQL from: values lose quotes and backslashes, and words are lower-cased, so nothing typed
 * can become KQL's (upper-case) AND, OR and NOT or close a quoted value early.
 */
const kqlValue = (value: string) => {
  const clean = value.replace(/["\\]/g, ' ').trim();
  return /[\s:()]/.test(clean) ? `"${clean}"` : clean;
};

/**
 * The query in KQL for Graph's `$search` on messages (properties from, to, subject, hasAttachments and
 * received; words and phrases search every indexed field, bodies included). Unread, flagged and the
 * folder are not KQL properties for messages: the caller filters on them (and searches the folder's own
 * messages for `in:`).
 */
export function toKql(query: SearchQuery): string {
  const parts = [
    ...query.words.map(kqlValue),
    ...query.phrases.map((p) => `"${p.replace(/["\\]/g, ' ').trim()}"`),
    ...query.from.map((v) => `from:${kqlValue(v)}`),
    ...query.to.map((v) => `to:${kqlValue(v)}`),
    ...query.subject.map((v) => `subject:${kqlValue(v)}`),
    ...(query.hasAttachment ? ['hasAttachments:true'] : []),
    ...(query.after ? [`received>=${query.after}`] : []),
    ...(query.before ? [`received<${query.before}`] : []),
  ];
  return parts.join(' AND ');
}
