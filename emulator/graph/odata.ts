import type { Request } from 'express';
import type { StoredMessage } from '../store/types';
import { badRequest } from './errors';

/*
 * The OData query options Graph accepts on message collections, parsed once per request. Graph answers
 * malformed or unsupported options with 400, so every parser here throws rather than guessing.
 */

/** Properties of a message a client may $select (Graph's default set plus a few selectable extras). */
export const MESSAGE_PROPERTIES = new Set([
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'conversationIndex',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'webLink',
  'inferenceClassification',
  'body',
  'uniqueBody',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
  // Not among the default properties: returned only when $selected, as Graph does.
  'internetMessageHeaders',
]);

export function queryParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw badRequest(`The query parameter '${name}' is specified more than once.`);
  return value;
}

export function parseInteger(req: Request, name: string, min: number, max: number): number | undefined {
  const raw = queryParam(req, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) {
    throw badRequest(`Invalid value '${raw}' for query parameter ${name}.`, 'ErrorInvalidUrlQuery');
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw badRequest(
      `The value of ${name} must be between ${min} and ${max}, got ${value}.`,
      'ErrorInvalidUrlQuery',
    );
  }
  return value;
}

/** $select as a list of property names; undefined when absent (all default properties). */
export function parseSelect(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const names = raw.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!MESSAGE_PROPERTIES.has(name)) {
      throw badRequest(
        `Could not find a property named '${name}' on type 'microsoft.graph.message'.`,
        'RequestBroker--ParseUri',
      );
    }
  }
  return names;
}

/** Keeps the selected properties; Graph always returns id and @odata.etag. */
export function applySelect<T extends Record<string, unknown>>(
  value: T,
  select: string[] | undefined,
): Record<string, unknown> {
  if (!select) return value;
  const result: Record<string, unknown> = { '@odata.etag': value['@odata.etag'], id: value.id };
  // A derived type (an eventMessage among messages) keeps saying what it is.
  if (value['@odata.type'] !== undefined) result['@odata.type'] = value['@odata.type'];
  for (const name of select) if (name in value) result[name] = value[name];
  return result;
}

// --- $orderby ---

export interface OrderBy {
  field: 'receivedDateTime' | 'sentDateTime' | 'createdDateTime' | 'lastModifiedDateTime' | 'subject';
  descending: boolean;
}

const ORDERABLE = new Set<OrderBy['field']>([
  'receivedDateTime',
  'sentDateTime',
  'createdDateTime',
  'lastModifiedDateTime',
  'subject',
]);

export function parseOrderBy(raw: string | undefined): OrderBy | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const match = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(raw);
  const field = match?.[1] as OrderBy['field'] | undefined;
  if (!match || !field || !ORDERABLE.has(field)) {
    throw badRequest(`The $orderby expression '${raw}' is not supported.`, 'ErrorInvalidUrlQuery');
  }
  return { field, descending: match[2]?.toLowerCase() === 'desc' };
}

export function sortMessages(messages: StoredMessage[], order: OrderBy): StoredMessage[] {
  const sign = order.descending ? -1 : 1;
  return messages.sort((a, b) => {
    const x = a[order.field] ?? '';
    const y = b[order.field] ?? '';
    // Ties are broken by id so that $skip paging is stable across requests.
    if (x === y) return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return x < y ? -sign : sign;
  });
}

// --- $filter ---

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
type Literal = string | boolean | null;
export type MessagePredicate = (message: StoredMessage) => boolean;

/** Properties $filter understands, and how to read each from a stored message. */
const FILTERABLE: Record<
  string,
  { kind: 'boolean' | 'date' | 'string'; read: (m: StoredMessage) => Literal }
> = {
  isRead: { kind: 'boolean', read: (m) => m.isRead },
  isDraft: { kind: 'boolean', read: (m) => m.isDraft },
  hasAttachments: { kind: 'boolean', read: (m) => m.attachments.some((a) => !a.isInline) },
  receivedDateTime: { kind: 'date', read: (m) => m.receivedDateTime },
  sentDateTime: { kind: 'date', read: (m) => m.sentDateTime },
  lastModifiedDateTime: { kind: 'date', read: (m) => m.lastModifiedDateTime },
  'flag/flagStatus': { kind: 'string', read: (m) => m.flag.flagStatus },
  conversationId: { kind: 'string', read: (m) => m.conversationId },
  importance: { kind: 'string', read: (m) => m.importance },
  inferenceClassification: { kind: 'string', read: (m) => m.inferenceClassification },
  subject: { kind: 'string', read: (m) => m.subject },
  parentFolderId: { kind: 'string', read: (m) => m.parentFolderId },
  'from/emailAddress/address': { kind: 'string', read: (m) => m.from?.emailAddress.address ?? null },
};

const CLAUSE =
  /^\s*([A-Za-z]+(?:\/[A-Za-z]+)*)\s+(eq|ne|gt|ge|lt|le)\s+('(?:[^']|'')*'|true|false|null|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)?)\s*$/;

function invalidFilter(raw: string, why: string) {
  return badRequest(`Invalid filter clause '${raw}': ${why}`, 'ErrorInvalidUrlQueryFilter');
}

/** `$filter` of comparisons joined by `and` (what Tidings and most mail clients send). */
export function parseFilter(raw: string | undefined): MessagePredicate | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/[()]/.test(raw.replace(/'(?:[^']|'')*'/g, "''"))) {
    throw invalidFilter(raw, 'parentheses and functions are not supported by this emulator.');
  }
  // Split on `and` outside string literals.
  const parts: string[] = [];
  let current = '';
  for (const token of raw.split(/('(?:[^']|'')*')/)) {
    if (token.startsWith("'")) {
      current += token;
      continue;
    }
    if (/\sor\s/i.test(` ${token} `)) throw invalidFilter(raw, "'or' is not supported by this emulator.");
    const pieces = token.split(/\s+and\s+/i);
    current += pieces.shift() ?? '';
    for (const piece of pieces) {
      parts.push(current);
      current = piece;
    }
  }
  parts.push(current);
  const predicates = parts.map((part) => parseClause(raw, part));
  return (message) => predicates.every((p) => p(message));
}

function parseClause(raw: string, clause: string): MessagePredicate {
  const match = CLAUSE.exec(clause);
  const [, property = '', op = '', literalText = ''] = match ?? [];
  const field = FILTERABLE[property];
  if (!match || !field) throw invalidFilter(raw, `'${clause.trim()}' is not a supported comparison.`);
  let literal: Literal;
  if (literalText === 'true' || literalText === 'false') literal = literalText === 'true';
  else if (literalText === 'null') literal = null;
  else if (literalText.startsWith("'")) literal = literalText.slice(1, -1).replace(/''/g, "'");
  else literal = literalText;

  if (field.kind === 'boolean' && typeof literal !== 'boolean') {
    throw invalidFilter(raw, `${property} compares with true or false.`);
  }
  if (field.kind === 'date') {
    if (typeof literal !== 'string' || Number.isNaN(Date.parse(literal))) {
      throw invalidFilter(raw, `${property} compares with an ISO 8601 date and time.`);
    }
    const bound = Date.parse(literal);
    return (m) => {
      const value = field.read(m);
      return typeof value === 'string' && compare(Date.parse(value), bound, op as Comparison);
    };
  }
  if ((field.kind === 'boolean' || literal === null) && op !== 'eq' && op !== 'ne') {
    throw invalidFilter(raw, `${property} supports only eq and ne.`);
  }
  return (m) => {
    const value = field.read(m);
    if (typeof value === 'string' && typeof literal === 'string') {
      return compare(value.toLowerCase(), literal.toLowerCase(), op as Comparison);
    }
    return op === 'ne' ? value !== literal : value === literal;
  };
}

function compare<T extends number | string>(a: T, b: T, op: Comparison): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}

// --- $search ---

/*
 * `$search="…"`: the KQL Outlook understands for messages, as much of it as Tidings uses: terms joined by
 * spaces or AND (every one must match), each a word, a "phrase" (inner quotes escaped as \"), or a property
 * restriction: from:, to:, cc:, participants:, subject:, body:, hasAttachments:true|false, and received
 * compared with a date (received>=2026-11-01, received<2026-12-01). A bare word or phrase matches Graph's
 * default search properties, from, subject and body (and the preview, which is the body's start), not the
 * recipients. OR, NOT and parentheses are refused (400), not ignored.
 */
const KQL_TERM = /(?:([A-Za-z]+)(:|>=|<=|>|<|=))?(?:"([^"]*)"|([^\s"]+))/g;

const plain = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ');
const people = (list: { emailAddress: { name?: string; address?: string } }[]) =>
  list.map((r) => `${r.emailAddress.name ?? ''} ${r.emailAddress.address ?? ''}`).join('\n');

function kqlTerm(property: string | undefined, op: string, value: string): MessagePredicate {
  const needle = value.toLowerCase();
  const has = (text: string) => text.toLowerCase().includes(needle);
  if (property === undefined) {
    return (m) =>
      has(`${m.subject}\n${plain(m.body.content)}\n${m.bodyPreview}\n${people(m.from ? [m.from] : [])}`);
  }
  const name = property.toLowerCase();
  if (name === 'received') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw badRequest(`KQL: received needs a date like 2026-11-30, not "${value}".`, 'BadRequest');
    const day = value;
    const compare = (m: StoredMessage) => m.receivedDateTime.slice(0, 10);
    switch (op) {
      case '>=':
        return (m) => compare(m) >= day;
      case '>':
        return (m) => compare(m) > day;
      case '<':
        return (m) => compare(m) < day;
      case '<=':
        return (m) => compare(m) <= day;
      default:
        return (m) => compare(m) === day;
    }
  }
  if (op !== ':') throw badRequest(`KQL: ${property} takes ":", not "${op}".`, 'BadRequest');
  switch (name) {
    case 'from':
      return (m) => has(people(m.from ? [m.from] : []));
    case 'to':
      return (m) => has(people(m.toRecipients));
    case 'cc':
      return (m) => has(people(m.ccRecipients));
    case 'participants':
      return (m) => has(people([...(m.from ? [m.from] : []), ...m.toRecipients, ...m.ccRecipients]));
    case 'subject':
      return (m) => has(m.subject);
    case 'body':
      return (m) => has(plain(m.body.content));
    case 'hasattachments':
    case 'hasattachment': {
      const wanted = needle === 'true';
      if (needle !== 'true' && needle !== 'false')
        throw badRequest(`KQL: hasAttachments is true or false, not "${value}".`, 'BadRequest');
      return (m) => m.attachments.some((a) => !a.isInline) === wanted;
    }
    default:
      throw badRequest(`KQL: the property "${property}" is not supported by this emulator.`, 'BadRequest');
  }
}

export function parseSearch(raw: string | undefined): MessagePredicate | undefined {
  if (raw === undefined) return undefined;
  const match = /^\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(raw);
  if (!match) {
    throw badRequest(
      `Syntax error: the $search value must be a quoted string, like $search="budget".`,
      'BadRequest',
    );
  }
  // Inside the quoted value, a phrase's quotes come escaped (\"): unescaped, they delimit it.
  const inner = (match[1] ?? '').replace(/\\(.)/g, '$1');
  const terms: MessagePredicate[] = [];
  for (const term of inner.matchAll(KQL_TERM)) {
    const [, property, op = ':', quoted, bare] = term;
    const value = quoted ?? bare ?? '';
    if (property === undefined && quoted === undefined && /^(OR|NOT)$/.test(value))
      throw badRequest(
        `KQL: ${value} is not supported by this emulator; terms are joined by AND.`,
        'BadRequest',
      );
    if (property === undefined && quoted === undefined && (value === 'AND' || value === '')) continue;
    if (/[()]/.test(value) && quoted === undefined)
      throw badRequest('KQL: parentheses are not supported by this emulator.', 'BadRequest');
    terms.push(kqlTerm(property, op, value));
  }
  return (m) => terms.every((term) => term(m));
}

// --- Prefer ---

/** The preferences of a `Prefer` header (several may be given, comma-separated or repeated). */
export function preferences(req: Request): { bodyType?: 'html' | 'text'; maxPageSize?: number } {
  const header = req.headers.prefer;
  const all = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((p) => p.trim());
  const result: { bodyType?: 'html' | 'text'; maxPageSize?: number } = {};
  for (const pref of all) {
    const body = /^outlook\.body-content-type\s*=\s*"?(html|text)"?$/i.exec(pref);
    if (body?.[1]) result.bodyType = body[1].toLowerCase() as 'html' | 'text';
    const size = /^odata\.maxpagesize\s*=\s*(\d+)$/i.exec(pref);
    if (size?.[1]) result.maxPageSize = Number(size[1]);
  }
  return result;
}

// --- opaque tokens ---

export function encodeToken(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken(raw: string, name: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the 400 below.
  }
  throw badRequest(`The ${name} '${raw.slice(0, 40)}' is malformed or expired.`, 'ErrorInvalidUrlQuery');
}
