import 'server-only';
import { env } from '../env';

/**
 * Entra ID answers a sign-in the tenant has not consented to with `error=consent_required` and an
 * AADSTS65001 description on the callback. next-auth reduces every callback error to "OAuthCallback", so
 * this one is recognised first and sent to the sign-in page, which explains admin consent.
 */
export function consentRequiredRedirect(request: Request): URL | null {
  const url = new URL(request.url);
  if (!url.pathname.endsWith('/callback/azure-ad')) return null;
  const error = url.searchParams.get('error');
  const description = url.searchParams.get('error_description') ?? '';
  if (error !== 'consent_required' && !/AADSTS65001/.test(description)) return null;
  return new URL('/signin?error=consent_required', env.NEXTAUTH_URL ?? url.origin);
}
