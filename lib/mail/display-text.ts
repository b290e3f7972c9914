/*
 * Header fields of mail (names, subjects, attachment names) are written by strangers. Bidirectional
 * formatting characters let them reorder what a reader sees: "invoice\u202Efdp.exe" shows as
 * "invoiceexe.pdf". Removing them leaves the text in its real order; the components also isolate each
 * field with <bdi>, so right-to-left names cannot reorder the text around them.
 */

// Embeddings, overrides and isolates (U+202A–E, U+2066–9), the marks (U+200E/F, U+061C), and C0/C1
// controls other than tab, which have no business in a one-line field.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const HIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A header field as it may be shown: no bidi controls, no control characters. */
export function displayText(value: string): string {
  return value.replace(HIDDEN, '');
}

/** Same for nullable fields. */
export const displayTextOrNull = (value: string | null): string | null =>
  value === null ? null : displayText(value);

/**
 * An attachment name split so its extension can always be shown in full, however long the name: the
 * base is the part that may be cut short with an ellipsis.
 */
export function fileNameParts(name: string): { base: string; extension: string } {
  const clean = displayText(name);
  const dot = clean.lastIndexOf('.');
  if (dot <= 0 || dot === clean.length - 1 || clean.length - dot > 12) return { base: clean, extension: '' };
  return { base: clean.slice(0, dot), extension: clean.slice(dot) };
}
