import type { SearchQuery } from './search-query';

/*
 * A search query as a PostgreSQL tsquery over the cache's "searchVector" (see the full_text_search
 * migration). The query is split into words on the same characters the migration turns into spaces in a
 * mail, so both sides see the same words; every word is then written as a quoted lexeme, and words are
 * made of letters and digits only, so nothing typed can become tsquery syntax (& | ! ( ) : * < >) or SQL.
 * The text is passed to to_tsquery('simple', $1) as a parameter. Pure, so it is unit tested as text
 * (search-fts.test.ts) and against the database (search-cache.test.ts).
 *
 * - A word matches words starting with it ('budg' finds "budget"), as Outlook does; the cache's old
 *   substring search also found "budget" for "udge", which full-text search does not.
 * - A word with punctuation inside ("meganb@contoso.com", "q3-budget") and a "quoted phrase" match those
 *   words next to each other, the last one as a prefix.
 * - Free words match the subject, the sender, the preview and the cached body (weights A, B, D); from:
 *   the sender (B), to: any recipient, To or Cc (C), subject: the subject (A).
 */

/**
 * Characters that separate words: ASCII punctuation and controls, Latin-1 symbols, general punctuation
 * (dashes, curly quotes, zero-width and bidi controls), currency, arrows and other symbols, CJK and
 * full-width punctuation, the replacement character, emoji. Inclusive code point ranges; the migration
 * holds the same class (`pgSeparatorClass`), which search-fts.test.ts checks.
 */
export const SEPARATOR_RANGES: readonly (readonly [number, number])[] = [
  [0x01, 0x2f],
  [0x3a, 0x40],
  [0x5b, 0x60],
  [0x7b, 0xbf],
  [0xd7, 0xd7],
  [0xf7, 0xf7],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2190, 0x2bff],
  [0x3000, 0x303f],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0xfeff, 0xfeff],
  [0xff01, 0xff0f],
  [0xff1a, 0xff20],
  [0xff3b, 0xff40],
  [0xff5b, 0xff65],
  [0xfff0, 0xffff],
  [0x1f000, 0x1faff],
];

const rangeClass = (write: (codePoint: number) => string) =>
  `[${SEPARATOR_RANGES.map(([from, to]) => (from === to ? write(from) : `${write(from)}-${write(to)}`)).join('')}]+`;

/** The separator class in PostgreSQL's regular-expression syntax, as the migration's mail_search_words holds it. */
export const pgSeparatorClass = () =>
  rangeClass((c) =>
    c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`,
  );

const SEPARATORS = new RegExp(
  rangeClass((c) => `\\u{${c.toString(16)}}`),
  'u',
);

/** Longest word sent: PostgreSQL ignores words over 2,047 bytes, and nobody types one. */
const MAX_WORD = 100;
/** Most words in one query: the search box takes 200 characters. */
const MAX_WORDS = 64;

/** The words of a text as the index holds them (case is folded by the database). */
export function searchWords(text: string): string[] {
  // NUL too, which a mail's text cannot hold (the cache stores it as U+FFFD) and PostgreSQL refuses.
  return text
    .replace(/\0/g, ' ')
    .split(SEPARATORS)
    .filter((word) => word.length > 0);
}

type Weights = 'ABD' | 'A' | 'B' | 'C';

const lexeme = (word: string, weights: Weights, prefix: boolean) => {
  const clipped = word.slice(0, MAX_WORD);
  // Quoted as tsquery wants it, although the words hold no quote or backslash (both are separators).
  const quoted = `'${clipped.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return `${quoted}:${prefix || clipped.length < word.length ? '*' : ''}${weights}`;
};

/** One term: its words next to each other (<->), the last one a prefix; null when it has no words. */
function term(text: string, weights: Weights): string[] | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((word, i) => lexeme(word, weights, i === words.length - 1));
}

export type TextMatch =
  /** No words to match: only filters (has:, is:, in:, dates). */
  | { kind: 'any' }
  | { kind: 'tsquery'; tsquery: string }
  /** Something was asked that has no words at all (`from:@`, `&&`): nothing can match it. */
  | { kind: 'none' };

/**
 * The query's words, phrases, from:, to: and subject: as one tsquery, every term required. A free word
 * of punctuation alone ("&", "-") is passed over, as a search engine passes over it; an operator's value
 * without a word (`from:@`) matches nothing.
 */
export function toTsquery(query: SearchQuery): TextMatch {
  const wanted: [string, Weights][] = [
    ...query.words.map((w): [string, Weights] => [w, 'ABD']),
    ...query.phrases.map((p): [string, Weights] => [p, 'ABD']),
    ...query.from.map((v): [string, Weights] => [v, 'B']),
    ...query.to.map((v): [string, Weights] => [v, 'C']),
    ...query.subject.map((v): [string, Weights] => [v, 'A']),
  ];
  if (wanted.length === 0) return { kind: 'any' };
  const terms: string[] = [];
  let words = 0;
  for (const [text, weights] of wanted) {
    const lexemes = term(text, weights);
    if (!lexemes) {
      if (weights === 'ABD') continue;
      return { kind: 'none' };
    }
    const kept = lexemes.slice(0, Math.max(0, MAX_WORDS - words));
    words += kept.length;
    if (kept.length === 0) break;
    terms.push(kept.length === 1 ? (kept[0] ?? '') : `(${kept.join(' <-> ')})`);
  }
  return terms.length > 0 ? { kind: 'tsquery', tsquery: terms.join(' & ') } : { kind: 'none' };
}
