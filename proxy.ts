import { type NextRequest, NextResponse } from 'next/server';

/*
 * Runs before every page: passes the requested path (with its query) on to server components, so that a
 * signed-out visit can be sent to sign-in and brought back afterwards. The session itself is checked
 * against the database where the page renders (lib/auth/session.ts).
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-tidings-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|_next/|favicon.ico).*)'],
};
