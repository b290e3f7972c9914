/*
 * Signature checks of the Pusher Channels protocol: channel authorization strings sent with
 * `pusher:subscribe`, and the query-string signature of REST calls (auth_version 1.0).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface PusherApp {
  id: string;
  key: string;
  secret: string;
}

/** Pusher refuses REST calls whose auth_timestamp is further than this from its clock. */
const MAX_CLOCK_SKEW_SECONDS = 600;

function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** Constant time, so that a caller cannot learn the expected signature byte by byte. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The `auth` of a private or presence subscription is `key:hex(HMAC(secret, "socket_id:channel"))`;
 * presence channels append `:channel_data` to the signed text.
 */
export function isValidChannelAuth(
  app: PusherApp,
  socketId: string,
  channel: string,
  auth: string | undefined,
  channelData?: string,
): boolean {
  if (auth === undefined) return false;
  const signed =
    channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return sameText(auth, `${app.key}:${hmacHex(app.secret, signed)}`);
}

export type RestAuthResult = { ok: true } | { ok: false; message: string };

/**
 * Checks a REST request as Pusher does: known auth_key, version 1.0, a fresh timestamp, body_md5 matching
 * the raw body, and auth_signature = HMAC of "METHOD\nPATH\n" + the other query params sorted by key.
 */
export function checkRestSignature(
  app: PusherApp,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
  nowSeconds: number = Date.now() / 1000,
): RestAuthResult {
  const fail = (message: string): RestAuthResult => ({ ok: false, message });
  if (query.get('auth_key') !== app.key) return fail('Unknown auth_key');
  if (query.get('auth_version') !== '1.0') return fail('auth_version must be 1.0');
  const timestamp = Number(query.get('auth_timestamp'));
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return fail('Timestamp expired: auth_timestamp must be within 600 seconds of the server time');
  }
  if (body.length > 0) {
    const md5 = createHash('md5').update(body, 'utf8').digest('hex');
    if (query.get('body_md5') !== md5) return fail('body_md5 does not match the request body');
  }
  const signature = query.get('auth_signature');
  if (signature === null) return fail('Missing auth_signature');
  const params = new Map<string, string>();
  for (const [key, value] of query) {
    const lower = key.toLowerCase();
    if (lower !== 'auth_signature' && !params.has(lower)) params.set(lower, value);
  }
  const sorted = [...params.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const expected = hmacHex(app.secret, `${method.toUpperCase()}\n${path}\n${sorted}`);
  return sameText(signature, expected) ? { ok: true } : fail('Invalid signature');
}
