import { type NextRequest, NextResponse } from 'next/server';
import { env } from '@/lib/env';
import {
  createNonce,
  pageContentSecurityPolicy,
  realtimeSocketSource,
} from '@/lib/security/content-security-policy';
import { STRICT_TRANSPORT_SECURITY, sendsStrictTransportSecurity } from '@/lib/security/static-headers';

/*
 * Runs before every page:
 * - passes the requested path (with its query) on to server components, so that a signed-out visit can be
 *   sent to sign-in and brought back afterwards (the session itself is checked where the page renders,
 *   lib/auth/session.ts);
 * - gives the page a fresh script nonce and its Content-Security-Policy. Next.js reads the nonce from the
 *   request's CSP header and puts it on its own scripts; app/layout.tsx reads x-nonce for ours.
 * The headers every response gets (nosniff, frame and referrer rules) come from next.config.js.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const csp = pageContentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === 'development',
    realtimeSource: realtimeSocketSource(env),
  });
  const headers = new Headers(request.headers);
  headers.set('x-tidings-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  // Decided here, at run time, as well as in next.config.js: a build made without the app's URL still
  // sends it on pages, which is where browsers first meet the site.
  if (sendsStrictTransportSecurity({ production: env.NODE_ENV === 'production', appUrl: env.NEXTAUTH_URL })) {
    response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  }
  return response;
}

export const config = {
  // Not for files that are not pages: the service worker in particular must not get a page's policy
  // (a worker is governed by the policy its own script is served with).
  matcher: ['/((?!api/|_next/|serwist/|favicon.ico|manifest.webmanifest|icon|apple-touch-icon).*)'],
};
