/*
 * The security headers that do not change per request, shared by next.config.js (every response: pages,
 * API routes, downloads, static files) and proxy.ts. Plain JavaScript because next.config.js imports it;
 * static-headers.d.ts gives TypeScript its types.
 */

/** Nothing Tidings uses: camera, microphone, location, payment, sensors and the like are off everywhere. */
const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'browsing-topics',
  'camera',
  'display-capture',
  'encrypted-media',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** API answers are data, never documents: nothing loads or runs if one is opened as a page. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Two years, the value browsers' preload lists ask for. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/**
 * HSTS only for a production app that people open over https: sent from http://localhost it would make
 * the browser refuse plain http on localhost for every project for two years.
 * @param {{ production: boolean, appUrl: string | undefined }} options
 */
export function sendsStrictTransportSecurity({ production, appUrl }) {
  return production && typeof appUrl === 'string' && appUrl.trim().toLowerCase().startsWith('https://');
}

/**
 * Headers for every response.
 * @param {{ production: boolean, appUrl: string | undefined }} options
 * @returns {{ key: string, value: string }[]}
 */
export function securityHeaders(options) {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    // Links in mail open other sites: they must not learn which message or folder they were clicked in.
    { key: 'Referrer-Policy', value: 'no-referrer' },
    { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
    // frame-ancestors says the same to current browsers; this is for older ones.
    { key: 'X-Frame-Options', value: 'DENY' },
    ...(sendsStrictTransportSecurity(options)
      ? [{ key: 'Strict-Transport-Security', value: STRICT_TRANSPORT_SECURITY }]
      : []),
  ];
}
