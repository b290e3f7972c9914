// GET|POST /api/auth/* — next-auth: sign-in with Microsoft, callback, sign-out, session.

import { NextResponse } from 'next/server';
import NextAuth from 'next-auth';
import { consentRequiredRedirect } from '@/lib/auth/callback-errors';
import { authOptions } from '@/lib/auth/options';

const handler = NextAuth(authOptions);

type RouteContext = { params: Promise<{ nextauth: string[] }> };

export async function GET(request: Request, context: RouteContext) {
  const consent = consentRequiredRedirect(request);
  if (consent) return NextResponse.redirect(consent);
  return handler(request, context);
}

export { handler as POST };
