/*
 * PostgreSQL text and jsonb cannot hold U+0000 (error 22021), so one mail carrying it would fail every
 * write of its batch, and every sync after, forever. Strings from Graph pass through here before they are
 * stored: U+0000 becomes U+FFFD, which is what an HTML parser makes of it anyway.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is exactly what must go.
const NUL = /\u0000/g;

/** The value with every U+0000 in its strings (deeply) replaced by U+FFFD. */
export function storable<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.replace(NUL, '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)])) as T;
  }
  return value;
}
