import type { StoredMessage } from '../store/types';
import { badRequest } from './errors';

/*
 * Single-value extended properties of messages (Graph's singleValueLegacyExtendedProperty): MAPI properties
 * Graph does not expose otherwise, named like "SystemTime 0x3FEF" (type and property tag). They are written
 * with a message's create or PATCH (`singleValueExtendedProperties: [{ id, value }]`) and read back only
 * through `$expand=singleValueExtendedProperties($filter=id eq '…')`. The emulator acts on one of them,
 * PidTagDeferredSendTime (deferred-send.ts); it keeps any other as given.
 */

/** Anything that may carry extended properties: a stored message, or one about to be sent. */
type Carrier = Pick<StoredMessage, 'singleValueExtendedProperties'>;

export interface ExtendedProperty {
  id: string;
  value: string;
}

/** PidTagDeferredSendTime: when a sent message should actually leave (UTC). */
export const DEFERRED_SEND_TIME = 'SystemTime 0x3FEF';

/** Ids compare as Exchange compares them: the type and tag case-insensitively, spaces collapsed. */
const sameId = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

const ID =
  /^(?:SystemTime|String|Integer|Boolean|Long|Double|Binary|Short|Float|Currency|CLSID)\s+(?:0x[0-9a-f]{1,4}|\{[0-9a-f-]{36}\}\s+(?:Name\s+\S.*|Id\s+0x[0-9a-f]{1,4}))$/i;

/** The properties a create or PATCH sets, merged into what the message had (same id: the new value wins). */
export function mergeProperties(
  current: readonly ExtendedProperty[] | undefined,
  input: readonly { id: string; value: string }[],
): ExtendedProperty[] {
  const merged = [...(current ?? [])];
  for (const property of input) {
    if (!ID.test(property.id.trim())) {
      throw badRequest(`'${property.id}' is not a valid extended property id.`, 'ErrorInvalidProperty');
    }
    if (sameId(property.id, DEFERRED_SEND_TIME) && Number.isNaN(Date.parse(property.value))) {
      throw badRequest(`'${property.value}' is not a valid SystemTime value.`, 'ErrorInvalidPropertyValue');
    }
    const at = merged.findIndex((p) => sameId(p.id, property.id));
    const stored = { id: property.id.trim(), value: property.value };
    if (at === -1) merged.push(stored);
    else merged[at] = stored;
  }
  return merged;
}

/** A property's value on a message, if it has it. */
export function propertyValue(message: Carrier, id: string): string | undefined {
  return message.singleValueExtendedProperties?.find((p) => sameId(p.id, id))?.value;
}

/** When the message is to be sent (PidTagDeferredSendTime), in milliseconds, if it has such a time. */
export function deferredSendTime(message: Carrier): number | undefined {
  const value = propertyValue(message, DEFERRED_SEND_TIME);
  const at = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/** Splits a `$expand` into its top-level items (commas inside parentheses stay). */
function topLevel(raw: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      items.push(raw.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(raw.slice(start).trim());
  return items.filter(Boolean);
}

const EXPAND = /^singleValueExtendedProperties\(\s*\$filter\s*=\s*id\s+eq\s+'([^']+)'\s*\)$/i;

/**
 * Takes `singleValueExtendedProperties($filter=id eq '…')` out of a `$expand` (the only form Graph allows
 * for it) and gives back the rest for the other expansions, and the property id asked for.
 */
export function splitExtendedExpand(raw: string | undefined): {
  rest: string | undefined;
  propertyId: string | null;
} {
  if (raw === undefined) return { rest: undefined, propertyId: null };
  let propertyId: string | null = null;
  const rest: string[] = [];
  for (const item of topLevel(raw)) {
    if (/^singleValueExtendedProperties\b/i.test(item)) {
      const match = EXPAND.exec(item);
      if (!match?.[1]) {
        throw badRequest(
          "singleValueExtendedProperties can be expanded only with $filter=id eq '<property id>'.",
          'ErrorInvalidUrlQuery',
        );
      }
      propertyId = match[1];
    } else rest.push(item);
  }
  return { rest: rest.length ? rest.join(',') : undefined, propertyId };
}

/** What the expansion adds to a message: the property when it has it (Graph leaves the key out otherwise). */
export function expandedProperties(message: StoredMessage, propertyId: string): Record<string, unknown> {
  const found = message.singleValueExtendedProperties?.find((p) => sameId(p.id, propertyId));
  if (!found) return {};
  const value = sameId(found.id, DEFERRED_SEND_TIME)
    ? new Date(Date.parse(found.value)).toISOString().replace(/\.\d{3}Z$/, 'Z')
    : found.value;
  return { singleValueExtendedProperties: [{ id: found.id, value }] };
}
