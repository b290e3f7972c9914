import 'server-only';
import { z } from 'zod';
import { env } from '../env';

export const GRAPH_SCOPES = [
  'User.Read',
  'Mail.ReadWrite',
  'Mail.Send',
  'MailboxSettings.ReadWrite',
  // Answering meeting invitations (accept, tentativelyAccept, decline) writes to the calendar.
  'Calendars.ReadWrite',
];
export const SIGN_IN_SCOPES = ['openid', 'profile', 'email', 'offline_access', ...GRAPH_SCOPES].join(' ');

/** Entra ID's (or the emulator's) discovery document for the configured tenant. */
export const wellKnownUrl = () =>
  `${env.AZURE_AD_AUTHORITY}/${encodeURIComponent(env.AZURE_AD_TENANT_ID)}/v2.0/.well-known/openid-configuration`;

/** The link an administrator follows to grant the app's permissions for the whole organisation. */
export function adminConsentUrl(redirectUri: string): string {
  const url = new URL(
    `${env.AZURE_AD_AUTHORITY}/${encodeURIComponent(env.AZURE_AD_TENANT_ID)}/v2.0/adminconsent`,
  );
  url.searchParams.set('client_id', env.AZURE_AD_CLIENT_ID);
  url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
  url.searchParams.set('redirect_uri', redirectUri);
  return url.toString();
}

const discoverySchema = z.object({ issuer: z.string(), token_endpoint: z.url(), jwks_uri: z.url() });
let discovery: Promise<z.infer<typeof discoverySchema>> | undefined;

export function discover(): Promise<z.infer<typeof discoverySchema>> {
  discovery ??= (async () => {
    const response = await fetch(wellKnownUrl(), { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`OpenID discovery failed with HTTP ${response.status}`);
    return discoverySchema.parse(await response.json());
  })().catch((error: unknown) => {
    discovery = undefined;
    throw error;
  });
  return discovery;
}
