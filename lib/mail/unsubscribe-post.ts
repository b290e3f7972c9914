import 'server-only';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { refusedAddress } from './unsubscribe-address';
import type { ConnectTarget } from './unsubscribe-overrides';

/*
 * The one-click unsubscribe request of RFC 8058, made by the server: one POST of
 * "List-Unsubscribe=One-Click" to the URL from the mail, and nothing else. The host must resolve only to
 * public addresses (unsubscribe-address.ts); the connection goes to the address that was checked (no
 * second DNS lookup that could answer differently); no redirect is followed; no cookies, credentials or
 * referrer are sent; the answer is read up to a small size and dropped; the whole exchange has a deadline.
 */

export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';
export const USER_AGENT = 'Tidings-Unsubscribe/1.0 (RFC 8058 one-click)';
const TIMEOUT_MS = 8_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export type Resolve = (host: string) => Promise<string[]>;

export interface OneClickOptions {
  /** The DNS answer for a name: every address (the system's resolver unless a test replaces it). */
  resolve?: Resolve;
  /** Where a connection to a checked address goes instead (tests only, see unsubscribe-overrides.ts). */
  connectTo?: (address: string) => ConnectTarget | undefined;
  timeoutMs?: number;
}

export type OneClickOutcome =
  | { ok: true; host: string; status: number; redirected: boolean }
  | { ok: false; host: string; reason: 'refused' | 'unreachable' | 'timeout' | 'rejected'; message: string };

const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const fail = (host: string, reason: Exclude<OneClickOutcome, { ok: true }>['reason'], message: string) =>
  ({ ok: false, host, reason, message }) as const;

/** Sends the one-click POST to `url`; never throws. */
export async function postOneClick(url: URL, options: OneClickOptions = {}): Promise<OneClickOutcome> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return fail(host, 'refused', 'The unsubscribe link is not a web address.');
  if (url.username || url.password)
    return fail(host, 'refused', 'The unsubscribe link carries a password, so Tidings won’t use it.');

  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? systemResolve)(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0)
      return fail(host, 'unreachable', `The list’s server ${host} couldn’t be found.`);
  }
  // Every address must be public: a name answering with one public and one private address could be
  // steered to the private one by whoever controls its DNS.
  for (const address of addresses) {
    const why = refusedAddress(address);
    if (why) {
      return fail(
        host,
        'refused',
        `Tidings didn’t contact ${host}: it points to ${why} (${address}), not to the public internet. Unsubscribe links may only lead to public websites.`,
      );
    }
  }
  const checked = addresses[0] as string;
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const target = options.connectTo?.(checked) ?? { host: checked, port: Number(url.port) || defaultPort };
  return send(url, host, target, options.timeoutMs ?? TIMEOUT_MS);
}

function send(url: URL, host: string, target: ConnectTarget, timeoutMs: number): Promise<OneClickOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (outcome: OneClickOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const request = (url.protocol === 'https:' ? https : http).request({
      method: 'POST',
      // The checked address itself: no name is looked up again on the way to it.
      host: target.host,
      port: target.port,
      path: `${url.pathname}${url.search}`,
      // TLS checks the certificate against the name in the link (not against the address).
      ...(url.protocol === 'https:' && isIP(host) === 0 ? { servername: host } : {}),
      // A connection of its own, never shared or kept: nothing carries over from or to other requests.
      agent: false,
      headers: {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(ONE_CLICK_BODY),
        'user-agent': USER_AGENT,
        accept: '*/*',
        connection: 'close',
      },
    });
    deadline = setTimeout(() => {
      request.destroy();
      finish(
        fail(
          host,
          'timeout',
          `The list’s server ${host} didn’t answer within ${Math.round(timeoutMs / 1000)} seconds.`,
        ),
      );
    }, timeoutMs);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      // Only the status matters; a little of the answer is read so the server sees it taken, then dropped.
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      const done = () => {
        if (status >= 200 && status < 400) finish({ ok: true, host, status, redirected: status >= 300 });
        else
          finish(
            fail(
              host,
              'rejected',
              `The list’s server ${host} refused the request (HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}).`,
            ),
          );
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const why = /certificate|self.signed|CERT|SSL|TLS/i.test(`${error.code} ${error.message}`)
        ? 'its secure connection could not be verified'
        : error.code === 'ECONNREFUSED'
          ? 'it refused the connection'
          : 'it could not be reached';
      finish(fail(host, 'unreachable', `The list’s server ${host} didn’t take the request: ${why}.`));
    });
    request.end(ONE_CLICK_BODY);
  });
}
