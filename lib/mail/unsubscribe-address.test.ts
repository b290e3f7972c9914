import { describe, expect, it } from 'vitest';
import { refusedAddress } from './unsubscribe-address';

describe('addresses a one-click unsubscribe may reach', () => {
  it('allows public IPv4 and IPv6 addresses (and the documentation ranges tests use)', () => {
    for (const address of [
      '93.184.215.14',
      '8.8.8.8',
      '1.1.1.1',
      '203.0.113.7',
      '2606:4700:4700::1111',
      '[2a00:1450:4001:82b::200e]',
    ]) {
      expect(refusedAddress(address), address).toBeNull();
    }
  });

  it('refuses loopback, private, link-local, carrier-grade NAT, multicast, unspecified and reserved addresses', () => {
    const cases: [string, RegExp][] = [
      ['127.0.0.1', /loopback/],
      ['127.255.0.9', /loopback/],
      ['10.0.0.5', /private/],
      ['172.16.3.4', /private/],
      ['172.31.255.255', /private/],
      ['192.168.1.5', /private/],
      ['169.254.169.254', /link-local/],
      ['100.64.0.1', /carrier-grade NAT/],
      ['100.127.255.254', /carrier-grade NAT/],
      ['224.0.0.251', /multicast/],
      ['239.255.255.250', /multicast/],
      ['0.0.0.0', /unspecified/],
      ['255.255.255.255', /reserved/],
      ['198.18.0.1', /reserved/],
      ['::', /unspecified/],
      ['::1', /loopback/],
      ['[::1]', /loopback/],
      ['fe80::1', /link-local/],
      ['fe80::1%eth0', /link-local/],
      ['fd12:3456:789a::1', /private/],
      ['ff02::1', /multicast/],
    ];
    for (const [address, why] of cases) expect(refusedAddress(address), address).toMatch(why);
  });

  it('refuses the IPv6 forms that carry a refused IPv4 address', () => {
    const cases = [
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.5',
      '::ffff:a9fe:a9fe',
      '::127.0.0.1',
      '64:ff9b::10.0.0.5',
      '64:ff9b::c0a8:105',
      '2002:c0a8:0105::1',
      '2002:7f00:1::',
    ];
    for (const address of cases) expect(refusedAddress(address), address).not.toBeNull();
    // The same forms carrying a public address pass.
    expect(refusedAddress('::ffff:93.184.215.14')).toBeNull();
    expect(refusedAddress('64:ff9b::8.8.8.8')).toBeNull();
  });

  it('refuses anything that is not an IP address', () => {
    for (const text of ['localhost', 'news.example.com', '', '999.1.1.1', '1.2.3']) {
      expect(refusedAddress(text), text).toBe('not an IP address');
    }
  });
});
