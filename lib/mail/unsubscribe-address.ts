import { BlockList, isIP } from 'node:net';

/*
 * Which addresses the server may contact for a one-click unsubscribe: public internet addresses only. The
 * URL comes from a mail anyone can send, so it must not reach the server's own network (the app, its
 * database, a cloud metadata service at 169.254.169.254, a router) — server-side request forgery.
 *
 * Refused (IANA special-purpose registries): unspecified, loopback, private, carrier-grade NAT, link-local,
 * multicast, reserved and broadcast, benchmarking and IETF protocol ranges; in IPv6 also unique local,
 * site-local, discard, Teredo, and any IPv6 form that carries one of those IPv4 addresses (IPv4-mapped
 * ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d and 6to4 2002:AABB:CCDD::).
 * The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are left
 * alone: nothing routes them, and the tests use one as a public-looking address.
 */

interface Range {
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
  what: string;
}

const V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'an unspecified address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a reserved address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const V6: readonly [string, number, string][] = [
  ['::', 128, 'an unspecified address'],
  ['::1', 128, 'a loopback address'],
  ['100::', 64, 'a reserved address'],
  ['2001::', 32, 'a reserved address'],
  ['fc00::', 7, 'a private address'],
  ['fe80::', 10, 'a link-local address'],
  ['fec0::', 10, 'a private address'],
  ['ff00::', 8, 'a multicast address'],
];

/** The 32 bits of an IPv4 address as two IPv6 groups ("a9fe:a9fe" for 169.254.169.254). */
function v4AsGroups(address: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
  const hex = (n: number) => n.toString(16);
  return `${hex((a << 8) | b)}:${hex((c << 8) | d)}`;
}

// IPv6's own ranges first: ::1 is a loopback address before it is an IPv4-compatible 0.0.0.1.
const RANGES: Range[] = [
  ...V6.map(([network, prefix, what]): Range => ({ network, prefix, family: 'ipv6', what })),
  ...V4.flatMap(([network, prefix, what]): Range[] => [
    { network, prefix, family: 'ipv4', what },
    // The same IPv4 range inside the IPv6 forms that carry an IPv4 address.
    { network: `::ffff:${network}`, prefix: 96 + prefix, family: 'ipv6', what },
    { network: `::${network}`, prefix: 96 + prefix, family: 'ipv6', what },
    { network: `64:ff9b::${network}`, prefix: 96 + prefix, family: 'ipv6', what },
    { network: `2002:${v4AsGroups(network)}::`, prefix: 16 + prefix, family: 'ipv6', what },
  ]),
];

const LISTS = RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.network, range.prefix, range.family);
  return { list, range };
});

/**
 * Why the server must not contact this IP address ("a private address"), or null for a public one. Anything
 * that is not an IP address at all is refused too.
 */
export function refusedAddress(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 0) return 'not an IP address';
  const family = version === 4 ? 'ipv4' : 'ipv6';
  for (const { list, range } of LISTS) {
    if (range.family === family && list.check(bare, family)) return range.what;
  }
  return null;
}
