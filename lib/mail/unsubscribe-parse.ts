/*
 * Reading a message's List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058) headers. Header
 * values come from the sender: they are parsed, never trusted — only http(s) and mailto: URIs survive, and
 * whatever is done with them is checked again where it is done (unsubscribe-post.ts, unsubscribe.ts).
 */

export interface Header {
  name: string;
  value: string;
}

export interface MailtoUnsubscribe {
  address: string;
  subject: string;
  body: string;
}

export interface ListUnsubscribe {
  /** The http(s) URI to POST to, when List-Unsubscribe-Post says one-click (RFC 8058). */
  oneClick: URL | null;
  mailto: MailtoUnsubscribe | null;
  /** The first https URI: a page to open when one-click is not offered. */
  link: URL | null;
  /** The list's name from List-Id ("Fabrikam Weekly <weekly.fabrikam.test>"), if it has one. */
  listName: string | null;
}

const MAX_URI_LENGTH = 2048;
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

/** The value of the first header of that name (names are case-insensitive), unfolded. */
export function headerValue(headers: readonly Header[], name: string): string | null {
  const found = headers.find((h) => h.name.trim().toLowerCase() === name.toLowerCase());
  return found ? found.value.replace(/\r?\n[ \t]+/g, ' ').trim() : null;
}

/**
 * The URIs of a List-Unsubscribe value in order: each between angle brackets, separated by commas, with
 * whitespace and (comments) allowed around them (RFC 2369 §2). Anything outside brackets is ignored.
 */
export function listUnsubscribeUris(value: string): string[] {
  const withoutComments = value.replace(/\([^()]*\)/g, ' ');
  const uris: string[] = [];
  for (const match of withoutComments.matchAll(/<([^<>]*)>/g)) {
    const uri = (match[1] ?? '').replace(/\s+/g, '');
    if (uri && uri.length <= MAX_URI_LENGTH) uris.push(uri);
  }
  return uris;
}

function httpUrl(uri: string): URL | null {
  try {
    const url = new URL(uri);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // Credentials in the URI would be sent along: RFC 8058 forbids any; such a link is not used at all.
    if (url.username || url.password) return null;
    return url;
  } catch {
    return null;
  }
}

/** A mailto: URI (RFC 6068): its first address, and the subject and body it asks for. */
export function parseMailto(uri: string): MailtoUnsubscribe | null {
  if (!/^mailto:/i.test(uri)) return null;
  const rest = uri.slice('mailto:'.length);
  const [to = '', query = ''] = rest.split('?', 2);
  let address: string;
  let params: URLSearchParams;
  try {
    address = decodeURIComponent(to.split(',')[0] ?? '').trim();
    params = new URLSearchParams(query);
  } catch {
    return null;
  }
  address ||= (params.get('to') ?? '').split(',')[0]?.trim() ?? '';
  if (!EMAIL.test(address) || address.length > 320) return null;
  // Control characters go (a subject keeps no line breaks at all; a body keeps its new lines).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const controls = /[\u0000-\u0009\u000b-\u001f\u007f]/g;
  return {
    address,
    subject:
      (params.get('subject') ?? '')
        .replace(/[\r\n]+/g, ' ')
        .replace(controls, '')
        .slice(0, 255)
        .trim() || 'Unsubscribe',
    body: (params.get('body') ?? '').replace(controls, '').slice(0, 2000),
  };
}

/** The list's display name from List-Id: the phrase before its <id>, or null. */
function listIdName(value: string | null): string | null {
  if (!value) return null;
  const phrase = value.split('<')[0]?.trim().replace(/^"|"$/g, '').trim() ?? '';
  return phrase ? phrase.slice(0, 200) : null;
}

/** What a message's headers offer for leaving its list. */
export function parseListUnsubscribe(headers: readonly Header[]): ListUnsubscribe {
  const value = headerValue(headers, 'List-Unsubscribe');
  const listName = listIdName(headerValue(headers, 'List-Id'));
  if (!value) return { oneClick: null, mailto: null, link: null, listName };
  const uris = listUnsubscribeUris(value);
  const http = uris.map(httpUrl).filter((u): u is URL => u !== null);
  const mailto = uris.map(parseMailto).find((m) => m !== null) ?? null;
  // RFC 8058 §3.1: exactly this key and value, and a URI to POST it to.
  const post = headerValue(headers, 'List-Unsubscribe-Post');
  const oneClick = post?.replace(/\s+/g, '') === 'List-Unsubscribe=One-Click' ? (http[0] ?? null) : null;
  return {
    oneClick,
    mailto,
    link: http.find((u) => u.protocol === 'https:') ?? null,
    listName,
  };
}
