import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NextConfig } from 'next';
import { describe, expect, it } from 'vitest';
import { securityHeaders, sendsStrictTransportSecurity } from './static-headers';

const asRecord = (headers: { key: string; value: string }[]) =>
  Object.fromEntries(headers.map((h) => [h.key.toLowerCase(), h.value]));

describe('security headers on every response', () => {
  it('forbid sniffing, framing, referrers and powerful features', () => {
    const headers = asRecord(securityHeaders({ production: true, appUrl: 'http://localhost:3000' }));
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
      expect(headers['permissions-policy']).toContain(`${feature}=()`);
    }
  });

  it('include HSTS only for a production app at an https URL', () => {
    expect(sendsStrictTransportSecurity({ production: true, appUrl: 'https://mail.contoso.com' })).toBe(true);
    expect(sendsStrictTransportSecurity({ production: true, appUrl: 'http://localhost:3000' })).toBe(false);
    expect(sendsStrictTransportSecurity({ production: false, appUrl: 'https://mail.contoso.com' })).toBe(
      false,
    );
    expect(sendsStrictTransportSecurity({ production: true, appUrl: undefined })).toBe(false);
    const https = asRecord(securityHeaders({ production: true, appUrl: 'https://mail.contoso.com' }));
    expect(https['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });

  it('are what next.config.js sends: all of them everywhere, and a no-content policy on the API', async () => {
    // Imported by path: next.config.js is plain JavaScript, outside what TypeScript checks.
    const configUrl = pathToFileURL(path.resolve(__dirname, '../../next.config.js')).href;
    const { default: nextConfig } = (await import(configUrl)) as { default: NextConfig };
    const rules = (await nextConfig.headers?.()) ?? [];
    // Every path but an attachment preview's (the app's own viewer frames those): `/:path(<pattern>)`.
    const pattern = (source: string) => new RegExp(`^/(?:${source.slice('/:path('.length, -1)})$`);
    const everywhere = rules.find((r) => r.source.startsWith('/:path(') && !r.source.includes('api/.*'));
    expect(Object.keys(asRecord(everywhere?.headers ?? []))).toEqual(
      expect.arrayContaining([
        'x-content-type-options',
        'referrer-policy',
        'permissions-policy',
        'x-frame-options',
      ]),
    );
    const all = pattern(everywhere?.source ?? '');
    for (const covered of [
      '/',
      '/mail',
      '/api/messages/m1/attachments/a1',
      '/api/messages/m1/attachments/a1/preview/x',
    ])
      expect(all.test(covered), covered).toBe(true);
    expect(all.test('/api/messages/m1/attachments/a1/preview')).toBe(false);
    const preview = rules.find((r) => r.source === '/api/messages/:id/attachments/:attachmentId/preview');
    const previewHeaders = asRecord(preview?.headers ?? []);
    expect(previewHeaders['x-frame-options']).toBe('SAMEORIGIN');
    expect(previewHeaders['x-content-type-options']).toBe('nosniff');
    const api = rules.find((r) => r.source.includes('api/.*'));
    expect(asRecord(api?.headers ?? [])['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    );
    expect(pattern(api?.source ?? '').test('/api/messages')).toBe(true);
    expect(pattern(api?.source ?? '').test('/mail')).toBe(false);
  });
});
