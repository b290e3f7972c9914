/*
 * The test seam of one-click unsubscribe (UNSUBSCRIBE_TEST_RESOLVE and UNSUBSCRIBE_TEST_CONNECT, lib/env.ts):
 * a test can make "news.example.com" resolve to a public-looking address, and have a connection to that
 * checked address land on a local listener.
 *
 * Why it cannot weaken the check: the resolve override only replaces the DNS answer, and that answer goes
 * through the same check as a real one (a private address in it is refused). The connect override applies
 * after the decision, and only to an address that passed it: it maps 203.0.113.7, which the check saw and
 * allowed, to 127.0.0.1:PORT. A URL naming 127.0.0.1 itself, or a name resolving to it, is still refused
 * before any connection. Both are refused at start with NODE_ENV=production unless UNSUBSCRIBE_TEST_MODE=on
 * says the deployment is a test.
 */

/** Whether text is an IPv4 or IPv6 address (no node:net here: lib/env.ts, which reads this, runs everywhere). */
function isIpAddress(text: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(text)) return true;
  if (!text.includes(':') || !/^[0-9a-f:.]+$/i.test(text)) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** "news.example.com=203.0.113.7,mixed.example.com=203.0.113.8|10.0.0.5": a name's whole DNS answer. */
export function parseResolveOverrides(text: string | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entry of (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [host = '', addresses = ''] = entry.split('=', 2).map((s) => s.trim());
    const list = addresses
      .split('|')
      .map((a) => a.trim())
      .filter(Boolean);
    if (!/^[a-z0-9.-]+$/i.test(host) || list.length === 0 || list.some((a) => !isIpAddress(a))) {
      throw new Error(`"${entry}" is not host=address[|address…]`);
    }
    map.set(host.toLowerCase(), list);
  }
  return map;
}

export interface ConnectTarget {
  host: string;
  port: number;
}

/** "203.0.113.7=127.0.0.1:4730": where a connection to a checked address really goes. */
export function parseConnectOverrides(text: string | undefined): Map<string, ConnectTarget> {
  const map = new Map<string, ConnectTarget>();
  for (const entry of (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [from = '', to = ''] = entry.split('=', 2).map((s) => s.trim());
    const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(to);
    const host = match?.[1] ?? '';
    const port = Number(match?.[2]);
    if (!isIpAddress(from) || !isIpAddress(host) || !(port >= 1 && port <= 65535)) {
      throw new Error(`"${entry}" is not address=ip:port`);
    }
    map.set(from, { host, port });
  }
  return map;
}
